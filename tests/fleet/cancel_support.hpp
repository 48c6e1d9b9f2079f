#pragma once
// Runs one coroutine on a fresh io_context and cancels it (terminal) once it first suspends: the
// cancellation is posted behind the coroutine's start, so nothing depends on timing.
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

template <class Factory>
auto run_and_cancel(Factory&& make_awaitable) {
  boost::asio::io_context io;
  boost::asio::cancellation_signal cancel;
  auto future = boost::asio::co_spawn(io, std::forward<Factory>(make_awaitable)(),
                                      boost::asio::bind_cancellation_slot(cancel.slot(), boost::asio::use_future));
  boost::asio::post(io, [&cancel] { cancel.emit(boost::asio::cancellation_type::terminal); });
  io.run();
  return future.get();
}
