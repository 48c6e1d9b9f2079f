#pragma once
// Reading a fetched token: the token_command's JSON output and the checks every fetched token passes
// (token_command and OAuth alike) before it may become a header.
#include "http/credential_source.hpp"

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace polycloud::http {

/// What is wrong with an output, in words that never quote it (it may hold the token).
struct TokenProblem {
  std::string what;
};

/// The token_command's stdout: one JSON object {"token": "<token>"} with at most one of
/// "expires_at": "<RFC 3339 time>" or "expires_in": <seconds, a positive integer>. Other keys are
/// ignored (a helper may say more). `now` turns expires_in into a time.
boost::system::result<FetchedToken, TokenProblem> read_token_output(std::string_view output,
                                                                   std::chrono::system_clock::time_point now);

/// A token must be usable as a bearer header value: 8 to 16384 visible ASCII characters (RFC 6750's
/// b64token is narrower; we refuse only what would break the header or could not be scrubbed).
boost::system::result<void, TokenProblem> check_token(std::string_view token);

/// now + `seconds`, for an expires_in of 1 second to 10 years; a problem otherwise.
boost::system::result<std::chrono::system_clock::time_point, TokenProblem> expiry_after(
    boost::json::value const& seconds, std::chrono::system_clock::time_point now);

/// "YYYY-MM-DDTHH:MM:SS[.frac](Z|±hh:mm)" (RFC 3339); empty when it is not one.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace polycloud::http
