#include "http/memory_exchange.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <stdexcept>

namespace polycloud::http {

ExchangeResult exchange_in_memory(std::vector<std::string_view> pieces, ExchangeLimits const& limits,
                                  ChunkHandler const* on_chunk) {
  static std::string const request = "GET / HTTP/1.1\r\nHost: memory\r\n\r\n";
  boost::asio::io_context io;
  MemoryStream stream{io.get_executor(), std::move(pieces)};
  boost::beast::flat_buffer buffer;
  buffer.reserve(64u << 10);  // as Connection's: Beast reads up to the free capacity
  std::optional<ExchangeResult> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, run_exchange(stream, buffer, request, limits, on_chunk),
                        [&](std::exception_ptr error, ExchangeResult value) {
                          failure = error;
                          if (!error) result = std::move(value);
                        });
  io.run();  // memory never waits: the run ends when the exchange does
  if (failure) std::rethrow_exception(failure);
  if (!result) throw std::logic_error("exchange_in_memory: a chunk handler waited on something that never came");
  return std::move(*result);
}

}  // namespace polycloud::http
