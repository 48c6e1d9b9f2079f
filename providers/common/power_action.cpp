#include "providers/common/power_action.hpp"

#include "providers/common/requests.hpp"

namespace polycloud::providers {

http::Request power_action_request(boost::urls::url url, CallSite const& site, std::string body) {
  auto request = request_for(http::Method::post, std::move(url), site, std::move(body));
  request.resend_if_unprocessed = true;
  return request;
}

bool accepted_before_failing(Error const& error) noexcept { return error.http_status >= 200 && error.http_status < 300; }

}  // namespace polycloud::providers
