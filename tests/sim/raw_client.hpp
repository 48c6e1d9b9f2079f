#pragma once
// A deliberately small blocking HTTP/1.1 client for the simulator tests: raw requests, no retries, no
// adapters — it sees exactly the bytes a simulator sends, faults included.
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace polycloud::sim::testing {

struct RawResponse {
  boost::system::error_code error;  // set when the exchange failed (reset, truncated, closed early)
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // what was received, even when `error` is set

  std::string header(std::string const& name) const;
};

class RawClient {
 public:
  /// `ca_pem` empty: plain HTTP. Otherwise TLS, trusting only that CA and checking the name `host`.
  RawClient(std::uint16_t port, std::string ca_pem = {}, std::string host = "127.0.0.1");
  ~RawClient();

  /// Sends on the open connection (opening one if needed); a failed exchange closes it.
  RawResponse request(std::string const& method, std::string const& target, std::string const& body = {},
                      std::vector<std::pair<std::string, std::string>> const& headers = {});
  /// Shorthand adding "Authorization: Bearer <token>".
  RawResponse authorized(std::string const& token, std::string const& method, std::string const& target,
                         std::string const& body = {});
  /// Connects and handshakes only; returns the handshake error, if any.
  boost::system::error_code connect();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace polycloud::sim::testing
