#include "sim/stats.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace polycloud::sim {

void Stats::connection_accepted() {
  std::lock_guard lock(mutex_);
  ++data_.connections_accepted;
}

void Stats::tls_handshake() {
  std::lock_guard lock(mutex_);
  ++data_.tls_handshakes;
}

void Stats::request(std::string const& method, std::string const& path) {
  std::lock_guard lock(mutex_);
  ++data_.requests_total;
  auto route = method + " " + path;
  ++data_.requests[route];
  auto& most = data_.most_in_progress[route];
  most = std::max(most, ++in_progress_[std::move(route)]);
}

void Stats::answered(std::string const& method, std::string const& path) {
  std::lock_guard lock(mutex_);
  if (auto const it = in_progress_.find(method + " " + path); it != in_progress_.end() && it->second > 0) --it->second;
}

void Stats::credential(std::string const& origin, std::string const& value) {
  std::lock_guard lock(mutex_);
  ++data_.credentials[origin][value];
}

void Stats::reset() {
  std::lock_guard lock(mutex_);
  data_ = {};
}

StatsSnapshot Stats::snapshot() const {
  std::lock_guard lock(mutex_);
  return data_;
}

boost::json::value Stats::to_json() const {
  auto const data = snapshot();
  boost::json::object requests;
  for (auto const& [route, count] : data.requests) requests[route] = count;
  boost::json::object most_in_progress;
  for (auto const& [route, count] : data.most_in_progress) most_in_progress[route] = count;
  boost::json::object credentials;
  for (auto const& [origin, values] : data.credentials) {
    boost::json::object seen;
    for (auto const& [value, count] : values) seen[value] = count;
    credentials[origin] = std::move(seen);
  }
  return boost::json::object{{"connections_accepted", data.connections_accepted},
                             {"tls_handshakes", data.tls_handshakes},
                             {"requests_total", data.requests_total},
                             {"requests", std::move(requests)},
                             {"most_in_progress", std::move(most_in_progress)},
                             {"credentials", std::move(credentials)}};
}

}  // namespace polycloud::sim
