// Declared fields: a mapping is called only for the paths it reads, with its own ids; everything
// else is skipped by the stream, yet still counted against the item limit and still kept in raw.
#include "providers/common/item_fields.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/openscaler/vm_mapping.hpp"

#include "toolkit_test_support.hpp"

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

using namespace polycloud;
using namespace polycloud::providers;

namespace {

CallSite const site{"alg", "openscaler", "list"};
BodyLayout const layout{{"data"}, false};

enum Field : int { f_id, f_zone, f_tag, f_meta, f_addr, f_entry };

ItemFields const fields{
    {f_id, {"id"}},
    {f_zone, {"zone", "permalink"}},
    {f_tag, {"tags", ItemFields::any_index}},
    {f_meta, {"meta", ItemFields::any_key}},
    {f_addr, {"ips", ItemFields::any_key, ItemFields::any_index, "addr"}},
    {f_entry, {"ips", ItemFields::any_key, ItemFields::any_index}},
};

/// Records every call it gets, as "field:path=value" / "closed field:path".
class RecordingMapping final : public ItemMapping {
 public:
  std::vector<std::string> calls;

  ItemFields const* fields() const noexcept override { return &::fields; }
  void begin(Instance&) override {}
  void scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) override {
    auto text = value.kind == JsonScalar::Kind::string ? std::string(value.text) : std::string(value.kind_name());
    calls.push_back(std::to_string(path.field()) + ":" + path.to_string() + "=" + text);
    if (path.field() == f_id) {
      if (auto id = problems.string(path, value)) instance.id.assign(*id);
    }
  }
  void closed(JsonPath const& path, Instance&, ItemProblems&) override {
    calls.push_back("closed " + std::to_string(path.field()) + ":" + path.to_string());
  }
  void end(Instance& instance, ItemProblems& problems) override {
    if (instance.id.empty()) problems.fail("id: missing");
  }
};

std::string const body = R"({"data":[{"id":"a","name":"skipped","zone":{"permalink":"z1","name":"no"},)"
                         R"("disks":[{"size":1,"deep":{"x":[1,2,{"y":"z"}]}}],"tags":["t1","t2"],)"
                         R"("meta":{"k1":"v1","k2":"v2"},"ips":{"lan":[{"addr":"10.0.0.1","v":4}]}}]})";

std::vector<std::string> const expected_calls{
    "0:id=a",
    "1:zone.permalink=z1",
    "2:tags[0]=t1",
    "2:tags[1]=t2",
    "3:meta.k1=v1",
    "3:meta.k2=v2",
    "4:ips.lan[0].addr=10.0.0.1",
    "closed 5:ips.lan[0]",
};

}  // namespace

TEST_CASE("item fields: keys match their declared nodes and nothing else") {
  auto const zone = fields.child(ItemFields::root, "zone");
  REQUIRE(zone != ItemFields::unread);
  CHECK(fields.field(zone) == ItemFields::no_field);  // on the way to a field, not one itself
  auto const permalink = fields.child(zone, "permalink");
  CHECK(fields.field(permalink) == f_zone);
  CHECK(fields.key_text(permalink) == "permalink");
  CHECK(fields.child(zone, "permalinks") == ItemFields::unread);
  CHECK(fields.child(zone, "permalin") == ItemFields::unread);
  CHECK(fields.child(ItemFields::root, "permalink") == ItemFields::unread);  // declared under zone only
  CHECK(fields.child(ItemFields::root, "") == ItemFields::unread);
  auto const meta_any = fields.child(fields.child(ItemFields::root, "meta"), "whatever key");
  CHECK(fields.field(meta_any) == f_meta);
  CHECK(fields.key_text(meta_any).empty());  // any_key: the stream keeps the key's own text
  CHECK(fields.field(fields.element(fields.child(ItemFields::root, "tags"))) == f_tag);
  CHECK(fields.element(zone) == ItemFields::unread);
  CHECK(fields.child(ItemFields::unread, "id") == ItemFields::unread);
}

TEST_CASE("item fields: the mapping hears only its fields with their ids whatever the chunking") {
  for (std::size_t split = 0; split <= body.size(); ++split) {
    RecordingMapping mapping;
    ListStream stream(layout, mapping, site);
    REQUIRE(stream.feed(std::string_view(body).substr(0, split)));
    REQUIRE(stream.feed(std::string_view(body).substr(split)));
    REQUIRE(stream.finish());
    REQUIRE(stream.take().size() == 1);
    if (mapping.calls != expected_calls) FAIL("different calls when split at byte " << split);
  }
}

TEST_CASE("item fields: skipped values still count against the item limit and the depth limit") {
  RecordingMapping mapping;
  StreamOptions small;
  small.max_item_bytes = 256;
  auto big = map_all(R"({"data":[{"id":"a","unread":[")" + std::string(1000, 'x') + R"("]}]})", layout, mapping, site,
                     small);
  REQUIRE(!big);
  CHECK(big.error().message.find("larger than 256 bytes") != std::string::npos);
  StreamOptions shallow;
  shallow.max_depth = 8;
  auto deep = map_all(R"({"data":[{"id":"a","unread":[[[[[[[[[[1]]]]]]]]]]}]})", layout, mapping, site, shallow);
  REQUIRE(!deep);
  CHECK(deep.error().message.find("deeper than 8 levels") != std::string::npos);
}

TEST_CASE("item fields: raw keeps the skipped parts losslessly") {
  RecordingMapping mapping;
  StreamOptions raw;
  raw.keep_raw = true;
  auto items = map_all(body, layout, mapping, site, raw);
  REQUIRE(items);
  REQUIRE(items->size() == 1);
  CHECK(items->front().raw == boost::json::parse(body).at("data").at(0).as_object());
  CHECK(mapping.calls == expected_calls);  // raw changes what is kept, not what the mapping hears
}

TEST_CASE("item fields: the seed list split at every byte without raw gives the Instances mapped with raw") {
  auto const seed = test::read_fixture("openscaler/list_vms.json");
  auto with_raw = openscaler::instances_from_list(std::string_view(seed), site, true);
  REQUIRE(with_raw);
  REQUIRE(with_raw->size() == 1);
  auto expected = with_raw->front();
  expected.raw = {};
  for (std::size_t split = 0; split <= seed.size(); ++split) {
    openscaler::VmMapping mapping;
    ListStream stream(openscaler::list_layout, mapping, site);
    REQUIRE(stream.feed(std::string_view(seed).substr(0, split)));
    auto first = stream.take();  // a chunk may end inside an item: it stays in the stream
    REQUIRE(stream.feed(std::string_view(seed).substr(split)));
    REQUIRE(stream.finish());
    auto rest = stream.take();
    REQUIRE(first.size() + rest.size() == 1);
    auto const& item = first.empty() ? rest.front() : first.front();
    if (item != expected) FAIL("different Instance when split at byte " << split);
  }
}

TEST_CASE("list stream: a partly mapped item is never handed out when the JSON breaks inside it") {
  RecordingMapping mapping;
  ListStream stream(layout, mapping, site);
  REQUIRE(stream.feed(R"({"data":[{"id":"a"},{"id":"b","zone":)"));
  CHECK(stream.ready() == 1);  // the second item is still being mapped
  auto broken = stream.feed("}]}");
  REQUIRE(!broken);
  CHECK(broken.error().kind == ErrorKind::protocol);
  auto delivered = stream.take();
  REQUIRE(delivered.size() == 1);
  CHECK(delivered.front().id == "a");
}

TEST_CASE("item fields: the key order memory answers what the fields answer whatever the order") {
  // Keys at positions that change from item to item, keys longer than the memory keeps, a key that
  // differs from the remembered one in its middle only, more keys than positions remembered.
  KeyOrderMemo memo(fields);
  auto const zone = fields.child(ItemFields::root, "zone");
  std::vector<std::vector<std::string>> const items{
      {"id", "zone", "tags", "meta", "ips"},
      {"zone", "id", "ips", "tags", "meta"},
      {"id", "zone", "a_key_longer_than_sixteen", "tags"},
      {"ix", "zane", "a_key_longer_than_sixteeN", "tegs"},
      {"id", "zone", "a_key_longer_than_sixteen", "tags"},
  };
  for (int round = 0; round < 2; ++round) {
    for (auto const& keys : items) {
      auto const object = memo.object(ItemFields::root);
      for (std::size_t position = 0; position < keys.size(); ++position) {
        auto const& match = memo.child(object, ItemFields::root, position, keys[position]);
        auto const expected = fields.child(ItemFields::root, keys[position]);
        CHECK(match.node == expected);
        CHECK(match.field == fields.field(expected));
        CHECK(match.declared == fields.key_text(expected));
      }
    }
  }
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) many.push_back(i % 7 == 0 ? "permalink" : "key" + std::to_string(i));
  for (int round = 0; round < 2; ++round) {
    auto const object = memo.object(zone);
    for (std::size_t position = 0; position < many.size(); ++position) {
      CHECK(memo.child(object, zone, position, many[position]).node == fields.child(zone, many[position]));
    }
  }
  CHECK(memo.object(ItemFields::unread) == KeyOrderMemo::none);
  CHECK(memo.child(KeyOrderMemo::none, ItemFields::unread, 0, "id").node == ItemFields::unread);
}

TEST_CASE("item fields: items whose keys change order are mapped as if each were the first") {
  std::string const two_orders = R"({"data":[{"id":"a","zone":{"permalink":"z1"},"tags":["t"]},)"
                                 R"({"tags":["u"],"zone":{"name":"n","permalink":"z2"},"id":"b"},)"
                                 R"({"id":"c","zone":{"permalink":"z3"},"tags":["v"]}]})";
  RecordingMapping mapping;
  auto items = map_all(two_orders, layout, mapping, site);
  REQUIRE(items);
  CHECK(items->size() == 3);
  CHECK(mapping.calls == std::vector<std::string>{"0:id=a", "1:zone.permalink=z1", "2:tags[0]=t", "2:tags[0]=u",
                                                  "1:zone.permalink=z2", "0:id=b", "0:id=c", "1:zone.permalink=z3",
                                                  "2:tags[0]=v"});
}
