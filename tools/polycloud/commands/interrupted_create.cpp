#include "commands/interrupted_create.hpp"

#include "output/streams.hpp"

#include <polycloud/create_journal.hpp>

#include <optional>
#include <vector>

namespace polycloud::cli {

namespace {

/// `interrupted` with `found` added to what it knew.
Interrupted with(Interrupted const& interrupted, std::string const& found) {
  return Interrupted(interrupted.signal_number(), interrupted.what_is_known() + "; " + found);
}

std::string ids_of(std::vector<Instance> const& vms) {
  std::string ids;
  for (auto const& vm : vms) ids += (ids.empty() ? "" : ", ") + vm.id;
  return ids;
}

}  // namespace

Interrupted settle_interrupted_create(Session& session, std::string const& provider_name, std::string const& name,
                                      std::string const& key, Interrupted const& interrupted) {
  auto provider = session.fleet().provider(provider_name);
  if (!provider) return interrupted;
  // Held while the key is looked up, so that no create of it on this host lands between the lookup and
  // the clear; another process holding it is creating the key right now, and its line is its own.
  auto const journal = session.fleet().create_journal();
  std::optional<CreateJournal::KeyLock> held;
  if (journal)
    if (auto lock = journal->try_lock_key(provider_name, key); lock && *lock) held.emplace(std::move(**lock));

  print_err("polycloud: looking up idempotency key {} on {} to see whether the create made a VM (at most {} s; "
            "press Ctrl-C again to stop)\n",
            key, provider_name, interrupted_lookup_bound.count());
  std::vector<std::string> keys{key};
  auto found = session.run_after_interrupt(
      (*provider)->find_by_idempotency_keys(std::move(keys), CallOptions::within(interrupted_lookup_bound)),
      interrupted_lookup_bound, "the lookup by idempotency key");
  if (!found) return with(interrupted, "the lookup by the key was abandoned");
  if (!*found) {
    auto const& error = found->error();
    if (error.kind == ErrorKind::cancelled) return with(interrupted, "the lookup by the key was abandoned");
    return with(interrupted, "looking the key up failed: " + error.to_string());
  }
  auto const carrying = (*found)->find(key);
  if (carrying == (*found)->end() || carrying->second.empty())
    return with(interrupted, "looked up just now, no VM carries the key yet");
  auto const& vms = carrying->second;
  if (vms.size() > 1)
    return with(interrupted, std::to_string(vms.size()) + " VMs carry the key (" + ids_of(vms) +
                                 "): keep one and delete the others");
  std::string cleared;
  if (held) {
    auto const done = journal->clear(provider_name, key);
    cleared = done ? "; its journal line is cleared" : "; its journal line stays (" + done.error().message + ")";
  }
  return Interrupted(interrupted.signal_number(),
                     "the create was interrupted after it made the VM: " + name + " exists on " + provider_name +
                         " with id " + vms.front().id + " (found by its idempotency key " + key + cleared +
                         "); the same command run again adopts it");
}

}  // namespace polycloud::cli
