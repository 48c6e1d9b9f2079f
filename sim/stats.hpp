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
  // origin ("https://127.0.0.1:PORT") → credential header value ("Bearer t", "key:secret") → count
  std::map<std::string, std::map<std::string, std::uint64_t>> credentials;

  std::uint64_t requests_for(std::string const& route) const {
    auto const it = requests.find(route);
    return it == requests.end() ? 0 : it->second;
  }
};

class Stats {
 public:
  void connection_accepted();
  void tls_handshake();
  void request(std::string const& method, std::string const& path);
  void credential(std::string const& origin, std::string const& value);
  void reset();
  StatsSnapshot snapshot() const;
  boost::json::value to_json() const;

 private:
  mutable std::mutex mutex_;
  StatsSnapshot data_;
};

}  // namespace polycloud::sim
