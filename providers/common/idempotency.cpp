#include "providers/common/idempotency.hpp"

#include "providers/common/error_mapping.hpp"
#include "core/idempotency_key.hpp"

#include <polycloud/create_spec.hpp>

namespace polycloud::providers {

namespace {

Error several_carry(std::vector<Instance> const& found, std::string const& key, CallSite const& site) {
  std::string ids;
  for (auto const& vm : found) ids += (ids.empty() ? "" : ", ") + vm.id;
  auto error = make_error(ErrorKind::conflict,
                          std::to_string(found.size()) + " VMs carry idempotency key \"" + key + "\" (" + ids +
                              "); adopt none: delete the extra ones, or use another key",
                          site.provider, site.operation);
  scrub(error.message, site);
  return error;
}

std::vector<Instance> carrying(KeyMatches& found, std::string const& key) {
  auto const it = found.find(key);
  return it == found.end() ? std::vector<Instance>{} : std::move(it->second);
}

}  // namespace

Result<void> check_idempotency_key(std::string_view key, CallSite const& site) {
  if (key.empty() || valid_idempotency_key(key)) return {};
  return idempotency_key_refusal(key, site.provider, site.operation);
}

Result<void> check_idempotency_key(CreateSpec const& spec, CallSite const& site) {
  if (auto checked = check_idempotency_key(spec.idempotency_key, site); !checked) return checked;
  if (!spec.idempotency_key.empty() && spec.tags.contains(std::string(idempotency_key_name))) {
    return invalid_argument(site, "the tag \"" + std::string(idempotency_key_name) +
                                      "\" holds the idempotency key: give the key as the key, not as a tag");
  }
  return {};
}

Result<void> check_idempotency_keys(std::vector<std::string> const& keys, CallSite const& site) {
  if (keys.empty()) return invalid_argument(site, "no idempotency key to look up");
  for (auto const& key : keys) {
    if (key.empty()) return invalid_argument(site, "an idempotency key to look up is empty");
    if (auto checked = check_idempotency_key(key, site); !checked) return checked;
  }
  return {};
}

KeyMatches no_matches(std::vector<std::string> const& keys) {
  KeyMatches matches;
  for (auto const& key : keys) matches.try_emplace(key);
  return matches;
}

void add_match(KeyMatches& matches, std::string const& carried, Instance vm) {
  if (vm.state == State::terminated) return;
  if (auto const it = matches.find(carried); it != matches.end()) it->second.push_back(std::move(vm));
}

boost::asio::awaitable<Result<KeyMatches>> match_stored_keys(InstancePager& pager,
                                                             std::vector<std::string> const& keys) {
  auto matches = no_matches(keys);
  while (true) {
    auto batch = co_await pager.next();
    if (!batch) co_return batch.error();
    if (!*batch) co_return matches;
    for (auto& vm : **batch) {
      auto const carried = vm.tags.find(std::string(idempotency_key_name));
      if (carried != vm.tags.end()) add_match(matches, carried->second, std::move(vm));
    }
  }
}

Result<std::optional<Instance>> adopt_or_create(Result<KeyMatches> found, std::string const& key,
                                                CallSite const& site) {
  if (!found) {
    auto error = attribute(found.error(), site);
    error.operation = site.operation;
    error.message = "looking up idempotency key \"" + key + "\" before creating failed (nothing was created): " +
                    error.message;
    return error;
  }
  auto vms = carrying(*found, key);
  if (vms.empty()) return std::optional<Instance>{};
  if (vms.size() > 1) return several_carry(vms, key, site);
  vms.front().adopted = true;
  return std::optional<Instance>(std::move(vms.front()));
}

Result<Instance> resolve_lost_create(Result<KeyMatches> found, std::string const& key, Error cause,
                                     std::string_view request, CallSite const& site) {
  if (!found) {
    return unknown_create_outcome(std::move(cause),
                                  "looking the VM up by idempotency key \"" + key +
                                      "\" failed: " + found.error().to_string() + "; " + settle_later_hint(key),
                                  request);
  }
  auto vms = carrying(*found, key);
  if (vms.size() == 1) return std::move(vms.front());
  if (vms.size() > 1) return several_carry(vms, key, site);
  return unknown_create_outcome(std::move(cause),
                                "no VM carries idempotency key \"" + key + "\" yet; " + settle_later_hint(key),
                                request);
}

std::string settle_later_hint(std::string const& key) {
  return "run the same create again with this key (polycloud create … --idempotency-key " + key +
         ", or polycloud pending --resolve): it adopts the VM if this create made one and builds it otherwise";
}

}  // namespace polycloud::providers
