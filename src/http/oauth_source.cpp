// OAuth 2 client credentials (RFC 6749 section 4.4). The token request goes through a Client of its own, so
// it has the transport's TLS verification, deadlines, retries and redacted trace; its credential
// (HTTP Basic of client_id:client_secret, section 2.3.1, which every server must accept) is sent to the token
// URL's origin only, as any credential is sent to its own origin only.
#include "http/credential_source.hpp"

#include "http/client.hpp"
#include "http/token_output.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <cctype>

namespace polycloud::http {
namespace asio = boost::asio;

namespace {

constexpr std::string_view operation = "credentials";

std::string form_encode(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

std::string basic_credentials(OAuthClient const& oauth) {
  // Section 2.3.1: each part form-encoded first, then "id:secret" in Base64.
  std::string const pair = form_encode(oauth.client_id) + ":" + form_encode(oauth.client_secret.reveal());
  std::string encoded(boost::beast::detail::base64::encoded_size(pair.size()), '\0');
  encoded.resize(boost::beast::detail::base64::encode(encoded.data(), pair.data(), pair.size()));
  return "Basic " + encoded;
}

/// The RFC 6749 error code of a refusal, when it looks like one (section 5.2 allows only %x20-21 / %x23-5B /
/// %x5D-7E; we show only lower-case words, so nothing a server echoes can carry the secret here).
std::string error_code_of(Response const& response) {
  boost::system::error_code ec;
  auto const body = boost::json::parse(response.body, ec);
  auto const* object = ec ? nullptr : body.if_object();
  auto const* code = object == nullptr ? nullptr : object->if_contains("error");
  if (code == nullptr || !code->is_string()) return {};
  std::string_view const text = code->get_string();
  bool const word = !text.empty() && text.size() <= 64 &&
                    std::all_of(text.begin(), text.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return word ? std::string(text) : std::string();
}

ErrorKind refusal_kind(int status) {
  if (status == 400 || status == 401) return ErrorKind::unauthenticated;  // invalid_client, invalid_grant…
  if (status == 403) return ErrorKind::permission_denied;
  if (status == 429) return ErrorKind::rate_limited;
  if (status >= 500) return ErrorKind::unavailable;
  return ErrorKind::protocol;
}

bool is_bearer(std::string_view type) {
  return std::equal(type.begin(), type.end(), std::string_view("bearer").begin(), std::string_view("bearer").end(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

class OAuthSource final : public CredentialSource {
 public:
  OAuthSource(std::string provider, OAuthClient oauth, std::unique_ptr<Client> client, WallClock now)
      : provider_(std::move(provider)), oauth_(std::move(oauth)), client_(std::move(client)), now_(std::move(now)) {
    if (!now_) now_ = [] { return std::chrono::system_clock::now(); };
  }

  asio::awaitable<Result<FetchedToken>> fetch(Clock::time_point deadline) override {
    Request request;
    request.method = Method::post;
    request.url = boost::urls::url{oauth_.token_url};
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = "grant_type=client_credentials";
    if (!oauth_.scope.empty()) request.body += "&scope=" + form_encode(oauth_.scope);
    request.idempotent = true;  // a second grant only issues a second token
    request.operation = std::string(operation);
    request.check_content_type = true;  // section 5.1: application/json
    CallOptions call;
    call.deadline = deadline;
    auto response = co_await client_->send(std::move(request), call);
    if (!response) {
      auto failure = response.error();
      failure.message = "OAuth token endpoint: " + failure.message;
      co_return failure;
    }
    if (!response->ok()) {
      auto const code = error_code_of(*response);
      auto failure = fail(refusal_kind(response->status),
                          "the OAuth token endpoint answered HTTP " + std::to_string(response->status) +
                              (code.empty() ? std::string() : " (" + code + ")") +
                              (response->status == 400 || response->status == 401 ? ": check client_id and client_secret" : ""));
      failure.http_status = response->status;
      failure.attempts = response->attempts;
      co_return failure;
    }
    auto body = parse_json_body(*response, provider_, std::string(operation));
    if (!body) co_return body.error();
    co_return read_answer(*body);
  }

  std::vector<std::string> own_secrets() const override { return {oauth_.client_secret.reveal()}; }

 private:
  /// Section 5.1: access_token (required), token_type (must be Bearer: the only type we can send),
  /// expires_in (recommended; without it the token is kept until a 401).
  Result<FetchedToken> read_answer(boost::json::value const& body) const {
    auto const* object = body.if_object();
    auto const* token = object == nullptr ? nullptr : object->if_contains("access_token");
    if (token == nullptr || !token->is_string())
      return fail(ErrorKind::protocol, "the OAuth token answer has no \"access_token\" string");
    if (auto ok = check_token(token->get_string()); !ok)
      return fail(ErrorKind::protocol, "the OAuth token answer holds " + ok.error().what);
    if (auto const* type = object->if_contains("token_type"); type != nullptr && !(type->is_string() && is_bearer(type->get_string())))
      return fail(ErrorKind::protocol, "the OAuth token answer's token_type is not Bearer");
    FetchedToken fetched{std::string(token->get_string()), std::nullopt};
    if (auto const* seconds = object->if_contains("expires_in")) {
      auto when = expiry_after(*seconds, now_());
      if (!when) return fail(ErrorKind::protocol, "the OAuth token answer holds " + when.error().what);
      fetched.expires_at = *when;
    }
    return fetched;
  }

  Error fail(ErrorKind kind, std::string message) const {
    return make_error(kind, std::move(message), provider_, std::string(operation));
  }

  std::string provider_;
  OAuthClient oauth_;
  std::unique_ptr<Client> client_;
  WallClock now_;
};

}  // namespace

Result<std::shared_ptr<CredentialSource>> oauth_source(asio::any_io_executor executor, OAuthClient oauth,
                                                       ClientOptions transport, WallClock now) {
  auto url = boost::urls::parse_absolute_uri(oauth.token_url);
  if (!url) {
    return make_error(ErrorKind::config, "oauth.token_url is not an absolute URL", transport.provider, "config");
  }
  std::string const provider = transport.provider;
  transport.origin = *url;
  transport.credential_headers = {{"Authorization", basic_credentials(oauth)}};
  transport.credential_source = nullptr;
  transport.dry_run = {};  // a dry run never fetches a token (Client::Impl::run)
  auto client = Client::create(std::move(executor), std::move(transport));
  if (!client) {
    auto failure = client.error();
    failure.message = "oauth.token_url: " + failure.message;
    return failure;
  }
  return std::shared_ptr<CredentialSource>(
      std::make_shared<OAuthSource>(provider, std::move(oauth), std::move(*client), std::move(now)));
}

}  // namespace polycloud::http
