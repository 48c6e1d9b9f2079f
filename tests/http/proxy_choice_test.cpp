// Which proxy a request uses: curl's variables, NO_PROXY matching and the proxy URL forms, without sockets.
#include "http/proxy.hpp"
#include "test_support.hpp"

using namespace polycloud;
using polycloud::test::env_of;
using http::NoProxy;
using http::ProxyChoice;

namespace {

http::Origin origin(std::string scheme, std::string host) {
  return {std::move(scheme), std::move(host), 443};
}

/// "http://host:port" of the proxy chosen for `target`, "direct", or "error: …".
std::string chosen(ProxyChoice const& choice, http::Origin const& target) {
  auto proxy = choice.for_origin(target);
  if (!proxy) return "error: " + proxy.error().message;
  return *proxy ? (*proxy)->to_string() : "direct";
}

}  // namespace

TEST_CASE("proxy choice: curl's variables - lower case first, ALL_PROXY as fallback, empty as unset") {
  auto choice = ProxyChoice::from(std::nullopt, env_of({{"https_proxy", "http://lower:1"},
                                                        {"HTTPS_PROXY", "http://upper:2"},
                                                        {"ALL_PROXY", "http://all:3"}}));
  REQUIRE(choice.has_value());
  CHECK(chosen(*choice, origin("https", "api.example.com")) == "http://lower:1");
  CHECK(chosen(*choice, origin("http", "api.example.com")) == "http://all:3");

  auto upper = ProxyChoice::from(std::nullopt, env_of({{"https_proxy", ""}, {"HTTPS_PROXY", "upper:8080"}}));
  CHECK(chosen(*upper, origin("https", "a.example")) == "http://upper:8080");  // scheme-less: http assumed

  // http_proxy only in lower case: HTTP_PROXY may come from a request's Proxy: header under CGI (httpoxy).
  auto http_only = ProxyChoice::from(std::nullopt, env_of({{"HTTP_PROXY", "http://evil:1"}}));
  CHECK(chosen(*http_only, origin("http", "a.example")) == "direct");
  auto http_lower = ProxyChoice::from(std::nullopt, env_of({{"http_proxy", "http://p"}}));
  CHECK(chosen(*http_lower, origin("http", "a.example")) == "http://p:1080");  // curl's default port
  CHECK(chosen(*http_lower, origin("https", "a.example")) == "direct");
  CHECK(chosen(*ProxyChoice::from(std::nullopt, env_of({})), origin("https", "a.example")) == "direct");
}

TEST_CASE("proxy choice: a configured proxy overrides every variable - none and the empty string turn proxies off") {
  auto const env = env_of({{"HTTPS_PROXY", "http://env:1"}, {"NO_PROXY", "*"}});
  auto configured = ProxyChoice::from(std::string("http://configured:3128"), env);
  CHECK(chosen(*configured, origin("https", "a.example")) == "http://configured:3128");
  CHECK(chosen(*configured, origin("http", "a.example")) == "http://configured:3128");
  CHECK(chosen(*ProxyChoice::from(std::string("none"), env), origin("https", "a.example")) == "direct");
  CHECK(chosen(*ProxyChoice::from(std::string(""), env), origin("https", "a.example")) == "direct");
  auto bad = ProxyChoice::from(std::string("https://configured:3128"), env);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.starts_with("proxy: proxy scheme 'https' is not supported"));
}

TEST_CASE("proxy choice: a malformed variable is reported when it applies - naming it, not its value") {
  auto choice = ProxyChoice::from(std::nullopt, env_of({{"https_proxy", "http://u:s3cret@host:0"}}));
  REQUIRE(choice.has_value());
  auto const error = chosen(*choice, origin("https", "a.example"));
  CHECK(error == "error: https_proxy: a proxy port must be 1 to 65535");
  CHECK(chosen(*choice, origin("http", "a.example")) == "direct");
}

TEST_CASE("proxy choice: a proxy's userinfo is decoded into Proxy-Authorization and listed as a secret") {
  auto choice = ProxyChoice::from(std::string("http://alice:p%40ss@proxy:3128/"), env_of({}));
  REQUIRE(choice.has_value());
  auto proxy = choice->for_origin(origin("https", "a.example"));
  REQUIRE(proxy.has_value());
  REQUIRE(proxy->has_value());
  CHECK((*proxy)->url.user == "alice");
  CHECK((*proxy)->url.password == "p@ss");
  CHECK((*proxy)->authorization == "Basic YWxpY2U6cEBzcw==");
  CHECK((*proxy)->to_string() == "http://proxy:3128");  // never the userinfo
  auto const secrets = choice->secrets();
  CHECK(http::find_header(secrets, "Proxy-Authorization") == "Basic YWxpY2U6cEBzcw==");
}

TEST_CASE("proxy URL: the forms curl reads, and what is refused") {
  CHECK(parse_proxy_url("http://[::1]:3128")->host == "::1");
  CHECK(parse_proxy_url("HTTP://Proxy.Corp")->host == "proxy.corp");
  CHECK(parse_proxy_url("proxy.corp:3128")->port == 3128);
  for (char const* refused : {"socks5://p:1080", "https://p:443", "http://p:65536", "http://p:0", "http://p:",
                              "http://p:3128/path", "http://p:3128/?q", "http://:3128", "http://p:3128#f"}) {
    INFO(refused);
    CHECK_FALSE(parse_proxy_url(refused).has_value());
  }
}

TEST_CASE("NO_PROXY: star, names with their subdomains, addresses and ranges - ports ignored") {
  CHECK(NoProxy{"*"}.matches("anything.example"));
  NoProxy const list{"example.com, .corp.internal,*.wild.test  10.0.0.0/8,192.168.1.7:8080,[::1]:443,fd00::/8,Host.Upper."};
  CHECK(list.matches("example.com"));
  CHECK(list.matches("api.example.com"));
  CHECK(list.matches("api.example.com."));
  CHECK_FALSE(list.matches("notexample.com"));
  CHECK_FALSE(list.matches("example.com.evil"));
  CHECK(list.matches("corp.internal"));  // a leading dot matches the name itself too (curl 7.86+)
  CHECK(list.matches("x.corp.internal"));
  CHECK(list.matches("a.wild.test"));
  CHECK(list.matches("host.upper"));
  CHECK(list.matches("10.1.2.3"));
  CHECK_FALSE(list.matches("11.1.2.3"));
  CHECK(list.matches("192.168.1.7"));
  CHECK(list.matches("::1"));
  CHECK(list.matches("fd00::5"));
  CHECK_FALSE(list.matches("fe80::1"));
  // Nothing is exempt unless listed, loopback included, as with curl.
  CHECK_FALSE(list.matches("127.0.0.1"));
  CHECK_FALSE(list.matches("localhost"));
  CHECK_FALSE(NoProxy{""}.matches("example.com"));
  CHECK_FALSE(NoProxy{"*.example.com"}.matches("10.0.0.1"));
}
