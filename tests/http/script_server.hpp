#pragma once
// A scripted loopback HTTP/1.1 server for transport tests: plain Asio and raw bytes, so a test can
// split a CRLF, reset mid-body, stall, send any header, and count connections and requests.
// Runs on the test's io_context (single thread), next to the client under test.

#include "http/client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace polycloud::test {

struct RecordedRequest {
  std::string method;
  std::string target;
  http::Headers headers;
  std::string body;
  std::size_t connection = 0;  ///< 1-based index of the accepted connection it came on

  std::string_view header(std::string_view name) const { return http::find_header(headers, name); }
};

/// Parses "METHOD target HTTP/1.1\r\nName: value\r\n…\r\n\r\n" (the body is not part of it).
RecordedRequest parse_request_head(std::string_view head);

/// One thing the server does in reply to a request.
struct Step {
  enum class Kind { send, pause, close, reset, stall };
  Kind kind = Kind::send;
  std::string bytes;
  std::chrono::milliseconds delay{0};

  static Step send(std::string bytes) { return {Kind::send, std::move(bytes), {}}; }
  static Step pause(std::chrono::milliseconds delay) { return {Kind::pause, {}, delay}; }
  static Step close() { return {Kind::close, {}, {}}; }  ///< orderly FIN
  static Step reset() { return {Kind::reset, {}, {}}; }  ///< RST (SO_LINGER 0)
  static Step stall() { return {Kind::stall, {}, {}}; }  ///< say nothing until the client goes away
};
using Reply = std::vector<Step>;
/// Decides the reply to the `index`-th request (0-based, across all connections).
using Script = std::function<Reply(RecordedRequest const& request, std::size_t index)>;

/// Raw response bytes with Content-Length (and Content-Type when there is a body).
std::string raw_response(int status, std::string const& body = {}, http::Headers const& headers = {},
                         std::string const& content_type = "application/json");
/// The common case: one send of raw_response(...).
Reply respond(int status, std::string const& body = {}, http::Headers const& headers = {},
              std::string const& content_type = "application/json");

class ScriptServer {
 public:
  /// Listens on 127.0.0.1 on a free port; with `tls`, every connection does a TLS handshake first.
  ScriptServer(boost::asio::io_context& io, Script script, std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~ScriptServer();

  std::uint16_t port() const;
  /// "http://127.0.0.1:<port><path>" (https with TLS), or with another host name.
  std::string url(std::string const& path = "/", std::string const& host = "127.0.0.1") const;
  std::size_t connections_accepted() const;
  std::size_t peak_open_connections() const;
  std::size_t open_connections() const;  ///< accepted and not yet closed by either side
  std::vector<RecordedRequest> const& requests() const;

  struct State;  ///< shared with the sessions, so they may outlive the server object

 private:
  std::shared_ptr<State> state_;
};

}  // namespace polycloud::test
