#include "sim/openscaler/openscaler.hpp"

#include "sim/openscaler/example_vm.hpp"
#include "sim/openscaler/vm_data.hpp"
#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <chrono>

namespace polycloud::sim {
namespace {

namespace json = boost::json;
using openscaler::kExampleVmId;

// Whole lists up to this many VMs are serialized once and cached; larger ones are streamed in pieces
// so a million-VM project never sits in memory as one string.
constexpr std::size_t kCacheableListSize = 20'000;
constexpr std::size_t kVmsPerChunk = 256;

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t id = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return id;
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Progress data as the seed page prints it: "{"progress": 20.0, "message": "…"}".
std::string progress_data(int percent, char const* message) {
  return "{\"progress\": " + std::to_string(percent) + ".0, \"message\": \"" + message + "\"}";
}

// The final 200 event of the seed page carries sequence_id right after id.
json::object with_sequence_id(json::object const& vm, json::value const& sequence_id) {
  json::object out;
  for (auto const& [key, value] : vm) {
    out.emplace(key, value);
    if (key == "id") out.emplace("sequence_id", sequence_id);
  }
  return out;
}

}  // namespace

OpenScalerApi::OpenScalerApi(OpenScalerOptions options)
    : options_(std::move(options)),
      example_(json::parse(openscaler::kExampleVmJson).as_object()),
      next_id_(generated_id(options_.instances)) {
  if (options_.projects.empty()) options_.projects.emplace_back("default");
}

std::string OpenScalerApi::error_body(int, std::string_view, std::string_view message) const {
  // Undocumented on the seed pages: a JSON object with a message, as the brief infers.
  return json::serialize(json::object{{"message", message}});
}

Reply OpenScalerApi::handle(SimRequest const& request) {
  auto const authorization = request.header("Authorization");
  if (!authorization) return error(401, "", "Missing Authorization header");
  if (*authorization != "Bearer " + options_.token) return error(401, "", "Invalid or expired token");

  auto const parts = request.segments();
  if (parts.size() < 2 || parts[0] != "v1" || parts[1] != "vms") return error(404, "", "Not Found");
  auto const& method = request.method;
  if (parts.size() == 2) {
    if (method == "GET") return list(request);
    if (method == "POST") return create(request);
    return error(405, "", "Method Not Allowed");
  }
  auto const id = parse_id(parts[2]);
  if (!id) return error(404, "", "VM not found");
  if (parts.size() == 3) {
    if (method == "GET") return get(*id, request);
    if (method == "DELETE") return remove(*id);
    return error(405, "", "Method Not Allowed");
  }
  if (parts.size() == 4 && parts[3] == "actions") {
    if (method == "POST") return action(*id, request);
    return error(405, "", "Method Not Allowed");
  }
  return error(404, "", "Not Found");
}

std::optional<json::object> OpenScalerApi::find(std::int64_t id) const {
  if (deleted_.contains(id)) return std::nullopt;
  if (auto const it = changed_.find(id); it != changed_.end()) return it->second;
  if (id == kExampleVmId && options_.include_example) return example_;
  std::int64_t const first = generated_id(0);
  if (id < first || id >= generated_id(options_.instances)) return std::nullopt;
  auto const index = static_cast<std::size_t>(id - first);
  auto const projects = options_.projects.size();
  return openscaler::generate_vm(options_.seed, index, index / projects, id, options_.projects[index % projects]);
}

std::string OpenScalerApi::serialize_vm(std::int64_t id, json::object const& vm) const {
  if (id == kExampleVmId && options_.include_example && !changed_.contains(id)) {
    return std::string(openscaler::kExampleVmJson);
  }
  return json::serialize(vm);
}

void OpenScalerApi::change(std::int64_t id, json::object vm) {
  changed_[id] = std::move(vm);
  ++version_;
}

std::vector<std::string> OpenScalerApi::created_in(std::string const& project) const {
  std::vector<std::string> created;
  for (auto it = changed_.lower_bound(generated_id(options_.instances)); it != changed_.end(); ++it) {
    auto const* owner = it->second.if_contains("project_id");
    if (owner != nullptr && owner->is_string() && owner->get_string() == project && !deleted_.contains(it->first)) {
      created.push_back(json::serialize(it->second));
    }
  }
  return created;
}

Reply OpenScalerApi::list(SimRequest const& request) {
  auto const project = request.param("project_id");
  if (!project || project->empty()) return error(400, "", "project_id is required");

  auto const& projects = options_.projects;
  auto const position = std::find(projects.begin(), projects.end(), *project);
  std::size_t const count =
      position == projects.end()
          ? 0
          : (options_.instances + projects.size() - 1 - static_cast<std::size_t>(position - projects.begin())) /
                projects.size();
  if (count <= kCacheableListSize) {
    if (auto const it = list_cache_.find(*project); it != list_cache_.end() && it->second.first == version_) {
      return Reply::json(200, it->second.second);
    }
  }

  // Pieces in order: the seed example (project "default"), generated VMs, then created ones.
  struct Cursor {
    std::size_t next = 0;  // next position within the project's generated VMs
    bool opened = false;
    bool closed = false;
    bool example_pending = false;
    std::vector<std::string> created;
    bool first_item = true;
  };
  auto cursor = std::make_shared<Cursor>();
  cursor->example_pending = *project == "default" && options_.include_example && !deleted_.contains(kExampleVmId);
  cursor->created = created_in(*project);
  std::size_t const project_index = static_cast<std::size_t>(position - projects.begin());

  auto next_chunk = [this, cursor, count, project_index](std::string& out) -> bool {
    if (cursor->closed) return false;
    auto append = [&](std::string const& item) {
      if (!cursor->first_item) out += ',';
      cursor->first_item = false;
      out += item;
    };
    if (!cursor->opened) {
      out += "{\"vms\":[";
      cursor->opened = true;
      if (cursor->example_pending) append(serialize_vm(kExampleVmId, *find(kExampleVmId)));
    }
    json::monotonic_resource arena;  // one per chunk: the chunk's VMs die together
    json::storage_ptr const storage(&arena);
    for (std::size_t n = 0; n < kVmsPerChunk && cursor->next < count; ++n, ++cursor->next) {
      std::size_t const index = project_index + cursor->next * options_.projects.size();
      std::int64_t const id = generated_id(index);
      if (deleted_.contains(id)) continue;
      if (auto const it = changed_.find(id); it != changed_.end()) {
        append(json::serialize(it->second));
      } else {
        append(json::serialize(openscaler::generate_vm(options_.seed, index, cursor->next, id,
                                                       options_.projects[project_index], storage)));
      }
    }
    if (cursor->next == count) {
      for (auto const& item : cursor->created) append(item);
      out += "]}";
      cursor->closed = true;
    }
    return true;
  };

  if (count > kCacheableListSize) {
    Reply reply;
    reply.next_chunk = std::move(next_chunk);
    return reply;
  }
  std::string body;
  while (next_chunk(body)) {
  }
  list_cache_[*project] = {version_, body};
  return Reply::json(200, std::move(body));
}

Reply OpenScalerApi::get(std::int64_t id, SimRequest const& request) const {
  auto const vm = find(id);
  if (!vm) return error(404, "", "VM not found");
  auto const only = request.params("only");
  for (auto const& part : only) {
    if (!openscaler::is_selectable_part(part)) return error(400, "", "invalid value for only: " + part);
  }
  if (only.empty()) return Reply::json(200, serialize_vm(id, *vm));
  return Reply::json(200, json::serialize(openscaler::select_parts(*vm, only)));
}

Reply OpenScalerApi::create(SimRequest const& request) {
  boost::system::error_code ec;
  auto const parsed = json::parse(request.body, ec);
  if (ec || !parsed.is_object()) return error(400, "", "request body must be a JSON object");
  auto const& body = parsed.get_object();

  Reply reply;
  reply.event_stream = true;
  reply.event_interval = options_.create_progress_interval;
  // Validation failures arrive as the stream's final 400 event, as the create page describes.
  for (char const* required : {"name", "size", "project_id"}) {
    auto const* value = body.if_contains(required);
    if (value == nullptr || !value->is_string() || value->get_string().empty()) {
      reply.events.push_back({"400", error_body(400, "", std::string(required) + " is required")});
      return reply;
    }
  }
  static constexpr std::array<char const*, 5> kSteps{"allocating resources", "creating disks", "booting",
                                                     "configuring network", "finishing"};
  int const steps = std::max(0, options_.create_progress_events);
  for (int step = 0; step < steps; ++step) {
    int const percent = (step + 1) * 100 / (steps + 1);
    reply.events.push_back({"progress", progress_data(percent, kSteps[static_cast<std::size_t>(step) % kSteps.size()])});
  }
  std::int64_t const id = next_id_++;
  json::object received{{"name", body.at("name")}, {"ssh_keys", json::array{}}, {"cloud_init_user_data", nullptr}};
  for (char const* key : {"ssh_keys", "cloud_init_user_data"}) {
    if (auto const* value = body.if_contains(key)) received[key] = *value;
  }
  received_creates_.push_back(std::move(received));
  auto vm = openscaler::vm_from_create(body, id, now_unix());
  // The VM exists from here on, even if the stream is cut: that is what "unknown outcome" means.
  change(id, vm);
  auto const* sequence_id = body.if_contains("sequence_id");
  reply.events.push_back({"200", json::serialize(sequence_id != nullptr ? with_sequence_id(vm, *sequence_id) : vm)});
  return reply;
}

Reply OpenScalerApi::action(std::int64_t id, SimRequest const& request) {
  auto vm = find(id);
  if (!vm) return error(404, "", "VM not found");
  boost::system::error_code ec;
  auto const parsed = json::parse(request.body, ec);
  auto const* type = !ec && parsed.is_object() ? parsed.get_object().if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string()) return error(400, "", "body must be {\"type\": <action>}");
  std::string_view const action = type->get_string();
  char const* state = nullptr;
  if (action == "start" || action == "reboot" || action == "reset") state = "running";
  if (action == "shutdown" || action == "power_off") state = "shutoff";
  if (state == nullptr) return error(400, "", "unknown action type: " + std::string(action));
  (*vm)["state"] = state;
  (*vm)["updated_at"] = format_timestamp(now_unix(), false);
  change(id, std::move(*vm));
  return Reply::empty(200);
}

Reply OpenScalerApi::remove(std::int64_t id) {
  if (!find(id)) return error(404, "", "VM not found");
  deleted_.insert(id);
  changed_.erase(id);
  ++version_;
  return Reply::empty(200);
}

}  // namespace polycloud::sim
