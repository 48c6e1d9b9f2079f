#include "sim/katapult/katapult.hpp"

#include "sim/katapult/arguments.hpp"
#include "sim/katapult/errors.hpp"
#include "sim/katapult/list_text.hpp"
#include "sim/seeded.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json.hpp>

#include <algorithm>

namespace polycloud::sim {
namespace {

namespace json = boost::json;

constexpr std::string_view kBearer = "Bearer ";

}  // namespace

KatapultApi::KatapultApi(KatapultOptions options)
    : options_(std::move(options)),
      organization_{options_.organization_id, options_.organization_name, options_.organization_sub_domain},
      rate_(options_.rate_limit_per_minute),
      next_index_(options_.instances) {
  if (!options_.clock) options_.clock = system_clock_source();
}

std::string KatapultApi::error_body(int status, std::string_view code, std::string_view message) const {
  if (code.empty()) code = katapult::code_for_status(status);
  json::object detail;
  if (code == "rate_limit_reached") detail["total_permitted"] = options_.rate_limit_per_minute;
  return json::serialize(
      json::object{{"error", json::object{{"code", code}, {"description", message}, {"detail", std::move(detail)}}}});
}

Reply KatapultApi::katapult_error(std::string_view code, std::string_view description, json::object detail) const {
  auto const& entry = katapult::error_code(code);
  if (description.empty()) description = entry.description;
  return Reply::json(entry.status, json::serialize(json::object{
                                       {"error", json::object{{"code", code},
                                                              {"description", description},
                                                              {"detail", std::move(detail)}}}}));
}

// Authentication first (a missing token is a 400 on the real service, not the documented 401), then
// the per-minute budget, which is only spent by authenticated requests.
std::optional<Reply> KatapultApi::check_access(SimRequest const& request) {
  auto const authorization = request.header("Authorization");
  if (!authorization || !boost::algorithm::istarts_with(*authorization, kBearer) ||
      authorization->size() == kBearer.size()) {
    return katapult_error("missing_api_token", "");
  }
  if (authorization->substr(kBearer.size()) != options_.token) return katapult_error("invalid_api_token", "");
  if (!rate_.limited()) return std::nullopt;
  if (rate_.take(options_.clock()).allowed) return std::nullopt;
  // No Retry-After: Katapult only says how many requests a minute are permitted.
  return katapult_error("rate_limit_reached", "", json::object{{"total_permitted", options_.rate_limit_per_minute}});
}

Reply KatapultApi::handle(SimRequest const& request) {
  if (auto denied = check_access(request)) return std::move(*denied);
  std::string body_error;
  auto const args = katapult::merged_arguments(request, body_error);
  if (!args) return katapult_error("invalid_json_body", body_error);

  // A std::string: Boost.URL's path() is a temporary whose string_view conversion would dangle.
  std::string const full_path = request.path();
  if (!std::string_view(full_path).starts_with(kBasePath)) {
    return katapult_error("route_not_found", "No route matches " + full_path);
  }
  std::string const placeholders = katapult::with_word_placeholders(full_path.substr(kBasePath.size()));
  std::string_view const path = placeholders;
  auto const& method = request.method;
  if (path == "/organizations/organization/virtual_machines" && method == "GET") return list(*args);
  if (path == "/organizations/organization/virtual_machines/build" && method == "POST") return build(*args);
  if (path == "/organizations/organization/ssh_keys" && method == "GET") return ssh_keys(*args);
  if (path == "/organizations/organization/ssh_keys" && method == "POST") return add_ssh_key(*args);
  if (path == "/organizations/organization/virtual_machines/build_from_spec" && method == "POST") {
    return build_from_spec(*args);
  }
  if (path == "/virtual_machines/virtual_machine" && method == "GET") return get(*args);
  if (path == "/virtual_machines/virtual_machine" && method == "PATCH") return update(*args);
  if (path == "/virtual_machines/virtual_machine" && method == "DELETE") return remove(*args);
  if (path == "/virtual_machines/builds/virtual_machine_build" && method == "GET") return build_status(*args);
  if (path == "/tasks/task" && method == "GET") return task(*args);
  if (path == "/trash_objects/trash_object" && method == "DELETE") return purge(*args);
  constexpr std::string_view kPower = "/virtual_machines/virtual_machine/";
  if (path.starts_with(kPower) && method == "POST") {
    std::string const action(path.substr(kPower.size()));
    if (action == "start" || action == "stop" || action == "shutdown" || action == "reset") return power(action, *args);
  }
  return katapult_error("route_not_found", "No route matches " + method + " " + full_path);
}

Reply KatapultApi::not_exactly_one(std::string_view object) const {
  return katapult_error("invalid_argument", "All '" + std::string(object) +
                                                "[]' params are mutually exclusive, only one can be provided.");
}

std::optional<Reply> KatapultApi::check_organization(json::object const& args) const {
  auto const lookup = katapult::one_of(args, "organization", "id", "sub_domain");
  if (!lookup) return not_exactly_one("organization");
  auto const& [key, value] = *lookup;
  if (key == "sub_domain" && value == options_.suspended_sub_domain) return katapult_error("organization_suspended", "");
  if (value == (key == "id" ? organization_.id : organization_.sub_domain)) return std::nullopt;
  return katapult_error("organization_not_found", "");
}

std::optional<json::object> KatapultApi::document(std::size_t index, bool* trashed) const {
  if (trashed != nullptr) *trashed = false;
  if (purged_.contains(index)) return std::nullopt;
  auto const it = changed_.find(index);
  if (it == changed_.end()) {
    if (index >= options_.instances) return std::nullopt;
    return katapult::generate_vm(options_.seed, index, organization_);
  }
  auto vm = it->second.document;
  if (it->second.transition) katapult::set_state(vm, it->second.transition->at(options_.clock()));
  if (trashed != nullptr) *trashed = it->second.trash_id.has_value();
  return vm;
}

void KatapultApi::append_list_item(std::string& body, std::size_t index) const {
  if (index < options_.instances && !changed_.contains(index)) {
    katapult::append_generated_list_item(body, options_.seed, index, organization_);  // the fast path
    return;
  }
  body += json::serialize(katapult::list_item(*document(index)));
}

katapult::Annotations KatapultApi::annotations(std::size_t index) const {
  auto const it = changed_.find(index);
  if (it != changed_.end() && it->second.annotations) return *it->second.annotations;
  return katapult::generated_annotations(options_.seed, index);
}

std::optional<std::size_t> KatapultApi::find_vm(json::object const& args, Reply& failure) const {
  auto const lookup = katapult::one_of(args, "virtual_machine", "id", "fqdn");
  if (!lookup) {
    failure = not_exactly_one("virtual_machine");
    return std::nullopt;
  }
  auto const& [key, value] = *lookup;
  std::optional<std::size_t> index;
  if (key == "id") index = katapult::vm_index(options_.seed, value);
  std::string const suffix = katapult::fqdn("", organization_);
  if (key == "fqdn" && value.ends_with(suffix)) {
    auto const hostname = std::string_view(value).substr(0, value.size() - suffix.size());
    index = katapult::generated_hostname_index(hostname);
    for (auto const& [built, change] : changed_) {
      if (built >= options_.instances && change.document.at("hostname").as_string() == hostname) index = built;
    }
  }
  bool trashed = false;
  if (!index || !document(*index, &trashed)) {
    failure = katapult_error("virtual_machine_not_found", "");
    return std::nullopt;
  }
  if (trashed) {
    failure = katapult_error("object_in_trash", "");
    return std::nullopt;
  }
  return index;
}

std::shared_ptr<std::vector<std::uint32_t> const> KatapultApi::listed(katapult::Annotations const& filter) {
  if (list_cache_version_ != version_) {
    list_cache_.clear();
    list_cache_version_ = version_;
  }
  std::string key;
  for (auto const& [name, value] : filter) key += name + '\0' + value + '\0';
  if (auto const it = list_cache_.find(key); it != list_cache_.end()) return it->second;

  auto indices = std::make_shared<std::vector<std::uint32_t>>();
  indices->reserve(filter.empty() ? next_index_ : 0);
  for (std::size_t index = 0; index < next_index_; ++index) {
    if (purged_.contains(index)) continue;
    if (auto const it = changed_.find(index); it != changed_.end() && it->second.trash_id) continue;
    if (!filter.empty()) {
      auto const own = annotations(index);
      bool const all_match = std::all_of(filter.begin(), filter.end(), [&](auto const& wanted) {
        return std::find(own.begin(), own.end(), wanted) != own.end();
      });
      if (!all_match) continue;
    }
    indices->push_back(static_cast<std::uint32_t>(index));
  }
  list_cache_[key] = indices;
  return indices;
}

std::string KatapultApi::new_id(std::string_view prefix) {
  return std::string(prefix) + katapult::base62(mix(options_.seed, next_serial_++, 31), 16);
}

KatapultApi::Task& KatapultApi::new_task(std::string name, Timeline status) {
  auto id = new_id("task_");
  auto& task = tasks_[id];
  task = Task{id, std::move(name), std::move(status)};
  return task;
}

json::object KatapultApi::task_json(Task const& task) const {
  auto const now = options_.clock();
  auto const& status = task.status.at(now);
  bool const started = status != "pending";
  bool const finished = task.status.finished(now);
  return {{"id", task.id},
          {"name", task.name},
          {"status", status},
          {"created_at", unix_seconds(task.status.start)},
          {"started_at", started ? json::value(unix_seconds(task.status.start + task.status.phases[1].first))
                                 : json::value(nullptr)},
          {"finished_at", finished ? json::value(unix_seconds(task.status.finish_time())) : json::value(nullptr)},
          {"progress", task.status.percent(now)}};
}

}  // namespace polycloud::sim
