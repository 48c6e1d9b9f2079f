#pragma once
// Shared by the credential-source tests: a credential helper (tests/support/helper_script.hpp) and a
// wall clock the test moves instead of sleeping.
#include "http/credential_source.hpp"
#include "tests/support/helper_script.hpp"

#include <chrono>
#include <memory>

namespace polycloud::test {

/// A wall clock standing still until the test moves it.
struct ManualClock {
  std::shared_ptr<std::chrono::system_clock::time_point> now =
      std::make_shared<std::chrono::system_clock::time_point>(std::chrono::sys_days{std::chrono::year{2026} / 1 / 2});
  http::WallClock clock() const {
    return [now = now] { return *now; };
  }
  void advance(std::chrono::seconds by) const { *now += by; }
};

}  // namespace polycloud::test
