#include "http/retry.hpp"

#include "core/random_seed.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>

namespace polycloud::http {
using std::chrono::milliseconds;

bool is_retryable_status(int status) noexcept {
  switch (status) {
    case 408: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

bool says_unprocessed(int status, bool has_retry_after) noexcept {
  return status == 429 || (status == 503 && has_retry_after);
}

std::optional<std::time_t> parse_http_date(std::string_view value) {
  std::tm tm{};
  std::istringstream in{std::string{value}};
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail()) return std::nullopt;
  std::time_t const seconds = timegm(&tm);
  if (seconds == -1) return std::nullopt;
  return seconds;
}

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now,
                                              milliseconds cap) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;

  if (value.front() >= '0' && value.front() <= '9') {
    std::uint64_t seconds = 0;
    auto const [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (end != value.data() + value.size()) return std::nullopt;
    // An overflowing number is simply "longer than the cap".
    if (error == std::errc::result_out_of_range ||
        seconds > static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(cap).count())) {
      return cap;
    }
    if (error != std::errc{}) return std::nullopt;
    return std::min(milliseconds{std::chrono::seconds{seconds}}, cap);
  }

  auto const date = parse_http_date(value);
  if (!date) return std::nullopt;
  auto const cap_seconds = std::chrono::duration_cast<std::chrono::seconds>(cap).count();
  auto const wait = std::clamp<long long>(*date - std::chrono::system_clock::to_time_t(now), 0, cap_seconds);
  return std::min(milliseconds{std::chrono::seconds{wait}}, cap);
}

std::optional<std::chrono::seconds> advised_retry_after(std::string_view value,
                                                        std::chrono::system_clock::time_point now) {
  constexpr std::chrono::seconds one_day{24 * 60 * 60};
  auto const wait = parse_retry_after(value, now, one_day);
  if (!wait) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*wait);
}

Backoff::Backoff(RetryPolicy const& policy)
    : base_(policy.base_delay),
      cap_(policy.max_delay),
      random_(policy.jitter_seed != 0 ? policy.jitter_seed : random_seed()) {}

milliseconds Backoff::delay_before_retry(int retry_number) {
  // base * 2^(n-1), computed without overflow: stop doubling once past the cap.
  auto ceiling = base_;
  for (int i = 1; i < retry_number && ceiling < cap_; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap_);
  if (ceiling <= milliseconds{0}) return milliseconds{0};
  std::uniform_int_distribution<milliseconds::rep> uniform{0, ceiling.count()};
  return milliseconds{uniform(random_)};
}

bool RetryBudget::try_spend(int cost) noexcept {
  if (tokens_ < cost) return false;
  tokens_ -= cost;
  return true;
}

void RetryBudget::earn() noexcept { tokens_ = std::min(capacity_, tokens_ + 1); }

}  // namespace polycloud::http
