#pragma once
// Shared by the toolkit tests: a doctest printer that shows the Error when a Result check fails,
// and a runner for coroutines on a private io_context.

#include <polycloud/error.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

namespace doctest {
template <class T>
struct StringMaker<boost::system::result<T, polycloud::Error>> {
  static String convert(boost::system::result<T, polycloud::Error> const& result) {
    return result ? String("a value") : String(("error: " + result.error().to_string()).c_str());
  }
};
}  // namespace doctest

namespace polycloud::providers::test {

/// A file of tests/fixtures, whole.
inline std::string read_fixture(std::string const& name) {
  std::ifstream file(std::string(POLYCLOUD_FIXTURES) + "/" + name, std::ios::binary);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

/// Runs `io` until `make()`'s awaitable completes and returns its value (other work, e.g. a producer
/// waiting for its next batch to be taken, may still be pending).
template <class Make>
auto run(boost::asio::io_context& io, Make make) {
  auto future = boost::asio::co_spawn(io, make(), boost::asio::use_future);
  io.restart();
  while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    if (io.run_one() == 0) break;
  }
  return future.get();
}

}  // namespace polycloud::providers::test
