// The watch's memory: fingerprints keyed by id. Erasing (the sweep's swap-with-last, the index's
// backward shift, the id arena's compaction) must leave every other id findable with its own record,
// and a fingerprint must tell each neutral field's change apart.
#include "fleet/fingerprint_table.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace polycloud;
using namespace polycloud::watching;

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
  // Erase the ids whose number is not a multiple of 3, as a sweep does: the last record moves into the
  // hole, so the same position is looked at again.
  for (std::size_t at = 0; at < table.size();) {
    auto const text = std::string(table.id_of(table.at(at)));
    auto const number = std::stoul(text.substr(3));
    if (number % 3 != 0)
      table.erase(at);
    else
      ++at;
  }
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
