// diff_snapshots: a merge join of two snapshots read in (provider, id) order, one row of each at a time.
#include "inventory/instance_row.hpp"
#include "inventory/schema.hpp"

#include <polycloud/snapshot.hpp>

#include <algorithm>
#include <set>

namespace polycloud {

namespace {

using inventory::Database;
using inventory::Statement;

/// One side: its snapshot and a cursor over its rows, sorted by SQLite (a bounded sorter, not memory).
class Side {
 public:
  static Result<Side> open(SnapshotRef const& ref) {
    Side side;
    auto db = inventory::open_for_reading(ref.file, "diff");
    if (!db) return db.error();
    side.db_ = std::move(*db);
    auto snapshot = inventory::resolve_snapshot(*side.db_, ref.at);
    if (!snapshot) return snapshot.error();
    side.snapshot_ = std::move(*snapshot);
    auto rows = side.db_->prepare(std::string("SELECT ") + inventory::instance_columns +
                                  " FROM instances WHERE observed_at = ?1 ORDER BY provider, id");
    if (!rows) return rows.error();
    side.rows_ = std::move(*rows);
    side.rows_.bind(1, format_rfc3339(side.snapshot_.observed_at));
    return side;
  }

  SnapshotInfo const& snapshot() const noexcept { return snapshot_; }
  SnapshotProvider const* provider(std::string const& name) const {
    for (auto const& each : snapshot_.providers)
      if (each.provider == name) return &each;
    return nullptr;
  }
  bool complete(std::string const& name) const {
    auto const* found = provider(name);
    return found != nullptr && found->complete;
  }

  /// Moves to the next row whose key differs from the current one (a VM listed twice in one listing,
  /// moving between pages as they were read, counts once: the first row).
  Result<void> advance() {
    for (;;) {
      auto row = rows_.step();
      if (!row) return row.error();
      if (!*row) {
        current_.reset();
        return {};
      }
      if (current_ && rows_.text(0) == current_->provider && rows_.text(1) == current_->id) continue;
      auto instance = inventory::read_instance(rows_, *db_);
      if (!instance) return instance.error();
      current_ = std::move(*instance);
      return {};
    }
  }
  /// The current row, or nullptr past the end.
  Instance const* current() const noexcept { return current_ ? &*current_ : nullptr; }

 private:
  std::unique_ptr<Database> db_;
  SnapshotInfo snapshot_;
  Statement rows_;
  std::optional<Instance> current_;
};

/// Compares one VM seen on both sides: a state event, then a changed event (to_json key order).
void compare(Instance const& before, Instance const& after, InventoryEvent const& base,
             std::function<void(InventoryEvent const&)> const& sink) {
  if (before.state != after.state || before.raw_state != after.raw_state) {
    InventoryEvent event = base;
    event.kind = InventoryEventKind::state;
    event.from = before.state;
    event.to = after.state;
    event.raw_from = before.raw_state;
    event.raw_to = after.raw_state;
    event.instance = after;
    sink(event);
  }
  auto const old_json = to_json(before), new_json = to_json(after);
  InventoryEvent event = base;
  event.kind = InventoryEventKind::changed;
  for (auto const& [key, value] : new_json) {
    if (key == "provider" || key == "id" || key == "state" || key == "raw_state") continue;
    auto const* old_value = old_json.if_contains(key);
    if (old_value != nullptr && *old_value == value) continue;
    event.changes.push_back({std::string(key), old_value ? *old_value : boost::json::value(nullptr), value});
  }
  if (event.changes.empty()) return;
  event.instance = after;
  sink(event);
}

/// The providers compared: those of either snapshot, or the selection, in name order.
std::vector<std::string> providers_compared(Side const& from, Side const& to, DiffOptions const& options) {
  std::set<std::string> names;
  if (!options.providers.empty()) {
    names.insert(options.providers.begin(), options.providers.end());
  } else {
    for (auto const* side : {&from, &to})
      for (auto const& provider : side->snapshot().providers) names.insert(provider.provider);
  }
  return {names.begin(), names.end()};
}

}  // namespace

Result<void> diff_snapshots(SnapshotRef const& from_ref, SnapshotRef const& to_ref,
                            std::function<void(InventoryEvent const&)> const& sink, DiffOptions const& options) {
  auto from = Side::open(from_ref);
  if (!from) return from.error();
  auto to = Side::open(to_ref);
  if (!to) return to.error();
  for (auto* side : {&*from, &*to})
    if (auto moved = side->advance(); !moved) return moved.error();
  InventoryEvent base;
  base.observed_at = to->snapshot().observed_at;

  for (auto const& name : providers_compared(*from, *to, options)) {
    base.provider = name;
    base.id.clear();
    bool const from_complete = from->complete(name), to_complete = to->complete(name);
    if (!to_complete || !from_complete) {
      InventoryEvent event = base;
      event.kind = to_complete ? InventoryEventKind::provider_recovered : InventoryEventKind::provider_unavailable;
      if (!to_complete) {
        auto const* listed = to->provider(name);
        event.error = listed && listed->error ? *listed->error
                                              : make_error(ErrorKind::not_found,
                                                           "not listed in the snapshot at " +
                                                               format_rfc3339(to->snapshot().observed_at),
                                                           name, "list");
      }
      sink(event);
    }
    // Rows of providers before this one were not selected: skip them.
    for (auto* side : {&*from, &*to})
      while (side->current() && side->current()->provider < name)
        if (auto moved = side->advance(); !moved) return moved.error();
    for (;;) {
      auto const* old_vm = from->current();
      auto const* new_vm = to->current();
      bool const old_here = old_vm && old_vm->provider == name, new_here = new_vm && new_vm->provider == name;
      if (!old_here && !new_here) break;
      int const order = !old_here ? 1 : !new_here ? -1 : old_vm->id.compare(new_vm->id);
      InventoryEvent event = base;
      event.id = order < 0 ? old_vm->id : new_vm->id;
      if (order < 0 && from_complete && to_complete) {
        event.kind = InventoryEventKind::removed;
        event.instance = *old_vm;
        sink(event);
      } else if (order > 0 && from_complete) {
        event.kind = InventoryEventKind::added;
        event.instance = *new_vm;
        sink(event);
      } else if (order == 0) {
        compare(*old_vm, *new_vm, event, sink);
      }
      if (order <= 0)
        if (auto moved = from->advance(); !moved) return moved.error();
      if (order >= 0)
        if (auto moved = to->advance(); !moved) return moved.error();
    }
  }
  return {};
}

}  // namespace polycloud
