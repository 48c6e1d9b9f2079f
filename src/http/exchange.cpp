// One request/response exchange on an open connection: a single write, then the response read
// header first (so the status decides between collecting and streaming the body).
#include "http/connection.hpp"
#include "http/io_deadline.hpp"
#include "http/io_error.hpp"
#include "http/media_type.hpp"
#include "http/memory_exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace polycloud::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// A streamed body's piece, not copied: Beast's parser hands the body bytes it finds in the connection's
/// read buffer to put(), which only points at them. They stay there until the next read on the
/// connection, and read_streamed_body hands them on before it reads again. (buffer_body copied every
/// byte of a list into a 64 KiB chunk first: a twentieth of a ByCloud listing's instructions.)
struct PieceBody {
  struct value_type {
    std::string_view piece;  ///< the bytes of the last read, until taken
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(beast_http::header<isRequest, Fields>&, value_type& body) : body_(body) {}
    void init(boost::optional<std::uint64_t> const&, boost::system::error_code& ec) { ec = {}; }
    template <class ConstBufferSequence>
    std::size_t put(ConstBufferSequence const& buffers, boost::system::error_code& ec) {
      ec = {};
      if (!body_.piece.empty()) {  // one piece per read: the last one is not taken yet
        ec = beast_http::error::need_buffer;
        return 0;
      }
      auto const first = *asio::buffer_sequence_begin(buffers);  // the rest, if any, comes in a later put()
      body_.piece = std::string_view(static_cast<char const*>(first.data()), first.size());
      return first.size();
    }
    void finish(boost::system::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

/// A connection's deadline as the exchange uses it; none for a stream in memory, which never stalls
/// (deadlines are tested against real sockets).
class Bound {
 public:
  explicit Bound(IoDeadline* deadline) : deadline_(deadline) {}
  Bound(Bound const&) = delete;
  Bound& operator=(Bound const&) = delete;
  ~Bound() {
    if (deadline_ != nullptr) deadline_->disarm();
  }

  void expire_at(Clock::time_point deadline) {
    if (deadline_ != nullptr) deadline_->expire_at(deadline);
  }
  /// Starts a socket operation: false once the deadline has passed.
  [[nodiscard]] bool begin() { return deadline_ == nullptr || deadline_->begin_operation(); }
  void end(boost::system::error_code& ec) {
    if (deadline_ != nullptr) deadline_->end_operation(ec);
  }

 private:
  IoDeadline* deadline_;
};

boost::system::error_code const deadline_passed = beast::error::timeout;

Headers copy_headers(beast_http::fields const& fields) {
  Headers headers;
  for (auto const& field : fields) headers.push_back({std::string{field.name_string()}, std::string{field.value()}});
  return headers;
}

/// A 2xx body under a media type the request did not ask for: a protocol error, the body unused.
Error unexpected_media(int status, std::string const& mismatch) {
  // The status is in Error::http_status, which Error::to_string prints: the message does not repeat it.
  auto error = make_error(ErrorKind::protocol, "the answer's body was not read: " + mismatch);
  error.http_status = status;
  return error;
}

/// Reads a streamed body chunk by chunk; each gap between chunks is bounded by the idle timeout.
/// `mismatch` non-empty: the body is refused before its first byte reaches the handler.
template <class Stream>
asio::awaitable<boost::system::error_code> read_streamed_body(Stream& stream, beast::flat_buffer& buffer,
                                                              beast_http::response_parser<PieceBody>& parser, Bound& bound,
                                                              ExchangeLimits const& limits, std::string const& mismatch,
                                                              ChunkHandler const& on_chunk, ExchangeResult& result) {
  auto& piece = parser.get().body().piece;
  while (!parser.is_done()) {
    bound.expire_at(std::min(Clock::now() + limits.stream_idle_timeout, limits.call_deadline));
    piece = {};
    if (!bound.begin()) co_return deadline_passed;
    // read_some, not read: hand over what has arrived instead of waiting for more
    auto [ec, ignored] = co_await beast_http::async_read_some(stream, buffer, parser, use_tuple);
    bound.end(ec);
    if (ec == beast_http::error::need_buffer) ec = {};
    if (ec) co_return ec;
    result.body_bytes += piece.size();
    if (piece.empty()) continue;
    if (!mismatch.empty()) {
      result.response = unexpected_media(parser.get().result_int(), mismatch);
      co_return boost::system::error_code{};
    }
    // The piece lies in `buffer`, untouched until the next read: it is handled before that read.
    if (auto handled = co_await on_chunk(piece); !handled) {
      result.response = handled.error();
      co_return boost::system::error_code{};
    }
  }
  co_return boost::system::error_code{};
}

}  // namespace

template <class Stream>
asio::awaitable<ExchangeResult> run_exchange(Stream& stream, beast::flat_buffer& buffer,
                                             std::string const& request_bytes, ExchangeLimits const& limits,
                                             ChunkHandler const* on_chunk, IoDeadline* deadline) {
  ExchangeResult result;
  Bound bound{deadline};  // disarmed when the exchange ends, however it ends
  IoErrorContext context{.during = "sending the request",
                         .max_body_bytes = limits.max_body_bytes,
                         .max_header_bytes = limits.max_header_bytes};
  // A handle on the caller's cancellation state: read after a failure to tell "cancelled" from errors.
  auto const cancellation = co_await asio::this_coro::cancellation_state;
  auto fail = [&](boost::system::error_code const& ec) {
    context.caller_cancelled = cancellation.cancelled() != asio::cancellation_type::none;
    result.response = io_error(ec, context);
    result.reusable = false;
    return std::move(result);
  };

  bound.expire_at(limits.attempt_deadline);
  if (!bound.begin()) co_return fail(deadline_passed);
  auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(request_bytes), use_tuple);
  bound.end(write_ec);
  if (write_ec) co_return fail(write_ec);

  context.during = "reading the response headers";
  bool const may_stream = on_chunk != nullptr;
  // An interim 1xx (100 Continue, 103 Early Hints) comes before the real response: skip it. A parser
  // reads one message, so each header block gets a fresh one; 101 (a protocol switch) is an answer.
  std::optional<beast_http::response_parser<beast_http::empty_body>> header_parser;
  for (;;) {
    header_parser.emplace();
    header_parser->header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    if (may_stream) {
      header_parser->body_limit(boost::none);
    } else {
      header_parser->body_limit(limits.max_body_bytes);
    }
    if (!bound.begin()) co_return fail(deadline_passed);
    auto [header_ec, header_bytes] = co_await beast_http::async_read_header(stream, buffer, *header_parser, use_tuple);
    bound.end(header_ec);
    result.response_started = result.response_started || header_parser->got_some();
    if (header_ec) co_return fail(header_ec);
    auto const status = header_parser->get().result_int();
    if (status < 100 || status >= 200 || status == 101) break;
  }

  Response response;
  response.status = static_cast<int>(header_parser->get().result_int());
  response.headers = copy_headers(header_parser->get().base());
  // A body cut from here on is still the answer of this status: the error keeps it (a pager tells a
  // cut 2xx page, which it may fetch again, from a request that never got an answer).
  auto fail_in_body = [&](boost::system::error_code const& ec) {
    auto failed = fail(ec);
    auto error = failed.response.error();
    error.http_status = response.status;
    failed.response = std::move(error);
    return failed;
  };
  std::string const mismatch = !limits.required_media.empty() && response.ok()
                                   ? content_type_mismatch(limits.required_media, response.header("Content-Type"))
                                   : std::string();

  context.during = "reading the response body";
  if (may_stream && response.ok()) {
    beast_http::response_parser<PieceBody> body_parser{std::move(*header_parser)};
    auto const ec = co_await read_streamed_body(stream, buffer, body_parser, bound, limits, mismatch, *on_chunk, result);
    if (ec) co_return fail_in_body(ec);
    if (!result.response) co_return std::move(result);  // the chunk handler said stop
    result.reusable = body_parser.is_done() && body_parser.keep_alive();
  } else {
    beast_http::response_parser<beast_http::string_body> body_parser{std::move(*header_parser)};
    body_parser.body_limit(limits.max_body_bytes);
    if (!bound.begin()) co_return fail_in_body(deadline_passed);
    auto [body_ec, body_bytes] = co_await beast_http::async_read(stream, buffer, body_parser, use_tuple);
    bound.end(body_ec);
    if (body_ec) co_return fail_in_body(body_ec);
    response.body = std::move(body_parser.get().body());
    result.body_bytes = response.body.size();
    result.reusable = body_parser.keep_alive();
    if (!mismatch.empty() && !response.body.empty()) {
      result.response = unexpected_media(response.status, mismatch);
      co_return std::move(result);
    }
  }
  result.response = std::move(response);
  co_return std::move(result);
}

template asio::awaitable<ExchangeResult> run_exchange(beast::tcp_stream&, beast::flat_buffer&, std::string const&,
                                                      ExchangeLimits const&, ChunkHandler const*, IoDeadline*);
template asio::awaitable<ExchangeResult> run_exchange(TlsStream&, beast::flat_buffer&, std::string const&,
                                                      ExchangeLimits const&, ChunkHandler const*, IoDeadline*);
// The fuzzer and the unit tests read responses from memory with this same code (memory_exchange.hpp).
template asio::awaitable<ExchangeResult> run_exchange(MemoryStream&, beast::flat_buffer&, std::string const&,
                                                      ExchangeLimits const&, ChunkHandler const*, IoDeadline*);

}  // namespace polycloud::http
