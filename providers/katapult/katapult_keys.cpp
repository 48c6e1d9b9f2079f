// SSH keys for a build from spec: each key made sure to exist among the organization's SSH keys (found
// by fingerprint, else added once), and the tag names the build could not apply set after it.
#include "providers/katapult/katapult_provider.hpp"

#include "providers/common/requests.hpp"
#include "providers/katapult/ssh_keys.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace polycloud::katapult {

namespace json = boost::json;
using boost::asio::awaitable;
using providers::CallSite;

namespace {
constexpr std::size_t kKeysPerPage = 200;  // the documented maximum the server honours (katapult-api.md §0)
constexpr std::size_t kKeyPageCap = 1000;  // a server paging forever is a protocol error, not a hang
}  // namespace

awaitable<Result<std::size_t>> KatapultProvider::find_ssh_keys(std::vector<providers::PublicKey> const& keys,
                                                                std::vector<std::string>& ids, CallOptions call,
                                                                CallSite const& site) {
  // The list gives {id, name, fingerprint} only; which fingerprint form the server prints is not
  // settled (katapult-api.md §5), so each key is matched on both forms its blob gives.
  auto missing = static_cast<std::size_t>(std::count(ids.begin(), ids.end(), std::string()));
  for (std::size_t page = 1; missing > 0; ++page) {
    if (page > kKeyPageCap) co_return providers::protocol_error(site, "the SSH key list did not end within 1000 pages");
    auto request = providers::request_for(http::Method::get, ssh_keys_url(endpoint_, settings_.organization, page, kKeysPerPage), site);
    auto body = co_await exchange_json(std::move(request), call, site);
    if (!body) co_return body.error();
    auto listed = read_ssh_keys_page(*body, kKeysPerPage, site);
    if (!listed) co_return listed.error();
    for (auto const& registered : listed->keys) {
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (ids[i].empty() && keys[i].has_fingerprint(registered.fingerprint)) {
          ids[i] = registered.id;
          --missing;
        }
      }
    }
    if (listed->last) break;
  }
  co_return missing;
}

awaitable<Result<std::vector<std::string>>> KatapultProvider::ensure_ssh_keys(std::vector<providers::PublicKey> const& keys,
                                                                               CallOptions call, CallSite const& site) {
  std::vector<std::string> ids(keys.size());
  if (auto missing = co_await find_ssh_keys(keys, ids, call, site); !missing) co_return missing.error();
  bool listed_again = false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!ids[i].empty()) continue;
    // The same key twice in one spec is added once.
    for (std::size_t j = 0; j < i; ++j) {
      if (keys[j].sha256 == keys[i].sha256) ids[i] = ids[j];
    }
    if (!ids[i].empty()) continue;
    // Not idempotent: an add whose answer was lost is not re-sent; the next create finds the key listed.
    auto request = providers::request_for(http::Method::post, add_ssh_key_url(endpoint_), site,
                                          add_ssh_key_body(settings_.organization, keys[i].registered_name(), keys[i].line()));
    auto body = co_await exchange_json(std::move(request), call, site);
    if (body) {
      auto id = read_added_ssh_key(*body, site);
      if (!id) co_return id.error();
      ids[i] = std::move(*id);
      continue;
    }
    // A concurrent create may have added the same key since the list: the organization then refuses a
    // second copy (a validation_error; the reference does not print its text). The list, read once more,
    // says whether that is what happened; any other refusal stays this create's error.
    if (listed_again || body.error().provider_code != "validation_error") co_return body.error();
    listed_again = true;
    if (auto relisted = co_await find_ssh_keys(keys, ids, call, site); !relisted) co_return relisted.error();
    if (ids[i].empty()) co_return body.error();
  }
  co_return ids;
}

awaitable<Result<Instance>> KatapultProvider::apply_tag_names(Instance vm, std::vector<std::string> const& names,
                                                              CallOptions call, CallSite const& site) {
  bool const all_applied = std::all_of(names.begin(), names.end(), [&](auto const& name) { return vm.tags.contains(name); });
  if (all_applied) co_return vm;
  // Only tags that already exist are applied at creation; tag_names creates the others (katapult-api.md
  // §4a, as the Terraform provider does). It replaces the whole set: the new VM's own, plus the spec's.
  json::array tag_names;
  for (auto const& [name, value] : vm.tags) {
    if (value.empty()) tag_names.push_back(json::string(name));
  }
  for (auto const& name : names) {
    if (!vm.tags.contains(name)) tag_names.push_back(json::string(name));
  }
  auto const body = json::serialize(json::object{{"virtual_machine", json::object{{"id", vm.id}}},
                                                 {"properties", json::object{{"tag_names", std::move(tag_names)}}}});
  auto request = providers::request_for(http::Method::patch, update_url(endpoint_), site, body);
  request.idempotent = true;  // setting the same names again changes nothing
  auto response = co_await exchange(std::move(request), call, site);
  if (!response) co_return response.error();
  co_return co_await fetch(vm.id, call, site, false);
}

}  // namespace polycloud::katapult
