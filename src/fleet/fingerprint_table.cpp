#include "fleet/fingerprint_table.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <new>

namespace polycloud::watching {
namespace {
std::size_t hash_id(std::string_view id) { return std::hash<std::string_view>{}(id); }
// The arena bytes of an id: a long id's length first (Record::id_length)
std::size_t stored_size(std::string_view id) { return (id.size() < Record::long_id ? 0 : 2) + id.size(); }
}  // namespace

FingerprintTable::FingerprintTable() : index_(initial_slots * sizeof(std::uint32_t)) {}

Record& FingerprintTable::at(std::size_t index) {
  return chunks_[index / chunk_records].as<Record>()[index % chunk_records];
}

std::string_view FingerprintTable::id_in(Arena const& arena, Record const& record) {
  auto const* stored = arena[record.id_at / arena_chunk].as<char>() + record.id_at % arena_chunk;
  if (record.id_length != Record::long_id) return {stored, record.id_length};
  auto const* length = reinterpret_cast<unsigned char const*>(stored);
  return {stored + 2, std::size_t{length[0]} | std::size_t{length[1]} << 8};
}

std::string_view FingerprintTable::id_of(Record const& record) const { return id_in(arena_, record); }

std::size_t FingerprintTable::slot_of(std::string_view id) const {
  auto const mask = index_slots_ - 1;
  for (auto slot = hash_id(id) & mask;; slot = (slot + 1) & mask) {
    auto const held = slots()[slot];
    if (held == 0) return slot;
    auto const& record = const_cast<FingerprintTable*>(this)->at(held - 1);
    if (id_of(record) == id) return slot;
  }
}

Record* FingerprintTable::find(std::string_view id) {
  auto const held = slots()[slot_of(id)];
  return held == 0 ? nullptr : &at(held - 1);
}

std::uint32_t FingerprintTable::store_id(std::string_view id) {
  auto const size = stored_size(id);
  if (arena_.empty() || arena_used_ + size > arena_chunk) {
    arena_.emplace_back(arena_chunk);
    arena_used_ = 0;
  }
  auto const at = static_cast<std::uint32_t>((arena_.size() - 1) * arena_chunk + arena_used_);
  auto* out = arena_.back().as<char>() + arena_used_;
  if (size != id.size()) {
    *out++ = static_cast<char>(id.size() & 0xff);
    *out++ = static_cast<char>(id.size() >> 8);
  }
  std::memcpy(out, id.data(), id.size());
  arena_used_ += size;
  arena_live_ += size;
  return at;
}

Record* FingerprintTable::insert(std::string_view id) {
  if (id.size() > 0xffff) return nullptr;
  if ((count_ + 1) * 2 > index_slots_) grow_index();  // load at most 1/2: short probes
  if (count_ % chunk_records == 0 && count_ / chunk_records == chunks_.size())
    chunks_.emplace_back(chunk_records * sizeof(Record));
  auto* record = new (chunks_[count_ / chunk_records].as<Record>() + count_ % chunk_records) Record{};
  record->id_at = store_id(id);
  record->id_length = static_cast<std::uint8_t>(std::min<std::size_t>(id.size(), Record::long_id));
  slots()[slot_of(id)] = static_cast<std::uint32_t>(++count_);
  return record;
}

void FingerprintTable::grow_index() {
  Pages grown(index_slots_ * 2 * sizeof(std::uint32_t));
  std::swap(index_, grown);
  auto const* old = grown.as<std::uint32_t>();
  auto const old_slots = index_slots_;
  index_slots_ *= 2;
  auto const mask = index_slots_ - 1;
  for (std::size_t i = 0; i < old_slots; ++i) {
    auto const held = old[i];
    if (held == 0) continue;
    auto slot = hash_id(id_of(at(held - 1))) & mask;
    while (slots()[slot] != 0) slot = (slot + 1) & mask;
    slots()[slot] = held;
  }
}

void FingerprintTable::erase(std::size_t index) {
  auto const mask = index_slots_ - 1;
  auto* const index_slots = slots();
  auto const id = id_of(at(index));
  // Linear probing's backward-shift deletion: later members of the probe run move up into the hole,
  // so every lookup still finds its id without tombstones.
  auto hole = slot_of(id);
  for (auto next = (hole + 1) & mask; index_slots[next] != 0; next = (next + 1) & mask) {
    auto const home = hash_id(id_of(at(index_slots[next] - 1))) & mask;
    bool const movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
    if (movable) {
      index_slots[hole] = index_slots[next];
      hole = next;
    }
  }
  index_slots[hole] = 0;
  arena_garbage_ += stored_size(id);
  arena_live_ -= stored_size(id);

  auto const last = count_ - 1;
  if (index != last) {
    index_slots[slot_of(id_of(at(last)))] = static_cast<std::uint32_t>(index + 1);
    at(index) = at(last);
  }
  --count_;
  if (count_ % chunk_records == 0 && chunks_.size() > count_ / chunk_records + 1) chunks_.pop_back();
  if (arena_garbage_ > arena_chunk && arena_garbage_ > arena_live_) compact_arena();
}

void FingerprintTable::compact_arena() {
  auto old = std::move(arena_);
  arena_.clear();
  arena_used_ = 0;
  arena_live_ = 0;
  arena_garbage_ = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    auto& record = at(i);
    record.id_at = store_id(id_in(old, record));
  }
}

void FingerprintTable::touch_all(std::uint8_t epoch) {
  for (std::size_t i = 0; i < count_; ++i) at(i).epoch = epoch;
}

}  // namespace polycloud::watching
