#pragma once
// The transport's exchange (run_exchange, exchange.cpp) over bytes in memory instead of a socket, so
// the fuzzer (fuzz/fuzz_http_response.cpp) and the unit tests read a response with the very code
// that reads one from a server: 1xx skipping, limits, truncation, the content-type check, chunked
// and streamed bodies. Internal (connection.hpp includes Beast); run_exchange is instantiated for
// MemoryStream next to its socket instantiations in exchange.cpp.

#include "http/connection.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include <string_view>
#include <vector>

namespace polycloud::http {

/// An AsyncReadStream/AsyncWriteStream over a response cut into pieces: each read hands over the
/// rest of the current piece (as much as fits), so the pieces are the reads a socket would deliver;
/// after the last piece a read ends with eof, as when the server closes. Writes are swallowed.
/// Every operation completes through a post, never inside the initiating call, as a socket's does.
class MemoryStream {
 public:
  using executor_type = boost::asio::any_io_executor;

  MemoryStream(executor_type executor, std::vector<std::string_view> pieces)
      : executor_(std::move(executor)), pieces_(std::move(pieces)) {}

  executor_type get_executor() const noexcept { return executor_; }

  template <class MutableBuffers, class Token>
  auto async_read_some(MutableBuffers const& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, MutableBuffers const& into) {
          boost::system::error_code ec;
          std::size_t copied = 0;
          skip_empty_pieces();
          if (next_ == pieces_.size()) {
            ec = boost::asio::error::eof;
          } else {
            std::string_view const rest = pieces_[next_].substr(offset_);
            copied = boost::asio::buffer_copy(into, boost::asio::buffer(rest.data(), rest.size()));
            offset_ += copied;
          }
          boost::asio::post(executor_, boost::asio::append(std::move(handler), ec, copied));
        },
        token, buffers);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(ConstBuffers const& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, ConstBuffers const& from) {
          boost::asio::post(executor_, boost::asio::append(std::move(handler), boost::system::error_code{},
                                                           boost::asio::buffer_size(from)));
        },
        token, buffers);
  }

 private:
  void skip_empty_pieces() noexcept {
    while (next_ < pieces_.size() && offset_ == pieces_[next_].size()) {
      ++next_;
      offset_ = 0;
    }
  }

  executor_type executor_;
  std::vector<std::string_view> pieces_;
  std::size_t next_ = 0;    ///< the piece the next read starts in
  std::size_t offset_ = 0;  ///< how much of it earlier reads took
};

/// Runs one exchange (a GET written, then the response read from `pieces`) to its end on an
/// io_context of its own. With `on_chunk`, a 2xx body is streamed to it, as Client::stream_paced does.
ExchangeResult exchange_in_memory(std::vector<std::string_view> pieces, ExchangeLimits const& limits,
                                  ChunkHandler const* on_chunk);

}  // namespace polycloud::http
