// The ByCloud operations: list with marker pagination and links, get, create, delete, start/stop/reboot.
#include "sim/bycloud/bycloud.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include <charconv>

namespace polycloud::sim {
namespace {

namespace json = boost::json;

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

bycloud::Filter filter_of(SimRequest const& request) {
  bycloud::Filter filter;
  filter.name = request.param("name");
  filter.status = request.param("status");
  if (filter.status) boost::algorithm::to_upper(*filter.status);  // "shutoff" finds SHUTOFF
  filter.flavor_id = request.param("flavor_id");
  filter.image_id = request.param("image_id");
  if (auto const tags = request.param("tags")) {
    std::string_view rest = *tags;
    while (!rest.empty()) {
      auto const comma = rest.find(',');
      auto const tag = rest.substr(0, comma);
      if (!tag.empty()) filter.tags.emplace_back(tag);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return filter;
}

// The same query with limit and marker replaced (no marker: removed), as an absolute URL.
std::string link(std::string const& origin, SimRequest const& request, std::int64_t limit,
                 std::optional<std::string> const& marker) {
  boost::urls::url url = request.url;
  url.params().set("limit", std::to_string(limit));
  if (marker) {
    url.params().set("marker", *marker);
  } else {
    url.params().erase("marker");
  }
  return origin + std::string(url.encoded_target());
}

// Nova refuses actions while a task runs, and each action from the states it cannot start from.
bool allowed_from(std::string_view action, std::string_view type, std::string_view status) {
  if (action == "start") return status == "SHUTOFF";
  if (action == "stop") return status == "ACTIVE" || status == "ERROR" || status == "PAUSED" || status == "SUSPENDED" || status == "RESCUE";
  if (type == "SOFT") return status == "ACTIVE";
  return status == "ACTIVE" || status == "ERROR" || status == "PAUSED" || status == "SUSPENDED";
}

}  // namespace

Reply ByCloudApi::list(SimRequest const& request) {
  std::int64_t limit = kDefaultLimit;
  if (auto const text = request.param("limit")) {
    auto const parsed = parse_integer(*text);
    if (!parsed || *parsed < 1 || *parsed > kMaxLimit) {
      return bycloud_error(400, "Invalid limit", "limit must be an integer between 1 and " + std::to_string(kMaxLimit));
    }
    limit = *parsed;
  }
  std::optional<std::size_t> cursor;
  if (auto const marker = request.param("marker")) {
    cursor = bycloud::instance_index(options_.seed, *marker);
    if (!cursor || *cursor >= next_index_) return bycloud_error(400, "Invalid marker", "marker " + *marker + " not found");
  }
  auto const listed = listing(filter_of(request));

  // The instance the page follows on from, to find the previous page by walking back.
  std::optional<std::size_t> const anchor = listed.after(cursor);
  // Each instance is serialized and dropped at once: a page's whole DOM would only churn the allocator.
  std::string body = "{\"instances\":[";
  std::optional<std::size_t> last;
  std::int64_t count = 0;
  for (auto next = anchor; next && count < limit; next = listed.after(next), ++count) {
    if (last) body += ',';
    body += json::serialize(*document(*next));
    last = next;
  }
  bool const has_more = last && listed.after(last).has_value();
  std::optional<std::string> const marker = last ? std::optional(generated_id(*last)) : std::nullopt;

  std::string const host(request.header("Host").value_or("localhost"));
  std::string const origin = options_.links_origin.empty() ? options_.scheme + "://" + host : options_.links_origin;
  json::value previous = nullptr;
  std::optional<std::size_t> const boundary = anchor ? anchor : cursor ? std::optional(*cursor + 1) : std::nullopt;
  if (auto start = boundary ? listed.before(*boundary) : std::nullopt) {
    // The previous page is the `limit` listed instances before this one; its marker the one before those.
    for (std::int64_t step = 1; step < limit; ++step) {
      auto const earlier = listed.before(*start);
      if (!earlier) break;
      start = earlier;
    }
    auto const before_start = listed.before(*start);
    previous = link(origin, request, limit, before_start ? std::optional(generated_id(*before_start)) : std::nullopt);
  }
  json::object meta{{"total", listed.total()},
                    {"limit", limit},
                    {"marker", marker ? json::value(*marker) : json::value(nullptr)},
                    {"has_more", has_more}};
  json::object links{{"self", origin + request.target},
                     {"next", has_more ? json::value(link(origin, request, limit, marker)) : json::value(nullptr)},
                     {"previous", std::move(previous)}};
  body += "],\"meta\":" + json::serialize(meta) + ",\"links\":" + json::serialize(links) + "}";
  return Reply::json(200, std::move(body));
}

Reply ByCloudApi::get(std::size_t index) const {
  return Reply::json(200, json::serialize(json::object{{"instance", *document(index)}}));
}

Reply ByCloudApi::create(SimRequest const& request) {
  boost::system::error_code ec;
  auto const parsed = json::parse(request.body, ec);
  if (ec || !parsed.is_object()) return bycloud_error(400, "Malformed request body", "the body must be a JSON object");
  auto const& body = parsed.get_object();
  auto text = [&](char const* key) -> std::optional<std::string> {
    auto const* value = body.if_contains(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string(value->get_string());
  };
  bycloud::CreateSpec spec;
  auto const name = text("name");
  if (!name || name->empty()) return bycloud_error(422, "Validation failed", "name is required");
  spec.name = *name;
  auto const flavor_id = text("flavor_id");
  if (!flavor_id) return bycloud_error(422, "Validation failed", "flavor_id is required");
  auto const flavor = bycloud::find_flavor(*flavor_id);
  if (!flavor) return bycloud_error(422, "Validation failed", "flavor " + *flavor_id + " does not exist");
  spec.flavor = *flavor;
  if (auto const image_id = text("image_id")) {
    spec.image = bycloud::find_image(*image_id);
    if (!spec.image) return bycloud_error(422, "Validation failed", "image " + *image_id + " does not exist");
  }
  spec.description = text("description").value_or("");
  if (auto const* metadata = body.if_contains("metadata"); metadata != nullptr && metadata->is_object()) {
    spec.metadata = metadata->get_object();
  }
  if (auto const* tags = body.if_contains("tags"); tags != nullptr && tags->is_array()) spec.tags = tags->get_array();
  auto const key_name = text("key_name");
  if (key_name) {
    bool const known = std::any_of(keypairs_.begin(), keypairs_.end(), [&](Keypair const& pair) { return pair.name == *key_name; });
    if (!known) return bycloud_error(400, "Invalid key_name provided.", "keypair " + *key_name + " does not exist");
    spec.key_names.emplace_back(*key_name);
  }
  received_creates_.push_back(json::object{{"name", *name}, {"key_name", key_name ? json::value(*key_name) : json::value(nullptr)}});
  auto const now = options_.clock();
  spec.now = unix_seconds(now);

  std::size_t const index = next_index_++;
  auto instance = bycloud::created_instance(options_.seed, index, options_.region, spec);
  // A name starting with "fail" builds into ERROR with a fault: the failure path needs a trigger too.
  start_transition(index, instance, "BUILD", name->starts_with("fail") ? "ERROR" : "ACTIVE", options_.build_duration);
  return Reply::json(202, json::serialize(json::object{{"instance", std::move(instance)}}));
}

Reply ByCloudApi::remove(std::size_t index) {
  deleted_.insert(index);
  changed_.erase(index);
  return Reply::empty(204);
}

Reply ByCloudApi::action(std::size_t index, std::string const& name, SimRequest const& request) {
  std::string type;
  if (name == "reboot") {
    boost::system::error_code ec;
    auto const parsed = json::parse(request.body, ec);
    auto const* value = !ec && parsed.is_object() ? parsed.get_object().if_contains("type") : nullptr;
    if (value == nullptr || !value->is_string() || (value->get_string() != "SOFT" && value->get_string() != "HARD")) {
      return bycloud_error(400, "Invalid reboot type", "body must be {\"type\": \"SOFT\"} or {\"type\": \"HARD\"}");
    }
    type = value->get_string();
  }
  auto instance = *document(index);
  std::string const status(instance.at("status").as_string());
  auto const& task_state = instance.at("task_state");
  if (!task_state.is_null()) {
    return bycloud_error(409, "Conflict",
                         "Cannot '" + name + "' instance while it is in task_state " + std::string(task_state.as_string()));
  }
  if (!allowed_from(name, type, status)) {
    return bycloud_error(409, "Conflict", "Cannot '" + name + (type.empty() ? "" : " " + type) +
                                              "' instance while it is in status " + status);
  }
  auto const length = options_.action_duration;
  if (name == "start") start_transition(index, std::move(instance), "SHUTOFF/powering-on", "ACTIVE", length);
  if (name == "stop") start_transition(index, std::move(instance), status + "/powering-off", "SHUTOFF", length);
  if (name == "reboot") {
    start_transition(index, std::move(instance), type == "SOFT" ? "REBOOT" : "HARD_REBOOT", "ACTIVE", length);
  }
  std::string const what = name == "reboot" ? "Reboot (" + type + ")" : name == "start" ? "Start" : "Stop";
  return Reply::json(202, json::serialize(json::object{{"message", what + " request accepted"}}));
}

}  // namespace polycloud::sim
