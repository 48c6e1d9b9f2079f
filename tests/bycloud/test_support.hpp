#pragma once
// Shared by the ByCloud tests: the seed page's example (copied under tests/fixtures/bycloud), a
// coroutine runner and a doctest printer that shows the Error when a Result check fails.

#include <polycloud/error.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

namespace polycloud::bycloud::test {

inline std::string read_fixture(std::string const& name) {
  std::ifstream file(std::string(POLYCLOUD_FIXTURES) + "/bycloud/" + name, std::ios::binary);
  if (!file) throw std::runtime_error("missing fixture " + name);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

/// Runs one coroutine to completion on a fresh io_context.
template <class Factory>
auto run_coro(Factory&& make_awaitable) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::forward<Factory>(make_awaitable)(), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace polycloud::bycloud::test

namespace doctest {
template <class T>
struct StringMaker<boost::system::result<T, polycloud::Error>> {
  static String convert(boost::system::result<T, polycloud::Error> const& result) {
    return result ? String("a value") : String(("error: " + result.error().to_string()).c_str());
  }
};
}  // namespace doctest
