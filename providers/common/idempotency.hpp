#pragma once
// Idempotency keys (issue 19), the part every adapter does the same way: the key checked before
// anything is sent, and what a lookup by key means before a create's POST (adopt the one VM carrying
// it, conflict for several) and after a POST whose answer was lost (that VM, conflict, or an
// unknown_outcome naming the key and how to settle it later). Where a key is stored is the adapter's.

#include "providers/common/call_site.hpp"

#include <polycloud/create_spec.hpp>
#include <polycloud/instance.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/awaitable.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// The name the key is stored under where the API has key/value pairs: a Katapult annotation's key,
/// a ByCloud metadata key (its tag, and OpenScaler's description marker, start with it too).
inline constexpr std::string_view idempotency_key_name = "polycloud-key";

/// What Provider::find_by_idempotency_keys answers: each key asked for → the VMs carrying it.
using KeyMatches = std::map<std::string, std::vector<Instance>>;

/// invalid_argument unless `key` is empty (no key) or valid_idempotency_key.
Result<void> check_idempotency_key(std::string_view key, CallSite const& site);
/// check_idempotency_key for the spec's key, and, with a key, no tag of the spec under
/// idempotency_key_name (the adapter stores the key there).
Result<void> check_idempotency_key(CreateSpec const& spec, CallSite const& site);
/// invalid_argument unless every key is valid (empty ones refused: a lookup needs a key); an empty
/// set is refused too, since a listing pass for nothing is a caller's mistake.
Result<void> check_idempotency_keys(std::vector<std::string> const& keys, CallSite const& site);

/// Every key of `keys` → no VM yet: a lookup's starting point.
KeyMatches no_matches(std::vector<std::string> const& keys);
/// Files `vm` under the key it carries (`carried`), when that is one of the keys asked for and the VM is
/// not terminated: a deleted VM (Nova lists DELETED and SOFT_DELETED ones) is not adopted, so a create
/// rerun after a delete builds the VM again instead of returning the one going away.
void add_match(KeyMatches& matches, std::string const& carried, Instance vm);

/// Drains `pager`, filing each VM under the value of its Instance::tags[idempotency_key_name] (where
/// Katapult's annotations and ByCloud's metadata land): one listing pass for the whole set of keys.
boost::asio::awaitable<Result<KeyMatches>> match_stored_keys(InstancePager& pager, std::vector<std::string> const& keys);

/// Before a create's POST, from the lookup of `key`: nothing carries it (nullopt: send the create),
/// the one VM carrying it, marked Instance::adopted, or conflict naming every id when several do. A
/// failed lookup is returned as it is: nothing was sent, so the create can simply be run again.
Result<std::optional<Instance>> adopt_or_create(Result<KeyMatches> found, std::string const& key,
                                                CallSite const& site);

/// After a create whose answer was lost (`cause`), from the lookup of `key`: the one VM carrying it
/// (the one the POST made), conflict for several, otherwise unknown_outcome carrying the key and the
/// command that settles it later. `request` ("the create", "the build") names what was not re-sent.
Result<Instance> resolve_lost_create(Result<KeyMatches> found, std::string const& key, Error cause,
                                     std::string_view request, CallSite const& site);

/// The advice an unresolved create carries: rerunning it with the same key adopts the VM if it exists.
std::string settle_later_hint(std::string const& key);

}  // namespace polycloud::providers
