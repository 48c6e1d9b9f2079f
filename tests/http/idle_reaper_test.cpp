// The process-wide idle reaper: a due ticket posts its sweep to the owner's executor, and a
// cancelled one lets go of the owner's executor and sweep at once, although the reaper's timer
// keeps the ticket itself until it is due.
#include "http/idle_reaper.hpp"

#include <doctest/doctest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <memory>

namespace asio = boost::asio;
using polycloud::http::schedule_sweep;

TEST_CASE("Idle reaper: a due ticket posts its sweep to the owner's executor") {
  // Destroying the io_context right after the sweep ran must be safe: the reaper thread may still be
  // returning from its post (this failed about 1 run in 10 under ASan/UBSan before the fix).
  asio::io_context io{1};
  auto const guard = asio::make_work_guard(io);
  bool swept = false;
  auto const ticket = schedule_sweep(asio::make_strand(io), polycloud::Clock::now(), [&] { swept = true; });
  io.run_one_for(std::chrono::seconds{30});  // returns as soon as the reaper thread posts the sweep
  CHECK(swept);
}

TEST_CASE("Idle reaper: a cancelled ticket releases the owner's sweep and executor at once") {
  // Regression: the ticket kept the owner's strand until the timer was due, so a strand of an
  // io_context already destroyed was destroyed later on the reaper's thread, writing into freed
  // memory (the sim's X509_STORE_free crash when several sandboxes ran in one process).
  auto owner = std::make_shared<int>(0);
  std::weak_ptr<int> const watched = owner;
  auto io = std::make_unique<asio::io_context>(1);
  auto const ticket = schedule_sweep(asio::make_strand(*io), polycloud::Clock::now() + std::chrono::hours{1},
                                     [owner = std::move(owner)] { ++*owner; });
  CHECK_FALSE(watched.expired());
  ticket->cancel();
  CHECK(watched.expired());
  io.reset();  // with the fix nothing of this io_context is left for the reaper to touch
}
