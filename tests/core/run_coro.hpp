#pragma once
// Runs one coroutine to completion on a fresh io_context and returns its result (test helper).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

template <class Factory>
auto run_coro(Factory&& make_awaitable) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::forward<Factory>(make_awaitable)(), boost::asio::use_future);
  io.run();
  return future.get();
}
