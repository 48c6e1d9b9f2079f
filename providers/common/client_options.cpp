#include "providers/common/client_options.hpp"

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
  options.trace = context.trace;
  options.dry_run = context.dry_run;
  return options;
}

}  // namespace polycloud::providers
