#pragma once
// A per-minute request budget in fixed windows aligned on the minute, as the providers document their
// limits ("N requests per minute"). Shared by the Katapult and ByCloud simulators (a candidate for the
// simulator core).
#include <chrono>
#include <cstdint>

namespace polycloud::sim {

class RateWindow {
 public:
  /// `per_minute` <= 0: unlimited.
  explicit RateWindow(int per_minute) : limit_(per_minute) {}

  struct Verdict {
    bool allowed = true;
    int limit = 0;
    int remaining = 0;
    std::int64_t reset_unix = 0;   // when the current window ends
    std::int64_t retry_after = 0;  // seconds until then, at least 1
  };

  bool limited() const noexcept { return limit_ > 0; }

  /// Counts one request at `now` and says whether it fits the current window.
  Verdict take(std::chrono::system_clock::time_point now) {
    auto const seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    std::int64_t const window = seconds / 60;
    if (window != window_) {
      window_ = window;
      used_ = 0;
    }
    Verdict verdict;
    verdict.limit = limit_;
    verdict.reset_unix = (window + 1) * 60;
    verdict.retry_after = verdict.reset_unix - seconds;
    if (!limited()) {
      verdict.remaining = 0;
      return verdict;
    }
    verdict.allowed = used_ < limit_;
    if (verdict.allowed) ++used_;
    verdict.remaining = limit_ - used_;
    return verdict;
  }

 private:
  int limit_;
  std::int64_t window_ = -1;
  int used_ = 0;
};

}  // namespace polycloud::sim
