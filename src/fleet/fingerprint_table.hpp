#pragma once
// Internal to Fleet::watch: one provider's fingerprints keyed by VM id, laid out for a million VMs
// in ~50 MiB: 36-byte records in fixed chunks (growing never copies them, so there is no 2x peak), the
// ids' bytes in an arena of 1 MiB chunks, and an open-addressing index of 4-byte slots.
#include "fleet/fingerprint.hpp"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace polycloud::watching {

struct Record {
  std::uint32_t id_at = 0;      ///< where the id's bytes start in the arena
  std::uint16_t id_length = 0;
  std::uint8_t state = 0;       ///< State, as its underlying value
  std::uint8_t raw_state = 0;   ///< index into the provider's raw-state words (RawWords)
  std::uint8_t epoch = 0;       ///< the poll that last saw it (mod 256)
  bool state_known = false;     ///< false until a listing or a get told the state
  Fingerprint fingerprint;
};

class FingerprintTable {
 public:
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
  static constexpr std::size_t chunk_records = 16'384;
  static constexpr std::size_t arena_chunk = 1 << 20;
  std::uint32_t store_id(std::string_view id);
  std::size_t slot_of(std::string_view id) const;  // the slot holding id, or the empty slot ending its probe
  void grow_index();
  void compact_arena();

  std::vector<std::unique_ptr<Record[]>> chunks_;
  std::size_t count_ = 0;
  std::vector<std::unique_ptr<char[]>> arena_;
  std::size_t arena_used_ = 0;     // bytes used in the last arena chunk
  std::size_t arena_garbage_ = 0;  // bytes of erased ids
  std::size_t arena_live_ = 0;
  std::vector<std::uint32_t> index_;  // 0: empty, else record index + 1
};

}  // namespace polycloud::watching
