// The watch's memory: fingerprints keyed by id. Erasing (the sweep's swap-with-last, the index's
// backward shift, the id arena's compaction) must leave every other id findable with its own record,
// ids of any length up to 65,535 bytes must come back byte for byte (a record holds lengths below 255,
// the arena a longer id's length), and a fingerprint must tell each neutral field's change apart.
#include "fleet/fingerprint_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

using namespace polycloud;
using namespace polycloud::watching;

namespace {
/// Erases, as a sweep does, every record whose id `doomed` picks: the last record moves into the hole,
/// so the same position is looked at again.
template <class Doomed>
void sweep(FingerprintTable& table, Doomed doomed) {
  for (std::size_t at = 0; at < table.size();) {
    if (doomed(std::string(table.id_of(table.at(at)))))
      table.erase(at);
    else
      ++at;
  }
}

/// Every id of `ids` whose `kept` says so is found with its own record (fields[0] = its position in
/// `ids`), the others are not, and nothing else is in the table.
template <class Kept>
void check_table(FingerprintTable& table, std::vector<std::string> const& ids, Kept kept) {
  std::size_t found = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CAPTURE(i);
    CAPTURE(ids[i].size());
    auto* record = table.find(ids[i]);
    REQUIRE((record != nullptr) == kept(ids[i]));
    if (record == nullptr) continue;
    ++found;
    CHECK(table.id_of(*record) == ids[i]);
    CHECK(record->fingerprint.fields[0] == static_cast<std::uint16_t>(i));
  }
  CHECK(found == table.size());
}

void insert_all(FingerprintTable& table, std::vector<std::string> const& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto* record = table.insert(ids[i]);
    REQUIRE(record != nullptr);
    record->fingerprint.fields[0] = static_cast<std::uint16_t>(i);
  }
}
}  // namespace

TEST_CASE("the fingerprint table finds every id after erasing two thirds of 200000 and compacting its arena") {
  FingerprintTable table;
  auto const id = [](std::size_t i) { return "vm-" + std::to_string(i * 7919 % 1'000'003); };
  std::size_t const count = 200'000;
  for (std::size_t i = 0; i < count; ++i) {
    auto* record = table.insert(id(i));
    REQUIRE(record != nullptr);
    record->fingerprint.fields[0] = static_cast<std::uint16_t>(i);
  }
  REQUIRE(table.size() == count);
  // Erase the ids whose number is not a multiple of 3.
  sweep(table, [](std::string const& text) { return std::stoul(text.substr(3)) % 3 != 0; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    auto const text = id(i);
    auto* record = table.find(text);
    bool const expected = std::stoul(text.substr(3)) % 3 == 0;
    REQUIRE((record != nullptr) == expected);
    if (record == nullptr) continue;
    ++kept;
    CHECK(table.id_of(*record) == text);
    CHECK(record->fingerprint.fields[0] == static_cast<std::uint16_t>(i));
  }
  CHECK(kept == table.size());
  CHECK(table.insert(std::string(70'000, 'x')) == nullptr);  // no API hands out such an id
}

TEST_CASE("the fingerprint table keeps ids of every length from 0 to 65535 bytes through erasing and compaction") {
  // Every length to 600 (across 255, where the length moves from the record into the arena), the
  // longest two, and enough 60 KiB ids that erasing them compacts the arena (over 1 MiB of erased
  // bytes, more than the live ones). Every byte value appears, 0 and 255 among them.
  std::vector<std::string> ids;
  auto const make = [](std::size_t length, std::size_t seed) {
    std::string id(length, '\0');
    for (std::size_t i = 0; i < length; ++i) id[i] = static_cast<char>((i * 131 + seed * 7 + length) % 256);
    return id;
  };
  for (std::size_t length = 0; length <= 600; ++length) ids.push_back(make(length, 0));
  ids.push_back(make(65'534, 0));
  ids.push_back(make(65'535, 0));
  for (std::size_t seed = 1; seed <= 30; ++seed) ids.push_back(make(60'000, seed));

  FingerprintTable table;
  insert_all(table, ids);
  REQUIRE(table.size() == ids.size());
  CHECK(table.insert(std::string(65'536, 'x')) == nullptr);  // no API hands out such an id
  CHECK(table.insert(std::string(70'000, 'x')) == nullptr);
  CHECK(table.size() == ids.size());
  check_table(table, ids, [](std::string const&) { return true; });

  // Odd lengths and the 60 KiB ids go: about 1.9 MiB of erased ids against 0.15 MiB live.
  auto const kept = [](std::string const& id) { return id.size() % 2 == 0 && id.size() != 60'000; };
  sweep(table, [&](std::string const& id) { return !kept(id); });
  check_table(table, ids, kept);

  // The erased ids come back as new records; the index and the arena still hold the kept ones.
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (kept(ids[i])) continue;
    auto* record = table.insert(ids[i]);
    REQUIRE(record != nullptr);
    record->fingerprint.fields[0] = static_cast<std::uint16_t>(i);
  }
  check_table(table, ids, [](std::string const&) { return true; });
}

TEST_CASE("the fingerprint table finds ids sharing a home slot as erasing shifts their probe runs back - across the index end") {
  // The table hashes with std::hash, as here: these ids all want the index's last slot or its first
  // two, so their probe runs overlap and wrap around from the last slot to the first. 180 ids keep the
  // index at its initial size.
  auto const mask = FingerprintTable::initial_slots - 1;
  std::vector<std::string> ids;
  std::vector<std::size_t> per_home(3, 0);
  for (std::size_t n = 0; ids.size() < 180; ++n) {
    auto id = "vm-" + std::to_string(n);
    auto const home = (std::hash<std::string_view>{}(id) + 1) & mask;  // 0: the last slot, 1, 2: the first two
    if (home > 2 || per_home[home] == 60) continue;
    ++per_home[home];
    ids.push_back(std::move(id));
  }
  FingerprintTable table;
  insert_all(table, ids);
  check_table(table, ids, [](std::string const&) { return true; });

  std::vector<unsigned long> divisors;  // a third goes, then half the rest, then a fifth of that
  for (auto const divisor : {3ul, 2ul, 5ul}) {
    CAPTURE(divisor);
    divisors.push_back(divisor);
    auto const kept = [&divisors](std::string const& id) {
      auto const n = std::stoul(id.substr(3));
      return std::none_of(divisors.begin(), divisors.end(), [n](unsigned long d) { return n % d == 0; });
    };
    sweep(table, [&](std::string const& id) { return !kept(id); });
    check_table(table, ids, kept);
  }
}

TEST_CASE("the fingerprint table's pages read as zero and a move hands them over whole") {
  Pages pages(3 * 4096 + 1);  // the kernel's pages: the last one partly asked for
  auto* const bytes = pages.as<unsigned char>();
  CHECK(std::all_of(bytes, bytes + 3 * 4096 + 1, [](unsigned char byte) { return byte == 0; }));
  bytes[3 * 4096] = 7;
  Pages moved(std::move(pages));
  CHECK(moved.as<unsigned char>() == bytes);
  CHECK(moved.as<unsigned char>()[3 * 4096] == 7);
  Pages other(1);
  other = std::move(moved);  // what `other` held is unmapped with `moved`
  CHECK(other.as<unsigned char>()[3 * 4096] == 7);
}

TEST_CASE("a fingerprint names each neutral field that changed and nothing else") {
  Instance before;
  before.id = "1";
  before.name = "web-1";
  before.region = "alg1";
  before.zone = "a";
  before.size = "small";
  before.vcpus = 2;
  before.memory_mib = 2048;
  before.disk_gb = 20;
  before.image = "debian";
  before.addresses = {{"10.0.0.1", Address::Visibility::public_, 4}, {"192.168.0.1", Address::Visibility::private_, 4}};
  before.created_at = std::chrono::sys_seconds(std::chrono::seconds(1'700'000'000));
  before.tags = {{"team", "web"}};
  auto const base = fingerprint_of(before);
  std::vector<void (*)(Instance&)> const edits{
      [](Instance& i) { i.name = "web-2"; },       [](Instance& i) { i.region = "alg2"; },
      [](Instance& i) { i.zone = "b"; },           [](Instance& i) { i.size = "large"; },
      [](Instance& i) { i.vcpus = std::nullopt; }, [](Instance& i) { i.memory_mib = 4096; },
      [](Instance& i) { i.disk_gb = 40; },         [](Instance& i) { i.image = "ubuntu"; },
      [](Instance& i) { i.addresses[0].ip = "10.0.0.2"; },
      [](Instance& i) { i.addresses[1].ip = "192.168.0.2"; },
      [](Instance& i) { i.created_at = std::nullopt; },
      [](Instance& i) { i.tags["team"] = "db"; }};
  REQUIRE(edits.size() == fingerprint_fields.size());
  for (std::size_t field = 0; field < edits.size(); ++field) {
    CAPTURE(fingerprint_fields[field]);
    auto after = before;
    edits[field](after);
    CHECK(changed_fields(base, fingerprint_of(after)) == std::vector<std::size_t>{field});
  }
  auto restated = before;
  restated.state = State::stopped;  // the state is not a fingerprint field: it has its own event
  restated.raw_state = "shutoff";
  CHECK(changed_fields(base, fingerprint_of(restated)).empty());
}
