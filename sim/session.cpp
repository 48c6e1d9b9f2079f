// The wire side of a simulator: reads requests with Beast, writes replies byte by byte so that faults
// (resets, truncation, dripping, cut event streams) can break them exactly where a test wants.
#include "sim/session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace polycloud::sim::detail {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

tcp::socket& raw_socket(tcp::socket& socket) { return socket; }
tcp::socket& raw_socket(TlsStream& stream) { return stream.next_layer(); }

/// The request target as a real server reads it. A valid origin-form is parsed as is; otherwise the
/// path and query are taken leniently, Boost.URL percent-encoding what RFC 3986 forbids there, as Rack
/// and most servers accept it: curl and many clients send Rails brackets raw (`?organization[id]=…`).
/// A target with a broken escape (`%zz`) or no leading '/' stays unparsed (an empty URL: no route).
boost::urls::url parse_target(std::string_view target) {
  if (auto strict = boost::urls::parse_origin_form(target)) return *strict;
  auto const query_at = target.find('?');
  auto const path = boost::urls::make_pct_string_view(target.substr(0, query_at));
  if (!path || !target.starts_with('/')) return {};
  boost::urls::url url;
  url.set_encoded_path(*path);
  if (query_at != std::string_view::npos) {
    auto const query = boost::urls::make_pct_string_view(target.substr(query_at + 1));
    if (!query) return {};
    url.set_encoded_query(*query);
  }
  return url;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(kNoThrow);
}

std::string serialize_head(int status, std::vector<std::pair<std::string, std::string>> const& headers) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " ";
  head += http::obsolete_reason(static_cast<http::status>(status));
  head += "\r\n";
  for (auto const& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  return head;
}

bool is(std::optional<Fault> const& fault, FaultKind kind) { return fault && fault->kind == kind; }

std::string format_event(SseEvent const& event) { return "event: " + event.event + "\ndata: " + event.data + "\n\n"; }

// A reply to a fault that replaces the API's answer entirely.
std::optional<Reply> replacement_reply(Fault const& fault, Api const& api) {
  switch (fault.kind) {
    case FaultKind::status: {
      auto reply = api.error(fault.status, fault.code, fault.message);
      if (fault.retry_after) reply.headers.emplace_back("Retry-After", *fault.retry_after);
      return reply;
    }
    case FaultKind::html_error: {
      Reply reply;
      reply.status = fault.status;
      reply.content_type = "text/html";
      reply.body = "<html><head><title>" + std::to_string(fault.status) + "</title></head><body><h1>" +
                   std::to_string(fault.status) + " Bad Gateway</h1><hr><center>nginx</center></body></html>\n";
      if (fault.retry_after) reply.headers.emplace_back("Retry-After", *fault.retry_after);
      return reply;
    }
    default:
      return std::nullopt;
  }
}

// The final event's data as the OpenScaler page warns it may be ("plain text, not JSON, but will contain
// the fields"): a Python-dict-like rendering that no JSON parser accepts.
std::string python_like(std::string text) {
  std::replace(text.begin(), text.end(), '"', '\'');
  for (auto [json_word, python_word] : {std::pair{": true", ": True"}, {": false", ": False"}, {": null", ": None"}}) {
    for (auto at = text.find(json_word); at != std::string::npos; at = text.find(json_word, at + 1)) {
      text.replace(at, std::strlen(json_word), python_word);
    }
  }
  return text;
}

// malformed_json: a JSON body cut mid-string, or in an event stream a final event that is not JSON.
void make_malformed(Reply& reply) {
  if (reply.event_stream && !reply.events.empty()) {
    reply.events.back().data = python_like(reply.events.back().data);
    return;
  }
  reply = Reply::json(200, R"({"data": [{"id": 8, "name": "cut-here)");
}

/// Counts a request as in progress (Stats::most_in_progress) until its answer is written, however
/// answer() returns.
class InProgress {
 public:
  InProgress(Stats& stats, SimRequest const& request) : stats_(stats), method_(request.method), path_(request.path()) {}
  ~InProgress() { stats_.answered(method_, path_); }
  InProgress(InProgress const&) = delete;
  InProgress& operator=(InProgress const&) = delete;

 private:
  Stats& stats_;
  std::string method_;
  std::string path_;
};

template <class Stream>
class Session {
 public:
  Session(Stream& stream, ServerState& state) : stream_(stream), state_(state) {}

  asio::awaitable<void> run() {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(64u << 20);
      auto [ec, bytes] = co_await http::async_read(stream_, buffer, parser, kNoThrow);
      if (ec) co_return;
      auto const& message = parser.get();
      bool const keep_alive = message.keep_alive();
      if (!co_await answer(to_sim_request(message)) || !keep_alive) {
        close();
        co_return;
      }
    }
  }

 private:
  static SimRequest to_sim_request(http::request<http::string_body> const& message) {
    SimRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.url = parse_target(request.target);
    for (auto const& field : message) request.headers.emplace_back(field.name_string(), field.value());
    request.body = message.body();
    return request;
  }

  void record(SimRequest const& request) {
    state_.stats.request(request.method, request.path());
    for (char const* name : {"Authorization", "X-Api-Key"}) {
      if (auto const value = request.header(name)) state_.stats.credential(state_.origin, std::string(*value));
    }
  }

  // Returns false when the connection must not be reused (a fault closed or reset it).
  asio::awaitable<bool> answer(SimRequest const& request) {
    if (auto control = handle_control(request, state_)) co_return co_await write_reply(*control, std::nullopt);
    record(request);
    InProgress const in_progress(state_.stats, request);
    auto const fault = state_.faults.take(request.method, request.path(), request.target);
    co_await sleep_for(state_.next_latency());
    if (is(fault, FaultKind::stall)) co_await sleep_for(fault->duration);
    if (is(fault, FaultKind::reset_before_response)) {
      reset();
      co_return false;
    }
    // Another client's identical request got in first: the API sees both, in this order, with nothing
    // between them, which no pair of real concurrent requests can promise a test.
    if (is(fault, FaultKind::raced)) (void)state_.api.handle(request);
    auto reply = fault ? replacement_reply(*fault, state_.api) : std::nullopt;
    if (!reply) reply = state_.api.handle(request);
    if (fault) {
      for (auto const& header : fault->headers) reply->headers.push_back(header);
      if (fault->kind == FaultKind::wrong_content_type) reply->content_type = fault->content_type;
      if (fault->kind == FaultKind::malformed_json) make_malformed(*reply);
    }
    co_return co_await write_reply(*reply, fault);
  }

  asio::awaitable<bool> write_reply(Reply& reply, std::optional<Fault> const& fault) {
    bool const streamed = reply.event_stream || reply.next_chunk;
    auto headers = std::move(reply.headers);
    headers.emplace_back("Server", "polycloud-sim");
    if (reply.event_stream) {
      headers.emplace_back("Content-Type", "text/event-stream");
      headers.emplace_back("Cache-Control", "no-cache");
    } else if (!reply.content_type.empty()) {
      headers.emplace_back("Content-Type", reply.content_type);
    }
    if (streamed) {
      headers.emplace_back("Transfer-Encoding", "chunked");
      if (!co_await write(serialize_head(reply.status, headers), fault)) co_return false;
      co_return co_await write_chunks(reply, fault);
    }
    bool const truncate = is(fault, FaultKind::truncated_body);
    std::size_t const announced = truncate ? reply.body.size() + 64 : reply.body.size();
    headers.emplace_back("Content-Length", std::to_string(announced));
    auto bytes = serialize_head(reply.status, headers);
    if (!fault) {
      // Head and body in one gather write: copying a 100 KB list page behind its head cost the server
      // thread a fresh buffer (and its page faults) per answer.
      std::array<asio::const_buffer, 2> const parts{asio::buffer(bytes), asio::buffer(reply.body)};
      auto [ec, n] = co_await asio::async_write(stream_, parts, kNoThrow);
      co_return !ec;
    }
    if (is(fault, FaultKind::reset_mid_body)) {
      bytes += reply.body.substr(0, reply.body.size() / 2);
      co_await write(bytes, fault);
      reset();
      co_return false;
    }
    bytes += reply.body;
    if (!co_await write(bytes, fault)) co_return false;
    co_return !truncate;  // a truncated reply is followed by a close
  }

  // The body of a streamed reply: SSE events `event_interval` apart, or generated pieces.
  asio::awaitable<bool> write_chunks(Reply& reply, std::optional<Fault> const& fault) {
    if (reply.event_stream && !reply.events.empty()) {
      if (is(fault, FaultKind::sse_cut)) reply.events.pop_back();
      if (is(fault, FaultKind::sse_final_error)) {
        reply.events.back() = {std::to_string(fault->status),
                               state_.api.error_body(fault->status, fault->code, fault->message)};
      }
    }
    std::size_t index = 0;
    std::string piece;
    auto next = [&]() -> bool {
      piece.clear();
      if (reply.next_chunk) return reply.next_chunk(piece);
      if (index == reply.events.size()) return false;
      piece = format_event(reply.events[index++]);
      return true;
    };
    bool first = true;
    while (next()) {
      if (reply.event_stream) co_await sleep_for(reply.event_interval);
      if (piece.empty()) continue;  // an empty chunk would end the body
      if (!co_await write_buffers(http::make_chunk(asio::buffer(piece)), fault)) co_return false;
      if (first && is(fault, FaultKind::reset_mid_body)) {
        reset();
        co_return false;
      }
      first = false;
    }
    // Without the last chunk the client sees the body end early.
    if (is(fault, FaultKind::sse_cut) || is(fault, FaultKind::truncated_body)) co_return false;
    co_return co_await write_buffers(http::make_chunk_last(), fault);
  }

  template <class Buffers>
  asio::awaitable<bool> write_buffers(Buffers const& buffers, std::optional<Fault> const& fault) {
    if (is(fault, FaultKind::drip)) {
      std::string flat(asio::buffer_size(buffers), '\0');
      asio::buffer_copy(asio::buffer(flat), buffers);
      co_return co_await write(flat, fault);
    }
    auto [ec, n] = co_await asio::async_write(stream_, buffers, kNoThrow);
    co_return !ec;
  }

  asio::awaitable<bool> write(std::string const& bytes, std::optional<Fault> const& fault) {
    if (!is(fault, FaultKind::drip)) {
      auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(bytes), kNoThrow);
      co_return !ec;
    }
    for (std::size_t offset = 0; offset < bytes.size(); offset += fault->drip_bytes) {
      auto const piece = asio::buffer(bytes.data() + offset, std::min(fault->drip_bytes, bytes.size() - offset));
      auto [ec, n] = co_await asio::async_write(stream_, piece, kNoThrow);
      if (ec) co_return false;
      co_await sleep_for(fault->duration);
    }
    co_return true;
  }

  // An abortive close: SO_LINGER 0 makes the kernel send RST instead of FIN.
  void reset() {
    boost::system::error_code ignored;
    auto& socket = raw_socket(stream_);
    socket.set_option(tcp::socket::linger(true, 0), ignored);
    socket.close(ignored);
  }

  // No TLS close_notify: clients treat a missing one after a complete message as harmless.
  void close() {
    boost::system::error_code ignored;
    auto& socket = raw_socket(stream_);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    socket.close(ignored);
  }

  Stream& stream_;
  ServerState& state_;
};

}  // namespace

asio::awaitable<void> serve_connection(tcp::socket socket, asio::ssl::context* tls, ServerState& state) {
  state.stats.connection_accepted();
  socket.set_option(tcp::no_delay(true));
  if (tls == nullptr) {
    co_await Session<tcp::socket>(socket, state).run();
    co_return;
  }
  TlsStream stream(std::move(socket), *tls);
  auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
  if (ec) co_return;
  state.stats.tls_handshake();
  co_await Session<TlsStream>(stream, state).run();
}

}  // namespace polycloud::sim::detail
