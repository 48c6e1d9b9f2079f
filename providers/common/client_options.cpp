#include "providers/common/client_options.hpp"

#include "providers/common/config_error.hpp"

#include "http/credential_source.hpp"

#include <boost/url/parse.hpp>

namespace polycloud::providers {

http::ClientOptions client_options(ProviderConfig const& config, ProviderContext const& context,
                                   boost::urls::url origin, http::Headers credential_headers) {
  http::ClientOptions options;
  options.provider = config.name;
  options.origin = std::move(origin);
  options.credential_headers = std::move(credential_headers);
  options.ca_file = config.ca_file;
  options.allow_insecure_http = config.allow_insecure_http;
  options.max_connections = config.max_connections;
  options.rate_limit_per_second = config.rate_limit_per_second;
  options.rate_limit_per_minute = config.rate_limit_per_minute;
  options.max_body_bytes = config.max_body_bytes;
  options.attempt_timeout = config.timeout;
  options.proxy = config.proxy;
  options.trace = context.trace;
  options.dry_run = context.dry_run;
  return options;
}

bool has_token_source(ProviderConfig const& config) noexcept {
  return config.token_command.has_value() || config.oauth.has_value();
}

Result<http::Headers> bearer_credentials(ProviderConfig const& config) {
  if (has_token_source(config)) return http::Headers{};
  if (config.token.empty()) {
    return config_error(config, "", "no token: set \"token\", \"token_file\", \"token_command\" or \"oauth\"");
  }
  return http::Headers{{"Authorization", "Bearer " + config.token.reveal()}};
}

Result<std::unique_ptr<http::Client>> make_client(ProviderConfig const& config, ProviderContext const& context,
                                                  Result<http::Headers> credential_headers, ErrorBodyDecoder decode) {
  if (!credential_headers) return credential_headers.error();
  auto endpoint = boost::urls::parse_absolute_uri(config.endpoint);
  if (!endpoint) return config_error(config, "", "endpoint is not an absolute URL: \"" + config.endpoint + "\"");
  auto options = client_options(config, context, *endpoint, std::move(*credential_headers));
  if (config.token_command) options.credential_source = http::token_command_source(config.name, *config.token_command);
  if (config.oauth) {
    // The token endpoint's client has the provider's trust, timeouts and trace, not its credential.
    auto source = http::oauth_source(context.executor, *config.oauth, client_options(config, context, *endpoint, {}));
    if (!source) return source.error();
    options.credential_source = std::move(*source);
  }
  if (decode != nullptr) {
    options.refuses_token = [decode](http::Response const& response) {
      return response.status == 401 || decode(response.status, response.body).kind == ErrorKind::unauthenticated;
    };
  }
  return http::Client::create(context.executor, std::move(options));
}

}  // namespace polycloud::providers
