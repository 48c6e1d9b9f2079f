#pragma once
// The provider-neutral VM. A value type: copy it, compare it, print it.

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

/// Normalized lifecycle state. Every adapter maps each documented provider state explicitly;
/// the provider's own word is always kept in Instance::raw_state.
enum class State {
  pending,     ///< being built or allocated
  running,
  stopping,    ///< shutting down
  stopped,
  suspended,   ///< paused, suspended, shelved: not running but resumable without a boot
  rebooting,
  terminated,  ///< deleted or being deleted
  error,       ///< the provider reports a failure
  unknown,     ///< the provider's value is not in the adapter's table, or was not returned
};

std::string_view to_string(State state) noexcept;
/// `std::cout << state` writes to_string(state) ("running").
std::ostream& operator<<(std::ostream& out, State state);
/// Parses the names to_string produces; nullopt for anything else.
std::optional<State> parse_state(std::string_view text) noexcept;

struct Address {
  enum class Visibility { public_, private_ };
  std::string ip;  ///< textual IPv4 or IPv6 address, as the provider printed it
  Visibility visibility = Visibility::public_;
  int version = 4;  ///< 4 or 6
  friend bool operator==(Address const&, Address const&) = default;
};

struct Instance {
  std::string provider;       ///< configured provider name ("alg")
  std::string provider_type;  ///< adapter type ("openscaler")
  std::string id;             ///< provider id as a string (OpenScaler's integers become "8")
  std::string name;
  State state = State::unknown;
  std::string raw_state;      ///< provider's own state word, empty when the API did not return one
  std::string region;
  std::string zone;
  std::string size;           ///< size/flavor/package name
  std::optional<int> vcpus;
  std::optional<std::int64_t> memory_mib;
  std::optional<std::int64_t> disk_gb;
  std::string image;          ///< image/distro/template name
  std::vector<Address> addresses;
  std::optional<std::chrono::sys_seconds> created_at;  ///< UTC; empty when unknown
  std::map<std::string, std::string> tags;
  /// Provider-specific values an adapter maps beyond the neutral fields, as text
  /// (OpenScaler's "sequence_id", ByCloud's "fault"); documented per adapter in docs/providers.md.
  std::map<std::string, std::string> extras;
  /// The provider's original object, only when ListOptions::raw or GetOptions::raw asked for it.
  /// Exact for strings, booleans, nulls and integers within 64 bits (int64, or uint64 when larger);
  /// any other number (a decimal, an integer beyond 2^64-1) is a double, rounded to ~17 digits:
  /// Boost.JSON's DOM holds nothing wider. The mapped fields range-check what they read.
  boost::json::object raw;
  /// Set only on the result of a create with an idempotency key that found a VM already carrying the
  /// key and returned it instead of sending a second create (issue 19). Lists, gets and a create that
  /// built the VM leave it false.
  bool adopted = false;

  std::vector<std::string> public_ips() const;
  std::vector<std::string> private_ips() const;

  friend bool operator==(Instance const&, Instance const&) = default;
};

/// Neutral JSON form (the CLI's --output json keys): provider, type, id, name, state, raw_state,
/// region, zone, size, vcpus, memory_mb, disk_gb, image, public_ips, private_ips, created_at, tags.
/// Unknown values are null.
boost::json::object to_json(Instance const& instance);

/// RFC 3339 UTC ("2024-04-19T15:02:04Z").
std::string format_rfc3339(std::chrono::sys_seconds time);

}  // namespace polycloud
