#pragma once
// Internal to Fleet::watch: one provider's fingerprints keyed by VM id, laid out for a million VMs
// in ~45 MiB: 32-byte records in fixed chunks (growing never copies them, so there is no 2x peak), the
// ids' bytes in an arena of 1 MiB chunks, and an open-addressing index of 4-byte slots, all in Pages
// of their own (pages.hpp): out of the heap, and taking memory only as they are written.
#include "fleet/fingerprint.hpp"
#include "fleet/pages.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace polycloud::watching {

/// One VM: the watch's memory per VM, so every byte counts (a byte is a MiB per million VMs).
struct Record {
  static constexpr std::uint8_t long_id = 255;       ///< id_length of an id of 255 bytes or more
  static constexpr std::uint8_t state_untold = 255;  ///< state until a listing or a get told it

  std::uint32_t id_at = 0;    ///< where the id starts in the arena
  /// The id's length, or long_id: then the arena holds the length (2 bytes, little-endian) before the
  /// id's bytes. No API hands out such ids; the common case costs no arena byte.
  std::uint8_t id_length = 0;
  std::uint8_t state = state_untold;  ///< State, as its underlying value, or state_untold
  std::uint8_t raw_state = 0;  ///< index into the provider's raw-state words (ProviderWatch::words_)
  std::uint8_t epoch = 0;      ///< the poll that last saw it (mod 256)
  Fingerprint fingerprint;
};
static_assert(sizeof(Record) == 32);
static_assert(static_cast<std::uint8_t>(State::unknown) < Record::state_untold);

class FingerprintTable {
 public:
  static constexpr std::size_t initial_slots = 1024;  ///< the index's size until it holds 512 ids

  FingerprintTable();
  std::size_t size() const noexcept { return count_; }
  /// The record of `id`, or null.
  Record* find(std::string_view id);
  /// A new record for `id`, which must not be present. Ids longer than 65,535 bytes are refused (null).
  Record* insert(std::string_view id);
  std::string_view id_of(Record const& record) const;
  Record& at(std::size_t index);
  /// Removes the record at `index`; the last record takes its place (so a sweep re-reads `index`).
  void erase(std::size_t index);
  /// Every record's epoch set to `epoch` (a failed poll keeps every VM alive).
  void touch_all(std::uint8_t epoch);

 private:
  static constexpr std::size_t chunk_records = 16'384;  // 512 KiB
  static constexpr std::size_t arena_chunk = 1 << 20;
  using Arena = std::vector<Pages>;
  static std::string_view id_in(Arena const& arena, Record const& record);
  std::uint32_t store_id(std::string_view id);
  std::uint32_t* slots() const noexcept { return index_.as<std::uint32_t>(); }
  std::size_t slot_of(std::string_view id) const;  // the slot holding id, or the empty slot ending its probe
  void grow_index();
  void compact_arena();

  std::vector<Pages> chunks_;  // records, constructed in place as they are inserted
  std::size_t count_ = 0;
  Arena arena_;
  std::size_t arena_used_ = 0;     // bytes used in the last arena chunk
  std::size_t arena_garbage_ = 0;  // bytes of erased ids (with a long id's length)
  std::size_t arena_live_ = 0;
  Pages index_;  // index_slots_ std::uint32_t: 0 empty, else record index + 1
  std::size_t index_slots_ = initial_slots;
};

}  // namespace polycloud::watching
