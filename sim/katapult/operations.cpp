// The Katapult operations: list, get, build and its status, power actions, tasks, delete and purge.
#include "sim/katapult/arguments.hpp"
#include "sim/katapult/katapult.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace polycloud::sim {
namespace {

namespace json = boost::json;

constexpr auto kTrashRetention = std::chrono::hours(24 * 7);

struct PowerAction {
  char const* name;
  char const* during;
  char const* after;
  char const* task;
};

constexpr std::array<PowerAction, 4> kPowerActions{{
    {"start", "starting", "started", "Start virtual machine"},
    {"stop", "stopping", "stopped", "Stop virtual machine"},
    {"shutdown", "shutting_down", "stopped", "Shutdown virtual machine"},
    {"reset", "resetting", "started", "Reset virtual machine"},
}};

}  // namespace

std::optional<Reply> KatapultApi::page_arguments(json::object const& args, std::int64_t& page,
                                                std::int64_t& per_page) const {
  constexpr std::int64_t kMaxPerPage = 200;
  constexpr std::int64_t kDefaultPerPage = 30;
  bool page_valid = true;
  bool per_page_valid = true;
  page = katapult::integer_argument(args, "page", page_valid).value_or(1);
  per_page = katapult::integer_argument(args, "per_page", per_page_valid).value_or(kDefaultPerPage);
  if (!page_valid || page < 1) return katapult_error("invalid_argument", "The 'page' argument must be an integer >= 1");
  if (!per_page_valid || per_page < 1 || per_page > kMaxPerPage) {
    return katapult_error("invalid_argument", "The 'per_page' argument must be an integer between 1 and 200");
  }
  return std::nullopt;
}

Reply KatapultApi::list(json::object const& args) {
  if (auto refused = check_organization(args)) return std::move(*refused);
  auto const filter = katapult::annotations_argument(args);
  if (!filter) {
    return katapult_error("invalid_argument", "All annotations[] params should have the same amount of elements.");
  }
  std::int64_t page = 1;
  std::int64_t per_page = 0;
  if (auto refused = page_arguments(args, page, per_page)) return std::move(*refused);

  // An API version or a proxy that drops annotations[] lists every VM, as if no filter were given.
  auto const indices = listed(options_.ignore_annotation_filter ? katapult::Annotations{} : *filter);
  auto const total = static_cast<std::int64_t>(indices->size());
  bool const large_set = options_.always_large_set || indices->size() > options_.large_set_threshold;
  std::int64_t const total_pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);

  json::object pagination{{"current_page", page},
                          {"total_pages", large_set ? json::value(nullptr) : json::value(total_pages)},
                          {"total", large_set ? json::value(nullptr) : json::value(total)},
                          {"per_page", per_page},
                          {"large_set", large_set}};
  // Each VM is written and dropped at once: a page's whole DOM would only churn the allocator.
  std::string body = "{\"pagination\":" + json::serialize(pagination) + ",\"virtual_machines\":[";
  // The page whose items are served: this one, unless the server is told to go round in a cycle.
  auto const cycle = static_cast<std::int64_t>(options_.cycle_pages);
  std::int64_t const served = cycle > 0 ? (page - 1) % cycle + 1 : page;
  // Pages far past the end are empty, without arithmetic overflow.
  std::int64_t const first = served > total ? total : (served - 1) * per_page;
  std::int64_t const last = std::min(total, first + per_page);
  if (last > first) body.reserve(body.size() + static_cast<std::size_t>(last - first) * 640 + 2);  // an item: ~550 B
  for (auto position = first; position < last; ++position) {
    if (position != first) body += ',';
    auto const index = (*indices)[static_cast<std::size_t>(position)];
    if (options_.malformed_item == static_cast<std::size_t>(position)) {
      body += R"({"id":")" + generated_id(index) + R"(","name":"malformed","created_at":"not a time"})";
      continue;
    }
    append_list_item(body, index);
  }
  body += "]}";
  return Reply::json(200, std::move(body));
}

Reply KatapultApi::get(json::object const& args) const {
  Reply failure;
  auto const index = find_vm(args, failure);
  if (!index) return failure;
  return Reply::json(200, json::serialize(json::object{{"virtual_machine", *document(*index)},
                                                       {"annotations", katapult::annotations_json(annotations(*index))}}));
}

Reply KatapultApi::build(json::object const& args) {
  if (auto refused = check_organization(args)) return std::move(*refused);
  auto const* package_lookup = katapult::object_argument(args, "package");
  if (package_lookup == nullptr) return katapult_error("missing_required_argument", "The 'package' argument is required");
  auto const package = katapult::find_package(*package_lookup);
  if (!package) return katapult_error("package_not_found", "");
  auto const* zone_lookup = katapult::object_argument(args, "zone");
  auto const* data_center_lookup = katapult::object_argument(args, "data_center");
  auto zone = std::optional<std::size_t>(0);
  if (zone_lookup != nullptr || data_center_lookup != nullptr) zone = katapult::find_zone(zone_lookup, data_center_lookup);
  if (!zone) return katapult_error("zone_not_found", "");

  auto hostname = katapult::string_argument(args, "hostname").value_or("built-" + std::to_string(next_index_));
  if (!katapult::valid_hostname(hostname)) {
    return katapult_error("validation_error", "",
                          json::object{{"errors", json::array{"Hostname is invalid (use a-z, 0-9 and -)"}}});
  }
  auto const annotations = katapult::annotations_argument(args);
  if (!annotations) return katapult_error("invalid_argument", "Each annotation needs a key and a value");

  katapult::BuildSpec spec{hostname, katapult::string_argument(args, "name").value_or(hostname), *package, *zone, 0};
  return start_build(std::move(spec), *annotations, {});
}

Reply KatapultApi::start_build(katapult::BuildSpec spec, katapult::Annotations annotations,
                               std::vector<std::string> const& tag_names) {
  std::size_t const index = next_index_;
  auto const now = options_.clock();
  ++next_index_;
  ++version_;
  // A hostname starting with "fail" builds into a failed VM: the failure paths need a trigger too. One
  // starting with "vmfail" completes its build, but the VM then fails to start.
  bool const fails = spec.hostname.starts_with("fail");
  bool const vm_fails = fails || spec.hostname.starts_with("vmfail");
  auto const duration = options_.build_duration;
  spec.created_at = unix_seconds(now);
  auto document = katapult::built_vm(options_.seed, index, organization_, spec);
  katapult::set_tags(document, tag_names);
  changed_[index] = Changed{std::move(document),
                            Timeline::three_phases(now, duration, "allocating", "starting", vm_fails ? "failed" : "started"),
                            std::move(annotations), std::nullopt};
  auto const& task = new_task("Build virtual machine",
                              Timeline::three_phases(now, duration, "pending", "running", fails ? "failed" : "completed"));
  auto const build_id = new_id("vmbuild_");
  builds_[build_id] = Build{build_id, index,
                            Timeline::three_phases(now, duration, "pending", "building", fails ? "failed" : "complete"),
                            task.id};
  return Reply::json(201, json::serialize(json::object{
                              {"task", task_json(task)},
                              {"virtual_machine_build", json::object{{"id", build_id}, {"state", "pending"}}},
                              {"hostname", spec.hostname}}));
}

Reply KatapultApi::build_status(json::object const& args) const {
  auto const* lookup = katapult::object_argument(args, "virtual_machine_build");
  auto const id = lookup != nullptr ? katapult::string_argument(*lookup, "id") : std::nullopt;
  if (!id) return katapult_error("missing_required_argument", "The 'virtual_machine_build[id]' argument is required");
  auto const it = builds_.find(*id);
  if (it == builds_.end()) return katapult_error("build_not_found", "");
  auto const& build = it->second;
  auto const now = options_.clock();
  auto const& state = build.state.at(now);
  // The VM is only reported once the build has started on it.
  json::value vm = nullptr;
  if (state != "pending") {
    if (auto const document = this->document(build.vm_index)) {
      vm = json::object{{"id", document->at("id")},
                        {"name", document->at("name")},
                        {"hostname", document->at("hostname")},
                        {"fqdn", document->at("fqdn")},
                        {"state", document->at("state")}};
    }
  }
  return Reply::json(200, json::serialize(json::object{
                              {"virtual_machine_build", json::object{{"id", build.id},
                                                                     {"state", state},
                                                                     {"created_at", unix_seconds(build.state.start)},
                                                                     {"virtual_machine", std::move(vm)}}}}));
}

Reply KatapultApi::power(std::string const& action, json::object const& args) {
  Reply failure;
  auto const index = find_vm(args, failure);
  if (!index) return failure;
  auto const& spec = *std::find_if(kPowerActions.begin(), kPowerActions.end(),
                                   [&](PowerAction const& candidate) { return action == candidate.name; });
  auto const now = options_.clock();
  auto const duration = options_.task_duration;
  bool const fails = options_.failing_power_actions.contains(action);
  if (!fails) {  // a failing task leaves the VM as it was
    auto current = *document(*index);  // the state it has now becomes the base of the new transition
    auto& change = changed_[*index];
    change.document = std::move(current);
    change.transition = Timeline{now, {{std::chrono::milliseconds(0), spec.during}, {duration, spec.after}}};
    ++version_;
  }
  auto const& task =
      new_task(spec.task, Timeline::three_phases(now, duration, "pending", "running", fails ? "failed" : "completed"));
  return Reply::json(200, json::serialize(json::object{{"task", task_json(task)}}));
}

Reply KatapultApi::task(json::object const& args) const {
  auto const* lookup = katapult::object_argument(args, "task");
  auto const id = lookup != nullptr ? katapult::string_argument(*lookup, "id") : std::nullopt;
  if (!id) return katapult_error("missing_required_argument", "The 'task[id]' argument is required");
  auto const it = tasks_.find(*id);
  if (it == tasks_.end()) return katapult_error("task_not_found", "");
  return Reply::json(200, json::serialize(json::object{{"task", task_json(it->second)}}));
}

Reply KatapultApi::rename(std::string const& id, std::string const& name) {
  Reply failure;
  auto const index = find_vm(json::object{{"virtual_machine", json::object{{"id", id}}}}, failure);
  bool trashed = false;
  if (!index || !document(*index, &trashed) || trashed) return katapult_error("virtual_machine_not_found", "");
  auto const known = changed_.find(*index);
  if (known == changed_.end()) changed_[*index].document = *document(*index);
  changed_[*index].document["name"] = name;  // a transition under way changes only the state
  ++version_;
  return Reply::empty(204);
}

Reply KatapultApi::remove(json::object const& args) {
  Reply failure;
  auto const index = find_vm(args, failure);
  if (!index) return failure;
  auto vm = *document(*index);
  auto& change = changed_[*index];
  change.document = vm;
  change.transition.reset();
  change.trash_id = new_id("trsh_");
  ++version_;
  auto const now = options_.clock();
  json::object trash{{"id", *change.trash_id},
                     {"keep_until", unix_seconds(now + kTrashRetention)},
                     {"object_id", vm.at("id")},
                     {"object_type", "VirtualMachine"}};
  return Reply::json(200, json::serialize(json::object{{"trash_object", std::move(trash)}, {"virtual_machine", std::move(vm)}}));
}

Reply KatapultApi::purge(json::object const& args) {
  auto const lookup = katapult::one_of(args, "trash_object", "id", "object_id");
  if (!lookup) return not_exactly_one("trash_object");
  bool const by_trash_id = lookup->first == "id";
  std::string const& wanted = lookup->second;
  auto const found = std::find_if(changed_.begin(), changed_.end(), [&](auto const& entry) {
    auto const& change = entry.second;
    return change.trash_id && (by_trash_id ? *change.trash_id == wanted : change.document.at("id").as_string() == wanted);
  });
  if (found == changed_.end()) return katapult_error("trash_object_not_found", "");
  purged_.insert(found->first);
  changed_.erase(found);
  ++version_;
  auto const& task = new_task("Purge trash object",
                              Timeline::three_phases(options_.clock(), std::chrono::milliseconds(0), "pending",
                                                     "running", "completed"));
  return Reply::json(200, json::serialize(json::object{{"task", task_json(task)}}));
}

}  // namespace polycloud::sim
