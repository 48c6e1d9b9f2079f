#include "fleet/fingerprint_table.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace polycloud::watching {
namespace {
std::size_t hash_id(std::string_view id) { return std::hash<std::string_view>{}(id); }
// The arena bytes of an id: a long id's length first (Record::id_length)
std::size_t stored_size(std::string_view id) { return (id.size() < Record::long_id ? 0 : 2) + id.size(); }
}  // namespace

FingerprintTable::FingerprintTable() : index_(initial_slots, 0) {}

Record& FingerprintTable::at(std::size_t index) { return chunks_[index / chunk_records][index % chunk_records]; }

std::string_view FingerprintTable::id_in(Arena const& arena, Record const& record) {
  auto const* stored = arena[record.id_at / arena_chunk].get() + record.id_at % arena_chunk;
  if (record.id_length != Record::long_id) return {stored, record.id_length};
  auto const* length = reinterpret_cast<unsigned char const*>(stored);
  return {stored + 2, std::size_t{length[0]} | std::size_t{length[1]} << 8};
}

std::string_view FingerprintTable::id_of(Record const& record) const { return id_in(arena_, record); }

std::size_t FingerprintTable::slot_of(std::string_view id) const {
  auto const mask = index_.size() - 1;
  for (auto slot = hash_id(id) & mask;; slot = (slot + 1) & mask) {
    auto const held = index_[slot];
    if (held == 0) return slot;
    auto const& record = const_cast<FingerprintTable*>(this)->at(held - 1);
    if (id_of(record) == id) return slot;
  }
}

Record* FingerprintTable::find(std::string_view id) {
  auto const held = index_[slot_of(id)];
  return held == 0 ? nullptr : &at(held - 1);
}

std::uint32_t FingerprintTable::store_id(std::string_view id) {
  auto const size = stored_size(id);
  if (arena_.empty() || arena_used_ + size > arena_chunk) {
    // Not zeroed: a page no id has reached yet stays untouched, so it takes no memory.
    arena_.push_back(std::make_unique_for_overwrite<char[]>(arena_chunk));
    arena_used_ = 0;
  }
  auto const at = static_cast<std::uint32_t>((arena_.size() - 1) * arena_chunk + arena_used_);
  auto* out = arena_.back().get() + arena_used_;
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
  if ((count_ + 1) * 2 > index_.size()) grow_index();  // load at most 1/2: short probes
  if (count_ % chunk_records == 0 && count_ / chunk_records == chunks_.size())
    chunks_.push_back(std::make_unique<Record[]>(chunk_records));
  auto& record = at(count_);
  record = Record{};
  record.id_at = store_id(id);
  record.id_length = static_cast<std::uint8_t>(std::min<std::size_t>(id.size(), Record::long_id));
  index_[slot_of(id)] = static_cast<std::uint32_t>(++count_);
  return &record;
}

void FingerprintTable::grow_index() {
  std::vector<std::uint32_t> old(index_.size() * 2, 0);
  old.swap(index_);
  auto const mask = index_.size() - 1;
  for (auto const held : old) {
    if (held == 0) continue;
    auto slot = hash_id(id_of(at(held - 1))) & mask;
    while (index_[slot] != 0) slot = (slot + 1) & mask;
    index_[slot] = held;
  }
}

void FingerprintTable::erase(std::size_t index) {
  auto const mask = index_.size() - 1;
  auto const id = id_of(at(index));
  // Linear probing's backward-shift deletion: later members of the probe run move up into the hole,
  // so every lookup still finds its id without tombstones.
  auto hole = slot_of(id);
  for (auto next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
    auto const home = hash_id(id_of(at(index_[next] - 1))) & mask;
    bool const movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
    if (movable) {
      index_[hole] = index_[next];
      hole = next;
    }
  }
  index_[hole] = 0;
  arena_garbage_ += stored_size(id);
  arena_live_ -= stored_size(id);

  auto const last = count_ - 1;
  if (index != last) {
    index_[slot_of(id_of(at(last)))] = static_cast<std::uint32_t>(index + 1);
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
