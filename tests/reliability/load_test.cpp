// The load test (issue 12): many concurrent gets through one Fleet on an io_context run by two threads,
// against the OpenScaler simulator. Named "mt: " so the tsan preset runs it (scaled down under TSan).
#include "sim/sandbox.hpp"

#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <malloc.h>
#include <fstream>
#include <thread>

using namespace polycloud;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr int gets = 2'000;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr int gets = 2'000;
#else
constexpr int gets = 10'000;
#endif
#else
constexpr int gets = 10'000;
#endif

/// Bytes malloc has handed out and not had back (every glibc arena's chunks in use, plus mmapped ones).
std::size_t heap_in_use() {
  auto const info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

long resident_pages() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident;
}

}  // namespace

TEST_CASE("mt: concurrent gets through one fleet from two threads stay within the pool bound") {
  auto sandbox = sim::Sandbox::start();
  auto config = parse_config(sandbox->config_json({"openscaler"}), "(sandbox)").value();
  for (auto& provider : config.providers) provider.max_connections = 8;
  boost::asio::io_context io(2);
  auto fleet = Fleet::create(config, {io.get_executor(), {}});
  REQUIRE(fleet.has_value());

  std::atomic<int> succeeded{0};
  auto round = [&](int count) {
    succeeded = 0;
    for (int i = 0; i < count; ++i) {
      boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
        auto got = co_await fleet->get("alg", "8");
        if (got.has_value()) ++succeeded;
      }, boost::asio::detached);
    }
    io.restart();
    std::thread second([&] { io.run(); });
    io.run();
    second.join();
  };
  // The first round warms pools, TLS sessions and malloc's arenas (glibc keeps freed memory, so the
  // resident size after the first peak is the baseline); a second equal round must not grow it: a leak
  // of even one small object per get would.
  round(gets);
  auto const warm = sandbox->openscaler().stats().snapshot();
  CHECK(succeeded == gets);
  long const baseline = resident_pages();
  sandbox->openscaler().stats().reset();
  round(gets);
  CHECK(succeeded == gets);
  auto const stats = sandbox->openscaler().stats().snapshot();
  CHECK(stats.requests_for("GET /v1/vms/8") == static_cast<unsigned>(gets));
  CHECK(warm.connections_accepted + stats.connections_accepted <= 8);  // the pool bound, per origin
  long const after = resident_pages();
  MESSAGE("resident pages: baseline " << baseline << " after " << after << " connections "
                                      << warm.connections_accepted + stats.connections_accepted);
  // Resident size is shown, not asserted: glibc keeps freed pages mapped, so it is no leak measure.
  // The case below checks the heap in use instead.
}

// Memory between equal rounds. The resident size is the wrong measure of a leak: glibc keeps the pages
// of the first peak (10,000 coroutine frames at once) mapped for reuse, and the second round touches
// some it had not, so RSS grew ~22 % once and then stayed flat (52,091, 52,091, 52,196, 52,106 pages
// over rounds 2-5) while the bytes in use stayed at 2.86-2.88 MB. So: the heap in use must return to
// within 10 % of the warm baseline (a leak of one small object per get, 10,000 gets, would not), and
// a third round must not grow the resident size again. Under ASan glibc's figures are empty (its own
// allocator serves malloc): LeakSanitizer checks for leaks there instead.
TEST_CASE("mt: equal rounds of concurrent gets return the heap in use to within 10 percent") {
  auto sandbox = sim::Sandbox::start();
  auto config = parse_config(sandbox->config_json({"openscaler"}), "(sandbox)").value();
  boost::asio::io_context io(2);
  auto fleet = Fleet::create(config, {io.get_executor(), {}});
  REQUIRE(fleet.has_value());
  std::atomic<int> succeeded{0};
  auto round = [&] {
    succeeded = 0;
    for (int i = 0; i < gets; ++i) {
      boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
        if ((co_await fleet->get("alg", "8")).has_value()) ++succeeded;
      }, boost::asio::detached);
    }
    io.restart();
    std::thread second([&] { io.run(); });
    io.run();
    second.join();
    CHECK(succeeded == gets);
  };
  round();  // warms pools, TLS sessions and malloc's arenas
  auto const baseline = heap_in_use();
  round();
  auto const after = heap_in_use();
  long const resident_second = resident_pages();
  round();
  long const resident_third = resident_pages();
  MESSAGE("heap in use: baseline " << baseline << " bytes, after an equal round " << after
                                    << "; resident pages after rounds 2 and 3: " << resident_second << ", "
                                    << resident_third);
  if (baseline == 0) {
    MESSAGE("no glibc heap figures (a sanitizer's allocator serves malloc): leaks are LeakSanitizer's to find");
    return;
  }
  CHECK(after <= baseline + baseline / 10);
  CHECK(resident_third <= resident_second + resident_second / 10);
}
