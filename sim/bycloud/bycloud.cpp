#include "sim/bycloud/bycloud.hpp"

#include "sim/seeded.hpp"
#include "sim/ssh_public_key.hpp"

#include <boost/json.hpp>

#include <numeric>

namespace polycloud::sim {
namespace {

namespace json = boost::json;

constexpr std::size_t kMatchingCacheSize = 16;  // distinct filters whose generated matches are kept

}  // namespace

ByCloudApi::ByCloudApi(ByCloudOptions options)
    : options_(std::move(options)), rate_(options_.rate_limit_per_minute), next_index_(options_.instances) {
  if (!options_.clock) options_.clock = system_clock_source();
  // The keypair generated instances name, holding a made-up ed25519 key (its blob names its type).
  std::string const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f sim@bycloud";
  keypairs_.push_back(Keypair{"my-keypair", key, parse_public_key(key)->md5});
}

std::string ByCloudApi::error_body(int status, std::string_view, std::string_view message) const {
  json::object error{{"code", status}, {"message", message}};
  error["request_id"] = "req-" + seeded_uuid(options_.seed, ++request_serial_, 61);
  return json::serialize(json::object{{"error", std::move(error)}});
}

Reply ByCloudApi::bycloud_error(int status, std::string_view message, std::string_view details) const {
  auto body = json::parse(error_body(status, "", message)).as_object();
  if (!details.empty()) {
    // "details" sits between message and request_id, as documented.
    auto& error = body["error"].as_object();
    json::object ordered{{"code", error["code"]}, {"message", error["message"]}, {"details", details},
                         {"request_id", error["request_id"]}};
    error = std::move(ordered);
  }
  return Reply::json(status, json::serialize(body));
}

std::optional<Reply> ByCloudApi::check_auth(SimRequest const& request) const {
  auto const authorization = request.header("Authorization");
  auto const api_key = request.header("X-Api-Key");
  if (!authorization && !api_key) return bycloud_error(401, "Authentication required");
  bool const bearer_ok = authorization && *authorization == "Bearer " + options_.token;
  bool const key_ok = api_key && *api_key == options_.api_key;
  if (!bearer_ok && !key_ok) return bycloud_error(401, "Authentication required or token invalid");
  return std::nullopt;
}

// Every answer counts against the per-minute budget and carries the X-RateLimit-* headers.
Reply ByCloudApi::handle(SimRequest const& request) {
  if (!rate_.limited()) return route(request);
  auto const verdict = rate_.take(options_.clock());
  auto reply = verdict.allowed ? route(request)
                               : bycloud_error(429, "Rate limit exceeded",
                                               "Limit of " + std::to_string(verdict.limit) + " requests per minute");
  reply.headers.emplace_back("X-RateLimit-Limit", std::to_string(verdict.limit));
  reply.headers.emplace_back("X-RateLimit-Remaining", std::to_string(verdict.remaining));
  reply.headers.emplace_back("X-RateLimit-Reset", std::to_string(verdict.reset_unix));
  if (!verdict.allowed) reply.headers.emplace_back("Retry-After", std::to_string(std::max<std::int64_t>(1, verdict.retry_after)));
  return reply;
}

Reply ByCloudApi::route(SimRequest const& request) {
  if (auto denied = check_auth(request)) return std::move(*denied);
  auto const parts = request.segments();
  auto const& method = request.method;
  if (parts.size() == 2 && parts[0] == "v1" && parts[1] == "keypairs") {
    if (method == "GET") return keypairs();
    if (method == "POST") return add_keypair(request);
    return bycloud_error(405, "Method not allowed");
  }
  if (parts.size() < 2 || parts[0] != "v1" || parts[1] != "instances" || parts.size() > 4) {
    return bycloud_error(404, "Resource not found");
  }
  if (parts.size() == 2) {
    if (method == "GET") return list(request);
    if (method == "POST") return create(request);
    return bycloud_error(405, "Method not allowed");
  }
  auto const index = find(parts[2]);
  if (!index) return bycloud_error(404, "Instance " + parts[2] + " could not be found");
  if (parts.size() == 3) {
    if (method == "GET") return get(*index);
    if (method == "DELETE") return remove(*index);
    return bycloud_error(405, "Method not allowed");
  }
  if (parts[3] != "start" && parts[3] != "stop" && parts[3] != "reboot") return bycloud_error(404, "Resource not found");
  if (method != "POST") return bycloud_error(405, "Method not allowed");
  return action(*index, parts[3], request);
}

std::optional<json::object> ByCloudApi::document(std::size_t index) const {
  if (deleted_.contains(index)) return std::nullopt;
  auto const it = changed_.find(index);
  if (it == changed_.end()) {
    if (index >= options_.instances) return std::nullopt;
    return bycloud::generate_instance(options_.seed, index, options_.region);
  }
  auto instance = it->second.document;
  if (auto const& transition = it->second.transition) {
    auto const now = options_.clock();
    bycloud::set_status(instance, transition->at(now), unix_seconds(now));
    auto const status = instance.at("status").as_string();
    // A freshly built instance gets its networks once it leaves BUILD.
    if (status != "BUILD" && status != "ERROR" && instance.at("addresses").as_object().empty()) {
      instance["addresses"] = bycloud::addresses(options_.seed, index);
    }
  }
  return instance;
}

std::optional<std::size_t> ByCloudApi::find(std::string_view id) const {
  auto const index = bycloud::instance_index(options_.seed, id);
  if (!index || !document(*index)) return std::nullopt;
  return index;
}

std::shared_ptr<std::vector<std::uint32_t> const> ByCloudApi::generated_matching(bycloud::Filter const& filter) {
  auto const key = filter.key();
  if (auto const it = matching_cache_.find(key); it != matching_cache_.end()) return it->second;
  if (matching_cache_.size() >= kMatchingCacheSize) matching_cache_.clear();
  auto matching = std::make_shared<std::vector<std::uint32_t>>();
  if (filter.empty()) {
    matching->resize(options_.instances);
    std::iota(matching->begin(), matching->end(), 0U);
  } else {
    for (std::size_t index = 0; index < options_.instances; ++index) {
      if (filter.matches(bycloud::summarize(options_.seed, index))) matching->push_back(static_cast<std::uint32_t>(index));
    }
  }
  matching_cache_[key] = matching;
  return matching;
}

bycloud::Listing ByCloudApi::listing(bycloud::Filter const& filter) {
  std::vector<std::size_t> shadowed(deleted_.begin(), deleted_.end());
  std::vector<std::size_t> live;
  for (auto const& [index, change] : changed_) {
    if (index < options_.instances) shadowed.push_back(index);
    if (auto const instance = document(index); instance && filter.matches(*instance)) live.push_back(index);
  }
  std::sort(shadowed.begin(), shadowed.end());
  return bycloud::Listing(generated_matching(filter), std::move(shadowed), std::move(live));
}

void ByCloudApi::start_transition(std::size_t index, json::object current, std::string during, std::string after,
                                  std::chrono::milliseconds length) {
  auto& change = changed_[index];
  change.document = std::move(current);
  change.transition = Timeline{options_.clock(), {{std::chrono::milliseconds(0), std::move(during)}, {length, std::move(after)}}};
}

}  // namespace polycloud::sim
