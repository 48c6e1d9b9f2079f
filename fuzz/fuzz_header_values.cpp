// The header value parsers and checks: Retry-After (seconds or HTTP-date), the rate limiter's
// X-RateLimit-Limit / -Remaining / -Reset, the CR/LF/NUL guard and the credential scrubber.
// No input may throw, overflow, exceed a cap, or leave a credential in scrubbed text.
#include "http/header_safety.hpp"
#include "http/rate_limiter.hpp"
#include "http/retry.hpp"
#include "http/scrub.hpp"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const value{reinterpret_cast<char const*>(data), size};
  std::chrono::milliseconds const cap{60'000};
  auto const now = std::chrono::system_clock::now();
  if (auto const wait = polycloud::http::parse_retry_after(value, now, cap)) {
    if (*wait < std::chrono::milliseconds{0} || *wait > cap) std::abort();
  }
  if (auto const advised = polycloud::http::advised_retry_after(value, now)) {
    if (*advised < std::chrono::seconds{0} || *advised > std::chrono::hours{24}) std::abort();
  }

  auto const third = value.size() / 3;
  auto const steady_now = polycloud::Clock::now();
  polycloud::http::RateLimiter paused{std::nullopt};
  paused.observe({.status = 429, .remaining = value.substr(0, third), .reset = value.substr(third)}, steady_now, now, cap);
  if (paused.reserve(steady_now) > cap) std::abort();
  polycloud::http::RateLimiter paced{std::nullopt};
  paced.observe({.status = 200,
                 .limit = value.substr(0, third),
                 .remaining = value.substr(third, third),
                 .reset = value.substr(2 * third)},
                steady_now, now, cap);
  for (int i = 0; i < 3; ++i) {
    if (paced.reserve(steady_now) > 2 * cap) std::abort();  // two paced slots at most one cap apart each
  }

  // A value the guard lets through has no CR, LF or NUL; scrubbing leaves no whole-token credential.
  polycloud::http::Header const header{"X-Fuzz", std::string{value}};
  bool const refused = !polycloud::http::unsafe_header_reason(header).empty();
  if (!refused && value.find_first_of(std::string_view{"\r\n\0", 3}) != std::string_view::npos) std::abort();
  polycloud::http::CredentialScrubber const scrubber{{{"Authorization", "Bearer s3cr3t-token"}}};
  std::string text{value};
  scrubber.scrub(text);
  if (text == "s3cr3t-token" || text == "Bearer s3cr3t-token") std::abort();
  return 0;
}
