#pragma once
// Ctrl-C of a create that carries an idempotency key (issue 19): once the cancelled create has ended,
// its key is looked up once, briefly, so that the user learns there and then whether the create made
// a VM (and its id) rather than only how to find out later.
#include "commands/session.hpp"
#include "terminal/interruption.hpp"

#include <chrono>
#include <string>

namespace polycloud::cli {

/// How long that lookup may take: the user pressed Ctrl-C and is waiting (a second Ctrl-C abandons it).
inline constexpr std::chrono::seconds interrupted_lookup_bound{10};

/// What to report for the create of the VM `name` with `key` on `provider` that `interrupted` ended.
/// Exactly one VM carries the key: its id (and its journal line is cleared, under the key's lock as
/// `pending --resolve` does). Otherwise `interrupted` as it was, which names the key and the rerun,
/// with what the lookup found: no VM yet, several (their ids), or why it ended without an answer.
Interrupted settle_interrupted_create(Session& session, std::string const& provider, std::string const& name,
                                      std::string const& key, Interrupted const& interrupted);

}  // namespace polycloud::cli
