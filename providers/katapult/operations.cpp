#include "providers/katapult/operations.hpp"

#include "providers/common/json_fields.hpp"

#include <algorithm>

namespace polycloud::katapult {

namespace json = boost::json;
using providers::CallSite;
using providers::FieldReader;
using providers::protocol_error;

namespace {

/// The named object at the top of a body, else a protocol error naming what was expected.
Result<json::object const*> top_object(json::value const& body, std::initializer_list<std::string_view> keys,
                                       CallSite const& site, std::string_view what) {
  if (auto const* root = body.if_object()) {
    for (auto key : keys) {
      if (auto const* found = root->if_contains(key); found != nullptr && found->is_object()) {
        return &found->get_object();
      }
    }
  }
  return protocol_error(site, "the answer has no " + std::string(what) + " object");
}

/// A required string field of `reader`'s object.
Result<std::string> required(FieldReader& reader, std::string_view key, CallSite const& site) {
  auto value = reader.string(key);
  if (!reader.problem().empty()) return protocol_error(site, reader.problem());
  if (!value || value->empty()) return protocol_error(site, reader.path_of(key) + ": missing");
  return std::move(*value);
}

}  // namespace

Result<BuildStarted> read_build_started(json::value const& body, CallSite const& site) {
  auto build = top_object(body, {"virtual_machine_build", "build"}, site, "virtual_machine_build");
  if (!build) return build.error();
  FieldReader reader(**build, "virtual_machine_build");
  auto id = required(reader, "id", site);
  if (!id) return id.error();
  BuildStarted started{std::move(*id), {}, {}};
  if (auto const* root = body.if_object()) {
    FieldReader top(*root, "");
    started.hostname = top.string("hostname").value_or("");
  }
  if (auto task = read_task(body, site)) started.task = std::move(*task);
  return started;
}

Result<BuildStatus> read_build_status(json::value const& body, CallSite const& site) {
  auto build = top_object(body, {"virtual_machine_build", "build"}, site, "virtual_machine_build");
  if (!build) return build.error();
  FieldReader reader(**build, "virtual_machine_build");
  auto id = required(reader, "id", site);
  if (!id) return id.error();
  auto state = required(reader, "state", site);
  if (!state) return state.error();
  BuildStatus status{std::move(*id), std::move(*state), {}};
  if (auto const* vm = reader.object("virtual_machine")) {
    FieldReader vm_reader(*vm, "virtual_machine_build.virtual_machine");
    status.vm_id = vm_reader.string("id").value_or("");
    if (!vm_reader.problem().empty()) return protocol_error(site, vm_reader.problem());
  }
  if (!reader.problem().empty()) return protocol_error(site, reader.problem());
  return status;
}

Result<TaskStatus> read_task(json::value const& body, CallSite const& site) {
  auto task = top_object(body, {"task"}, site, "task");
  if (!task) return task.error();
  FieldReader reader(**task, "task");
  auto id = required(reader, "id", site);
  if (!id) return id.error();
  auto status = required(reader, "status", site);
  if (!status) return status.error();
  TaskStatus result{std::move(*id), reader.string("name").value_or(""), std::move(*status), reader.number("progress")};
  if (!reader.problem().empty()) return protocol_error(site, reader.problem());
  return result;
}

Result<std::string> read_trash_id(json::value const& body, CallSite const& site) {
  auto trash = top_object(body, {"trash_object"}, site, "trash_object");
  if (!trash) return trash.error();
  FieldReader reader(**trash, "trash_object");
  return required(reader, "id", site);
}

std::chrono::milliseconds PollBackoff::next() noexcept {
  auto const current = delay_;
  delay_ = std::min<std::chrono::milliseconds>(delay_ * 3 / 2, std::chrono::seconds(5));
  return current;
}

}  // namespace polycloud::katapult
