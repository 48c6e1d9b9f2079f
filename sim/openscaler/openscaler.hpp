#pragma once
// OpenScaler API simulator, written from the seed pages (seeds/000–002) and api-facts.md.
#include "sim/exchange.hpp"

#include <boost/json/object.hpp>

#include <array>

#include <chrono>
#include <cstdint>
#include <array>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace polycloud::sim {

struct OpenScalerOptions {
  std::size_t instances = 24;  ///< generated VMs, spread round-robin over `projects`
  std::uint64_t seed = 1;
  std::vector<std::string> projects{"default", "staging"};
  bool include_example = true;  ///< the seed page's VM 8 "my-example-computer", verbatim, in "default"
  std::string token = "openscaler-sim-token";
  std::chrono::milliseconds create_progress_interval{20};
  int create_progress_events = 3;
};

/// States the simulator cycles through: the two printed on the seed page and the libvirt domain states
/// api-facts.md infers.
inline constexpr std::array<char const*, 8> kOpenScalerStates{"running",  "paused",  "blocked",     "shutdown",
                                                              "shutoff",  "crashed", "pmsuspended", "nostate"};

class OpenScalerApi final : public Api {
 public:
  explicit OpenScalerApi(OpenScalerOptions options);
  std::string_view provider() const noexcept override { return "openscaler"; }
  /// {"creates": [{name, ssh_keys, cloud_init_user_data}…]}: what each accepted create carried.
  boost::json::value received() const override { return boost::json::object{{"creates", received_creates_}}; }
  Reply handle(SimRequest const& request) override;
  std::string error_body(int status, std::string_view code, std::string_view message) const override;
  OpenScalerOptions const& options() const noexcept { return options_; }

  /// The id the index-th generated VM gets (ids of the generated VMs are 1000, 1001, …).
  static std::int64_t generated_id(std::size_t index) noexcept { return 1000 + static_cast<std::int64_t>(index); }

 private:
  std::optional<boost::json::object> find(std::int64_t id) const;
  /// The VM as served: the seed page's bytes for the untouched example, else serialized.
  std::string serialize_vm(std::int64_t id, boost::json::object const& vm) const;
  std::vector<std::string> created_in(std::string const& project) const;
  void change(std::int64_t id, boost::json::object vm);

  Reply list(SimRequest const& request);
  Reply get(std::int64_t id, SimRequest const& request) const;
  Reply create(SimRequest const& request);
  Reply action(std::int64_t id, SimRequest const& request);
  Reply remove(std::int64_t id);

  OpenScalerOptions options_;
  boost::json::object example_;
  std::map<std::int64_t, boost::json::object> changed_;  // created or modified VMs, by id
  std::set<std::int64_t> deleted_;
  std::int64_t next_id_;
  boost::json::array received_creates_;
  std::uint64_t version_ = 0;                   // bumped by every change: invalidates cached lists
  std::map<std::string, std::pair<std::uint64_t, std::string>> list_cache_;  // project → (version, body)
};

}  // namespace polycloud::sim
