#pragma once
// The sandbox: every simulator at once on loopback, with a ready-to-use polycloud config, running on
// its own threads so a CLI (`polycloud sandbox`, `polycloud demo`) or a test can start it in-process.
#include "sim/server.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace polycloud::sim {

struct SandboxOptions {
  std::size_t instances = 24;  ///< generated instances per provider
  std::uint64_t seed = 1;
  std::chrono::milliseconds latency{0};         ///< added to every API answer
  std::chrono::milliseconds latency_jitter{0};  ///< plus uniform(0, jitter)
  bool tls = true;                              ///< false: plain HTTP on loopback
  /// Where ca.pem is written; empty: a fresh temp directory, removed by stop().
  std::string state_dir;
  /// Between OpenScaler create progress events (slow enough for a human to see a progress bar).
  std::chrono::milliseconds create_progress_interval{200};
  /// Fixed ports; 0 picks an ephemeral one.
  std::uint16_t openscaler_port = 0;
  std::uint16_t katapult_port = 0;
  std::uint16_t bycloud_port = 0;
  /// Images each catalog route lists besides the seeded ones (Katapult disk templates, ByCloud images):
  /// the 10,000-image benchmark's catalog.
  std::size_t extra_images = 0;
};

/// One configured provider of the sandbox: exactly what goes under "providers" in a config.
struct SandboxProvider {
  std::string name;      ///< config key ("alg", "alg-staging", "kat", "byc")
  std::string type;      ///< "openscaler", "katapult", "bycloud"
  std::string endpoint;  ///< "https://127.0.0.1:PORT" (+ "/core/v1" for Katapult)
  std::string token;
  std::string ca_file;            ///< empty in plain mode
  boost::json::object settings;   ///< provider keys: {"project_id":…} or {"organization":{"sub_domain":…}}
  Server* server = nullptr;       ///< the simulator behind it (faults, stats, latency)

  boost::json::object to_config() const;
};

class Sandbox {
 public:
  /// Starts the three simulators and the foreign-origin listener. Throws std::system_error when a fixed
  /// port is taken.
  static std::unique_ptr<Sandbox> start(SandboxOptions options = {});
  ~Sandbox();
  Sandbox(Sandbox const&) = delete;
  Sandbox& operator=(Sandbox const&) = delete;

  /// Stops every server and removes a temp state dir. Idempotent.
  void stop();

  /// {"providers": {"alg": {"type":"openscaler","endpoint":…,"token":…,"project_id":"default","ca_file":…}, …}},
  /// pretty-printed. `types` non-empty: only providers of those types (the adapters a CLI has registered).
  std::string config_json(std::vector<std::string> const& types = {}) const;

  std::vector<SandboxProvider> const& providers() const noexcept;
  /// The CA PEM path every TLS simulator of this sandbox is signed by; empty in plain mode.
  std::string const& ca_file() const noexcept;

  Server& openscaler() noexcept;
  Server& katapult() noexcept;
  Server& bycloud() noexcept;
  /// A listener on another port standing for a foreign host (credential-guard tests).
  Server& foreign_origin() noexcept;

 private:
  struct Impl;
  explicit Sandbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// JSON text indented by two spaces, for configs a human reads.
std::string pretty_json(boost::json::value const& value);

}  // namespace polycloud::sim
