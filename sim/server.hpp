#pragma once
// One simulated provider endpoint on a loopback port, plain HTTP or HTTPS, served by its own thread.
#include "sim/certificates.hpp"
#include "sim/exchange.hpp"
#include "sim/faults.hpp"
#include "sim/stats.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace polycloud::sim {

struct ServerOptions {
  bool tls = true;
  /// The PKI to serve; null: a fresh CA and a leaf for localhost/127.0.0.1/::1.
  std::shared_ptr<GeneratedCertificates const> certificates;
  /// Where the CA PEM is written for clients (`ca_file`); empty: a file in a fresh temp directory,
  /// removed again by stop().
  std::filesystem::path ca_file;
  std::uint16_t port = 0;  ///< 0: an ephemeral port
  std::chrono::milliseconds latency{0};         ///< added to every API answer
  std::chrono::milliseconds latency_jitter{0};  ///< plus uniform(0, jitter)
  std::uint64_t seed = 1;                       ///< for the jitter
};

class Server {
 public:
  /// Listens before returning, so port() is usable at once. Throws std::system_error when the port
  /// cannot be bound (a test setup failure, not an expected runtime condition).
  static std::unique_ptr<Server> start(std::shared_ptr<Api> api, ServerOptions options = {});
  ~Server();
  Server(Server const&) = delete;
  Server& operator=(Server const&) = delete;

  /// Closes every connection and joins the thread. Idempotent.
  void stop();

  std::uint16_t port() const noexcept;
  bool tls() const noexcept;
  /// "https://127.0.0.1:PORT" (or http://…): the endpoint to configure.
  std::string const& origin() const noexcept;
  /// The CA PEM file clients trust; empty for plain HTTP.
  std::string ca_file() const;
  std::string const& ca_pem() const noexcept;

  FaultQueue& faults() noexcept;  ///< thread-safe
  Stats& stats() noexcept;        ///< thread-safe
  void set_latency(std::chrono::milliseconds fixed, std::chrono::milliseconds jitter = {});
  /// The simulated API. Not synchronised: it runs on the server thread, so inspect it only while no
  /// request is in flight (or after stop()).
  Api& api() noexcept;
  /// The API's record of what it received (Api::received), read on the server's thread: safe from any
  /// thread while the server runs. The same as GET /__sim/received.
  boost::json::value received();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// A listener standing for "some other host": answers every request 200 {} and records the credentials
/// it receives, so tests can prove no token followed a link or redirect to it.
std::unique_ptr<Server> start_foreign_origin(ServerOptions options = {});

}  // namespace polycloud::sim
