// The streaming mapper: the same Instances whatever the chunking, items delivered before a bad one,
// limits, envelopes, raw kept losslessly only when asked.
#include "providers/common/list_stream.hpp"
#include "providers/openscaler/vm_mapping.hpp"

#include "toolkit_test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>


using namespace polycloud;
using namespace polycloud::providers;

namespace {


CallSite const site{"alg", "openscaler", "list"};

/// A minimal mapping: id, name and a nested array of address objects, to exercise closed().
class AddressMapping final : public ItemMapping {
 public:
  void begin(Instance&) override { ip_.clear(); }
  void scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) override {
    if (path.is({"id"})) {
      if (auto id = problems.string(path, value)) instance.id.assign(*id);
    } else if (path.is({"name"})) {
      if (auto name = problems.string(path, value)) instance.name.assign(*name);
    } else if (path.size() == 3 && path.key(0) == "ips" && path.is_index(1) && path.key(2) == "ip") {
      if (auto ip = problems.string(path, value)) ip_.assign(*ip);
    } else if (path.is({"vcpus"})) {
      if (auto vcpus = problems.integer(path, value, 0, 1024)) instance.vcpus = static_cast<int>(*vcpus);
    }
  }
  void closed(JsonPath const& path, Instance& instance, ItemProblems&) override {
    if (path.size() == 2 && path.key(0) == "ips" && path.is_index(1)) {
      instance.addresses.push_back({ip_, Address::Visibility::public_, 4});
    }
  }
  void end(Instance& instance, ItemProblems& problems) override {
    if (instance.id.empty()) problems.fail("id: missing");
  }

 private:
  std::string ip_;
};

std::string five_items_with_bad_fifth() {
  std::string body = R"({"data":[)";
  for (int i = 1; i <= 5; ++i) {
    if (i > 1) body += ",";
    body += R"({"id":"vm-)" + std::to_string(i) + R"(","vcpus":)" + (i == 5 ? std::string("\"four\"") : "2") + "}";
  }
  return body + "]}";
}

}  // namespace

TEST_CASE("list stream: the seed list split at every byte position gives identical Instances") {
  auto const body = test::read_fixture("openscaler/list_vms.json");
  auto whole = openscaler::instances_from_list(std::string_view(body), site, true);
  REQUIRE(whole);
  REQUIRE(whole->size() == 1);
  CHECK(whole->front().raw == boost::json::parse(body).at("vms").at(0).as_object());  // raw is lossless
  for (std::size_t split = 0; split <= body.size(); ++split) {
    openscaler::VmMapping mapping;
    StreamOptions options;
    options.keep_raw = true;
    ListStream stream(openscaler::list_layout, mapping, site, options);
    REQUIRE(stream.feed(std::string_view(body).substr(0, split)));
    REQUIRE(stream.feed(std::string_view(body).substr(split)));
    REQUIRE(stream.finish());
    auto items = stream.take();
    REQUIRE(items.size() == 1);
    if (items.front() != whole->front()) FAIL("different Instance when split at byte " << split);
  }
}

TEST_CASE("list stream: byte-at-a-time feeding maps nested arrays of objects") {
  std::string const body =
      R"({"page":{"n":1},"data":[{"id":"a","name":"x\"y","ips":[{"ip":"1.1.1.1"},{"ip":"2.2.2.2"}]},{"id":"b"}]})";
  AddressMapping mapping;
  std::vector<std::string> envelope;
  ListStream stream(BodyLayout{{"data"}, false}, mapping, site, {},
                    [&](JsonPath const& path, JsonScalar const&) { envelope.push_back(path.to_string()); });
  for (char c : body) REQUIRE(stream.feed(std::string_view(&c, 1)));
  REQUIRE(stream.finish());
  auto items = stream.take();
  REQUIRE(items.size() == 2);
  CHECK(items[0].name == "x\"y");
  REQUIRE(items[0].addresses.size() == 2);
  CHECK(items[0].addresses[1].ip == "2.2.2.2");
  CHECK(items[0].raw.empty());  // raw costs nothing unless asked for
  CHECK(items[1].id == "b");
  CHECK(envelope == std::vector<std::string>{"page.n"});
}

TEST_CASE("list stream: a malformed 5th item fails naming item 5 after items 1 to 4 were mapped") {
  AddressMapping mapping;
  ListStream stream(BodyLayout{{"data"}, false}, mapping, site);
  auto fed = stream.feed(five_items_with_bad_fifth());
  REQUIRE(!fed);
  CHECK(fed.error().kind == ErrorKind::protocol);
  CHECK(fed.error().provider == "alg");
  CHECK(fed.error().message.find("item 5 (data[4]): vcpus: expected an integer, got string") != std::string::npos);
  auto delivered = stream.take();
  REQUIRE(delivered.size() == 4);
  CHECK(delivered.back().id == "vm-4");
}

TEST_CASE("list stream: out-of-range numbers are errors naming the field and never wrap") {
  AddressMapping mapping;
  auto huge = map_all(R"({"data":[{"id":"a","vcpus":4294967298}]})", BodyLayout{{"data"}, false}, mapping, site);
  REQUIRE(!huge);
  CHECK(huge.error().message.find("vcpus: out of range: 4294967298") != std::string::npos);
  auto negative = map_all(R"({"data":[{"id":"a","vcpus":-1}]})", BodyLayout{{"data"}, false}, mapping, site);
  REQUIRE(!negative);
  auto max64 = map_all(R"({"data":[{"id":"a","vcpus":18446744073709551615}]})", BodyLayout{{"data"}, false}, mapping,
                       site);
  REQUIRE(!max64);
  CHECK(max64.error().message.find("out of range: 18446744073709551615") != std::string::npos);
}

TEST_CASE("list stream: a cut body a wrong shape and an oversized item are protocol errors") {
  AddressMapping mapping;
  BodyLayout const layout{{"data"}, false};
  auto cut = map_all(R"({"data":[{"id":"a"},{"id":)", layout, mapping, site);
  REQUIRE(!cut);
  CHECK(cut.error().message.find("ended early") != std::string::npos);
  auto no_array = map_all(R"({"other":[]})", layout, mapping, site);
  REQUIRE(!no_array);
  CHECK(no_array.error().message.find("\"data\" array") != std::string::npos);
  auto not_objects = map_all(R"({"data":[1]})", layout, mapping, site);
  REQUIRE(!not_objects);
  CHECK(not_objects.error().message.find("item 1 (data[0]): expected a VM object, got number") != std::string::npos);
  auto html = map_all("<html>502</html>", layout, mapping, site);
  REQUIRE(!html);
  CHECK(html.error().kind == ErrorKind::protocol);
  StreamOptions small;
  small.max_item_bytes = 64;
  auto big = map_all(R"({"data":[{"id":")" + std::string(200, 'x') + R"("}]})", layout, mapping, site, small);
  REQUIRE(!big);
  CHECK(big.error().message.find("larger than 64 bytes") != std::string::npos);
  auto null_items = map_all(R"({"data":null})", layout, mapping, site);
  REQUIRE(null_items);
  CHECK(null_items->empty());
}

TEST_CASE("list stream: a single object is mapped where the layout says") {
  AddressMapping mapping;
  auto one = map_one(R"({"virtual_machine":{"id":"vm-1","name":"web"}})", BodyLayout{{"virtual_machine"}, true},
                     mapping, site);
  REQUIRE(one);
  CHECK(one->name == "web");
  auto missing = map_one(R"({"error":"x"})", BodyLayout{{"virtual_machine"}, true}, mapping, site);
  REQUIRE(!missing);
  CHECK(missing.error().kind == ErrorKind::protocol);
}
