#pragma once
// Katapult Core API simulator, written from the seed page (seeds/003) and api-facts.md: list with
// page/per_page and large_set, get, build with build states over time, power actions returning tasks,
// delete to the trash and purge; the catalog (packages, disk templates, data centers, zones: katapult-api.md
// §1-3). Errors are wrapped {"error":{code,description,detail}}.
//
// Organization SSH keys (list, add), build_from_spec (its XML parsed and validated, what it received kept
// for GET /__sim/received) and the VM update's tag_names: spec_build.cpp.
//
// Failure triggers: a build whose hostname starts with "fail" fails (build, task and VM); one starting
// with "vmfail" completes, but its VM ends `failed`; KatapultOptions::failing_power_actions fails tasks.
#include "sim/exchange.hpp"
#include "sim/katapult/rate_window.hpp"
#include "sim/katapult/timeline.hpp"
#include "sim/katapult/vm_data.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace polycloud::sim {

struct KatapultOptions {
  std::size_t instances = 36;  ///< generated VMs, all in the one organization
  std::uint64_t seed = 1;
  std::string organization_id = "org_PolyCloudSim001";
  std::string organization_sub_domain = "polycloud-sim";
  std::string organization_name = "Polycloud Simulación";
  /// A second organization that exists but is suspended: lookups of it answer 403 organization_suspended.
  std::string suspended_sub_domain = "suspended-org";
  std::string token = "katapult-sim-token";
  /// Lists longer than this answer large_set true with total/total_pages null.
  std::size_t large_set_threshold = 1000;
  /// Every list answers large_set, however short (an organization the API flags whatever its size).
  bool always_large_set = false;
  std::chrono::milliseconds build_duration{300};  ///< build pending → building → complete
  std::chrono::milliseconds task_duration{150};   ///< power tasks pending → running → completed
  /// Power actions ("start", "stop", "shutdown", "reset") whose task runs to `failed` instead: the VM
  /// then keeps the state it had. How tests reach a failed task (the API's own reasons are out of reach).
  std::set<std::string> failing_power_actions;
  int rate_limit_per_minute = 0;                  ///< 0: unlimited
  /// Faults of the list, for the client's loop guards and mid-list errors (never set by the sandbox):
  /// n > 0: page p answers as page ((p - 1) % n) + 1 does, a server going round its first n pages
  /// (with the true totals, or none in a large set) — a loop only a client that remembers pages ends.
  std::size_t cycle_pages = 0;
  /// The list answers as an API version (or a proxy) that does not know `annotations[]` would: the
  /// filter is validated, then ignored, and every VM is listed. A client must not trust it blindly.
  bool ignore_annotation_filter = false;
  /// Disk templates listed besides the seeded universal ones ("Custom image N", the organization's own):
  /// a catalog of any size, for the 10,000-image benchmark.
  std::size_t extra_disk_templates = 0;
  /// The listed VM at this 0-based position is written with a `created_at` that is not a number.
  std::optional<std::size_t> malformed_item;
  /// The SSH key list prints fingerprints as MD5 colon-hex (the CLI's mock) instead of GK's
  /// "SHA256:… comment": which one the service prints is not settled (katapult-api.md §5).
  bool md5_fingerprints = false;
  SimClock clock = system_clock_source();         ///< tests may drive time by hand
};

class KatapultApi final : public Api {
 public:
  explicit KatapultApi(KatapultOptions options);
  std::string_view provider() const noexcept override { return "katapult"; }
  /// {"builds_from_spec": [{xml, hostname, ssh_keys: [{id, key}], tags, annotations}…]}: each accepted
  /// build from spec as received, its SSH key ids resolved to the key text they authorize.
  boost::json::value received() const override;
  Reply handle(SimRequest const& request) override;
  Reply rename(std::string const& id, std::string const& name) override;
  std::string error_body(int status, std::string_view code, std::string_view message) const override;
  KatapultOptions const& options() const noexcept { return options_; }

  /// The id of the index-th generated VM.
  std::string generated_id(std::size_t index) const { return katapult::vm_id(options_.seed, index); }

  static constexpr std::string_view kBasePath = "/core/v1";

 private:
  struct Task {
    std::string id;
    std::string name;
    Timeline status;  // pending → running → completed|failed
  };
  struct Build {
    std::string id;
    std::size_t vm_index = 0;
    Timeline state;  // pending → building → complete|failed
    std::string task_id;
  };
  // A VM that is not (any more) its generated self: built, powered, or trashed.
  struct Changed {
    boost::json::object document;        // with the state it had before `transition`
    std::optional<Timeline> transition;  // the state now, when a build or power task moves it
    std::optional<katapult::Annotations> annotations;  // a built VM's own
    std::optional<std::string> trash_id;
  };
  struct Lookup;  // a resolved `virtual_machine[id|fqdn]` argument

  struct SshKey {
    std::string id;
    std::string name;
    std::string key;  // the line as added
    std::string sha256;
    std::string md5;
    std::string comment;
  };

  Reply katapult_error(std::string_view code, std::string_view description,
                       boost::json::object detail = {}) const;
  /// The invalid_argument answer to a lookup given both or neither of its keys.
  Reply not_exactly_one(std::string_view object) const;
  std::optional<Reply> check_access(SimRequest const& request);
  std::optional<Reply> check_organization(boost::json::object const& args) const;
  /// Reads `page` (default 1) and `per_page` (default 30, at most 200); the refusal when either is bad.
  std::optional<Reply> page_arguments(boost::json::object const& args, std::int64_t& page, std::int64_t& per_page) const;

  // One VM's current document (state applied), nullopt when it does not exist; `trashed` says whether
  // it sits in the trash.
  std::optional<boost::json::object> document(std::size_t index, bool* trashed = nullptr) const;
  /// Appends a listed VM's list item: generated ones written directly, changed ones from their document.
  void append_list_item(std::string& body, std::size_t index) const;
  katapult::Annotations annotations(std::size_t index) const;
  std::optional<std::size_t> find_vm(boost::json::object const& args, Reply& failure) const;
  // Indices of the listed VMs for an annotations filter, cached until the next change.
  std::shared_ptr<std::vector<std::uint32_t> const> listed(katapult::Annotations const& filter);
  std::string new_id(std::string_view prefix);
  Task& new_task(std::string name, Timeline status);
  boost::json::object task_json(Task const& task) const;

  Reply list(boost::json::object const& args);
  Reply get(boost::json::object const& args) const;
  Reply build(boost::json::object const& args);
  /// Creates the VM of a build (either form) and answers the build's 201.
  Reply start_build(katapult::BuildSpec spec, katapult::Annotations annotations,
                    std::vector<std::string> const& tag_names);
  // spec_build.cpp: organization SSH keys, build_from_spec, VM update (tag_names).
  Reply ssh_keys(boost::json::object const& args) const;
  Reply add_ssh_key(boost::json::object const& args);
  Reply build_from_spec(boost::json::object const& args);
  Reply update(boost::json::object const& args);
  Reply build_status(boost::json::object const& args) const;
  Reply power(std::string const& action, boost::json::object const& args);
  Reply task(boost::json::object const& args) const;
  Reply remove(boost::json::object const& args);
  Reply purge(boost::json::object const& args);

  // The catalog (catalog_routes.cpp); nullopt for a path that is none of its routes.
  std::optional<Reply> catalog_route(std::string_view path, boost::json::object const& args) const;
  /// A paged list answer of `count` items under `key`, item(i) writing the i-th.
  Reply paged(boost::json::object const& args, std::string_view key, std::size_t count,
              std::function<boost::json::object(std::size_t)> const& item) const;
  Reply packages(boost::json::object const& args) const;
  Reply package(boost::json::object const& args) const;
  Reply disk_templates(boost::json::object const& args) const;
  Reply disk_template(boost::json::object const& args) const;
  Reply data_centers_list() const;
  Reply zones_list() const;
  Reply zone(boost::json::object const& args) const;

  KatapultOptions options_;
  katapult::Organization organization_;
  RateWindow rate_;
  std::size_t next_index_;            // the index the next built VM gets
  std::map<std::size_t, Changed> changed_;
  std::set<std::size_t> purged_;
  std::map<std::string, Build> builds_;
  std::map<std::string, Task> tasks_;
  std::vector<SshKey> ssh_keys_;           // the organization's, in the order added
  std::set<std::string> tag_names_ = [] {  // the organization's tags: only these apply at a build
    auto const seeded = katapult::seeded_tag_names();
    return std::set<std::string>(seeded.begin(), seeded.end());
  }();
  boost::json::array received_specs_;
  std::uint64_t next_serial_ = 1;     // for build, task and trash ids
  std::uint64_t version_ = 0;         // bumped by every change that alters a list
  std::map<std::string, std::shared_ptr<std::vector<std::uint32_t> const>> list_cache_;
  std::uint64_t list_cache_version_ = 0;
};

}  // namespace polycloud::sim
