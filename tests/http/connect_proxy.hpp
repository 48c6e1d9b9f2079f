#pragma once
// A small HTTP CONNECT proxy for transport tests: listens on 127.0.0.1 (port 0), records every CONNECT
// request (line and headers: what a proxy sees outside the tunnel) and splices bytes both ways. It can
// instead answer with a status (407, 403, 502…) or say nothing at all. Runs on the test's io_context.

#include "script_server.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace polycloud::test {

class ConnectProxy {
 public:
  explicit ConnectProxy(boost::asio::io_context& io);
  ~ConnectProxy();

  /// Answer every CONNECT with `status` instead of tunnelling (e.g. 407 "Proxy Authentication Required").
  void refuse_with(int status, std::string reason);
  /// Read the CONNECT, then say nothing until the client goes away.
  void stall();
  /// A name only the proxy resolves ("provider.test" → "127.0.0.1"): the client must leave the
  /// origin's name to the proxy. Names not mapped are used as they are.
  void resolve(std::string name, std::string address);

  std::uint16_t port() const;
  /// "http://<userinfo@>127.0.0.1:<port>".
  std::string url(std::string const& userinfo = "") const;
  std::size_t connections_accepted() const;
  /// Every CONNECT request received, in order: method "CONNECT", target "host:port", headers.
  std::vector<RecordedRequest> const& connects() const;
  /// Every byte the proxy read outside a tunnel (the request heads), for "this never appears" checks.
  std::string const& seen_outside_tunnels() const;

  struct State;  ///< shared with the sessions, so they may outlive the proxy object

 private:
  std::shared_ptr<State> state_;
};

}  // namespace polycloud::test
