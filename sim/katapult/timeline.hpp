#pragma once
// Time-dependent states (builds, tasks, power transitions) as pure functions of the clock: nothing runs
// in the background, a state is computed when a request asks for it. Shared by the Katapult and ByCloud
// simulators (a candidate for the simulator core).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace polycloud::sim {

using SimClock = std::function<std::chrono::system_clock::time_point()>;

/// Wall time as of this call, advanced from then on by the steady clock: a build, a task or a rate
/// window never jumps when NTP steps the system clock in the middle of a test (a fresh CI machine may
/// step it while the suite runs). Created timestamps still read as the real date.
inline SimClock system_clock_source() {
  auto const wall_start = std::chrono::system_clock::now();
  auto const steady_start = std::chrono::steady_clock::now();
  return [wall_start, steady_start] {
    return wall_start +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::steady_clock::now() - steady_start);
  };
}

inline std::int64_t unix_seconds(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

/// A clock moved by hand: tests (ours and users') see builds and tasks progress without sleeping.
/// Copies share the same time; safe to advance from a test thread while a server thread reads it.
class ManualClock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point start = std::chrono::system_clock::now())
      : ms_(std::make_shared<std::atomic<std::int64_t>>(
            std::chrono::duration_cast<std::chrono::milliseconds>(start.time_since_epoch()).count())) {}
  void advance(std::chrono::milliseconds by) const { *ms_ += by.count(); }
  std::chrono::system_clock::time_point now() const {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms_->load()));
  }
  SimClock source() const {
    return [ms = ms_] { return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms->load())); };
  }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> ms_;
};

/// A value that moves through phases: `phases[i].second` holds from `start + phases[i].first` on.
struct Timeline {
  std::chrono::system_clock::time_point start;
  std::vector<std::pair<std::chrono::milliseconds, std::string>> phases;  // ascending offsets, first at 0

  /// Three phases over `length`: `first` at once, `middle` after a third, `last` when `length` is over.
  static Timeline three_phases(std::chrono::system_clock::time_point start, std::chrono::milliseconds length,
                               std::string first, std::string middle, std::string last) {
    return {start, {{std::chrono::milliseconds(0), std::move(first)}, {length / 3, std::move(middle)},
                    {length, std::move(last)}}};
  }

  std::string const& at(std::chrono::system_clock::time_point now) const {
    std::size_t current = 0;
    for (std::size_t i = 0; i < phases.size(); ++i) {
      if (now - start >= phases[i].first) current = i;
    }
    return phases[current].second;
  }
  bool finished(std::chrono::system_clock::time_point now) const { return now - start >= phases.back().first; }
  /// 0–100, linear over the whole timeline.
  int percent(std::chrono::system_clock::time_point now) const {
    auto const total = phases.back().first.count();
    if (total <= 0 || finished(now)) return 100;
    auto const elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start).count();
    return static_cast<int>(std::max<std::int64_t>(0, elapsed) * 100 / total);
  }
  std::chrono::system_clock::time_point finish_time() const { return start + phases.back().first; }
};

}  // namespace polycloud::sim
