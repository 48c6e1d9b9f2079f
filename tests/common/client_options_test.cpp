// make_client: what every adapter's make() checks before any request, in one order.
#include "providers/common/client_options.hpp"

#include "tests/common/toolkit_test_support.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace polycloud;

namespace {

ProviderConfig config_with(std::string token, std::string endpoint) {
  ProviderConfig config;
  config.name = "edge";
  config.type = "katapult";
  config.source = "polycloud.json";
  config.endpoint = std::move(endpoint);
  if (!token.empty()) config.token = Secret(std::move(token));
  return config;
}

Result<std::unique_ptr<http::Client>> client_for(ProviderConfig const& config) {
  static boost::asio::io_context io;  // outlives every client; they are only built here, never run
  return providers::make_client(config, ProviderContext{io.get_executor(), {}}, providers::bearer_credentials(config));
}

}  // namespace

TEST_CASE("make_client builds a client from a token and an absolute endpoint") {
  auto client = client_for(config_with("a-long-enough-token", "http://127.0.0.1:9/core/v1"));
  REQUIRE(client);
  CHECK(*client != nullptr);
}

TEST_CASE("make_client without a token is a config error naming the file and provider") {
  auto client = client_for(config_with("", "not a url"));  // the credential is reported first
  REQUIRE_FALSE(client);
  CHECK(client.error().kind == ErrorKind::config);
  CHECK(client.error().provider == "edge");
  CHECK(client.error().message == "polycloud.json: providers.edge: no token: set \"token\", \"token_file\", \"token_command\" or \"oauth\"");
}

TEST_CASE("make_client with a relative endpoint is a config error that quotes it") {
  auto client = client_for(config_with("a-long-enough-token", "core/v1"));
  REQUIRE_FALSE(client);
  CHECK(client.error().kind == ErrorKind::config);
  CHECK(client.error().message.find("endpoint is not an absolute URL: \"core/v1\"") != std::string::npos);
  CHECK(client.error().message.find("a-long-enough-token") == std::string::npos);
}
