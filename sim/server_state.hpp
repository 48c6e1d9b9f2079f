#pragma once
// Internal: what every connection of one simulator shares. Not part of the public API.
#include "sim/exchange.hpp"
#include "sim/faults.hpp"
#include "sim/stats.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace polycloud::sim::detail {

struct ServerState {
  Api& api;
  FaultQueue faults;
  Stats stats;
  std::string origin;  // "https://127.0.0.1:PORT": the key credentials are recorded under
  std::atomic<std::int64_t> latency_ms{0};
  std::atomic<std::int64_t> jitter_ms{0};
  std::mutex rng_mutex;
  std::mt19937_64 rng;

  ServerState(Api& a, std::uint64_t seed) : api(a), rng(seed) {}

  /// The delay to add before this request's answer: fixed + uniform(0, jitter).
  std::chrono::milliseconds next_latency();
};

/// Answers /__sim/… (faults, stats, latency); nullopt for any other path.
std::optional<Reply> handle_control(SimRequest const& request, ServerState& state);

}  // namespace polycloud::sim::detail
