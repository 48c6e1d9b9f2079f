#pragma once
// What a simulator saw: lets tests prove connection reuse, retries, and that no credential reached a
// foreign origin. Thread-safe (written by the server thread, read by tests).
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace polycloud::sim {

struct StatsSnapshot {
  std::uint64_t connections_accepted = 0;
  std::uint64_t tls_handshakes = 0;
  std::uint64_t requests_total = 0;
  std::map<std::string, std::uint64_t> requests;  // "GET /v1/vms" (path without query) → count
  // route → the most requests of it in progress at once (received, answer not yet written): shows a
  // client's concurrency without timing it.
  std::map<std::string, std::uint64_t> most_in_progress;
  // origin ("https://127.0.0.1:PORT") → credential header value ("Bearer t", "key:secret") → count
  std::map<std::string, std::map<std::string, std::uint64_t>> credentials;

  std::uint64_t requests_for(std::string const& route) const {
    auto const it = requests.find(route);
    return it == requests.end() ? 0 : it->second;
  }
  std::uint64_t most_in_progress_for(std::string const& route) const {
    auto const it = most_in_progress.find(route);
    return it == most_in_progress.end() ? 0 : it->second;
  }
};

class Stats {
 public:
  void connection_accepted();
  void tls_handshake();
  /// A request received: counted, and in progress until answered() is called for it.
  void request(std::string const& method, std::string const& path);
  void answered(std::string const& method, std::string const& path);
  void credential(std::string const& origin, std::string const& value);
  void reset();
  StatsSnapshot snapshot() const;
  boost::json::value to_json() const;

 private:
  mutable std::mutex mutex_;
  StatsSnapshot data_;
  std::map<std::string, std::uint64_t> in_progress_;  // not cleared by reset(): those requests still end
};

}  // namespace polycloud::sim
