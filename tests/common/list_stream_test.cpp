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

namespace {

/// Instances of a page before, with every field set: what a recycled batch holds when it comes back.
std::vector<Instance> spent_batch() {
  AddressMapping mapping;  // its own: a stream's mapping holds the state of the item it is in
  std::string const body =
      R"({"data":[{"id":"a-long-identifier-of-forty-characters-aa","name":"x","vcpus":2,"ips":[{"ip":"1.1.1.1"}]},)"
      R"({"id":"b","name":"y","ips":[{"ip":"2.2.2.2"},{"ip":"4.4.4.4"}]},{"id":"c"}]})";
  StreamOptions options;
  options.keep_raw = true;
  auto items = map_all(body, BodyLayout{{"data"}, false}, mapping, site, options);
  REQUIRE(items);
  for (auto& item : *items) {  // the fields this mapping never writes, as another page's VMs had them
    item.provider = "old";
    item.provider_type = "old-type";
    item.state = State::running;
    item.raw_state = "ACTIVE";
    item.region = item.zone = item.size = item.image = "old";
    item.memory_mib = 1024;
    item.disk_gb = 20;
    item.created_at = std::chrono::sys_seconds(std::chrono::seconds(1'700'000'000));
    item.tags["team"] = "backend";
    item.extras["fault.code"] = "500";
    item.adopted = true;
  }
  return std::move(*items);
}

}  // namespace

TEST_CASE("clear_keeping_room: every field as Instance{} has it, the strings' room kept") {
  auto spent = spent_batch();
  auto& full = spent.front();
  REQUIRE(!full.raw.empty());
  auto const room = full.id.capacity();
  auto const* text = full.id.data();
  clear_keeping_room(full);
  CHECK(full == Instance{});
  CHECK(full.id.capacity() == room);
  CHECK(full.id.data() == text);
}

namespace {

/// Four VMs (one with an address, one with a 40-character id) to map into given-back Instances, and what
/// a fresh stream maps them to.
struct RecycledBody {
  std::string const body =
      R"({"data":[{"id":"d","ips":[{"ip":"3.3.3.3"}]},{"id":"another-long-identifier-of-forty-chars-a"},)"
      R"({"id":"e","name":"z"},{"id":"f"}]})";
  BodyLayout const layout{{"data"}, false};
  AddressMapping mapping;
  StreamOptions options = with_raw();
  std::vector<Instance> fresh = mapped_fresh();

 private:
  static StreamOptions with_raw() {
    StreamOptions kept;
    kept.keep_raw = true;
    return kept;
  }
  std::vector<Instance> mapped_fresh() {
    auto items = map_all(body, layout, mapping, site, options);
    REQUIRE(items);
    REQUIRE(items->size() == 4);
    return std::move(*items);
  }
};

}  // namespace

TEST_CASE("list stream: items mapped into given-back Instances equal fresh ones, whatever the chunking") {
  // Two given-back batches: one the stream maps into from the start, one it holds for the next take(),
  // where an item cut by a chunk's end is carried over into it.
  RecycledBody page;
  std::string_view const body = page.body;
  for (std::size_t split = 0; split <= body.size(); ++split) {
    ListStream stream(page.layout, page.mapping, site, page.options);
    stream.reuse(spent_batch());  // mapped into at once
    stream.reuse(spent_batch());  // dropped: the stream keeps one batch while none is in use
    REQUIRE(stream.feed(body.substr(0, split)));
    auto const before_take = stream.ready();
    stream.reuse(spent_batch());  // held for the next take()
    auto items = stream.take();
    CHECK(items.size() == before_take);
    REQUIRE(stream.feed(body.substr(split)));
    REQUIRE(stream.finish());
    for (auto& item : stream.take()) items.push_back(std::move(item));
    if (items != page.fresh) FAIL("different Instances when split at byte " << split);
  }
}

TEST_CASE("list stream: the given-back Instances' room is what the items use") {
  RecycledBody page;
  ListStream stream(page.layout, page.mapping, site, page.options);
  auto spent = spent_batch();
  auto const* room = spent.front().id.data();  // a 40-character id: on the heap
  stream.reuse(std::move(spent));
  REQUIRE(stream.feed(page.body));
  REQUIRE(stream.finish());
  auto items = stream.take();
  REQUIRE(items.size() == 4);
  CHECK(items.front().id == "d");
  CHECK(items.front().id.data() == room);  // refilled, not allocated anew
  CHECK(items == page.fresh);
}

TEST_CASE("list stream: restarted, it maps the next body as a new stream would, whatever the last did") {
  RecycledBody page;  // raw kept: the items compared hold their objects too
  struct Before {
    char const* what;
    std::string body;
  };
  std::vector<Before> const befores{
      {"a complete body", page.body},
      {"a body cut inside an item", R"({"data":[{"id":"x","ips":[{"ip":"1.1)"},
      {"malformed JSON inside an item", R"({"data":[{"id":"x","ips":[{"ip":}]}]})"},
      {"an item the mapping refused", five_items_with_bad_fifth()},
      {"a body without the items", R"({"other":[{"id":"x"}]})"},
  };
  for (auto const& before : befores) {
    CAPTURE(before.what);
    ListStream stream(page.layout, page.mapping, site, page.options);
    if (stream.feed(before.body)) (void)stream.finish();
    (void)stream.take();
    stream.restart();
    REQUIRE(stream.feed(page.body));
    REQUIRE(stream.finish());
    CHECK(stream.items_seen() == 4);
    CHECK(stream.take() == page.fresh);
    // Counted and judged from this body alone: its first bad item is item 1, a body without items fails.
    stream.restart();
    auto bad = stream.feed(R"({"data":[{"id":"a","vcpus":"x"}]})");
    REQUIRE(!bad);
    CHECK(bad.error().message.find("item 1 (data[0]): vcpus") != std::string::npos);
    CHECK(stream.take().empty());
    stream.restart();
    REQUIRE(stream.feed(R"({"other":[]})"));
    auto none = stream.finish();
    REQUIRE(!none);
    CHECK(none.error().message.find(R"(expected an object with a "data" array)") != std::string::npos);
  }
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

namespace {

/// Feeds `body` as the transport would: in 64 KiB chunks. The first error ends it.
Result<void> feed_in_chunks(ListStream& stream, std::string_view body) {
  constexpr std::size_t chunk = 64u << 10;
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    if (auto fed = stream.feed(body.substr(at, chunk)); !fed) return fed;
  }
  return stream.finish();
}

std::string const huge_text(8u << 20, 'x');  // twice the item limit

}  // namespace

TEST_CASE("list stream: a huge envelope string or key nobody reads is skipped without being collected") {
  std::string const body =
      R"({"page":{"n":1},"data":[{"id":"a"}],"note":")" + huge_text + R"(",")" + huge_text + R"(":{"k":")" +
      huge_text + R"("},"tail":[")" + huge_text + R"("]})";
  SUBCASE("without an envelope sink") {
    AddressMapping mapping;
    ListStream stream(BodyLayout{{"data"}, false}, mapping, site);
    REQUIRE(feed_in_chunks(stream, body));
    CHECK(stream.take().size() == 1);
    CHECK(stream.text_capacity() < (64u << 10));  // not one part of the unread text was kept
  }
  SUBCASE("with a sink reading only \"page\"") {
    AddressMapping mapping;
    std::vector<std::string> heard;
    StreamOptions options;
    options.envelope_keys = {"page"};
    ListStream stream(BodyLayout{{"data"}, false}, mapping, site, options,
                      [&](JsonPath const& path, JsonScalar const&) { heard.push_back(path.to_string()); });
    REQUIRE(feed_in_chunks(stream, body));
    CHECK(stream.take().size() == 1);
    CHECK(stream.text_capacity() < (64u << 10));
    CHECK(heard == std::vector<std::string>{"page.n"});
  }
}

TEST_CASE("list stream: a huge envelope string or key that is read fails naming the provider") {
  BodyLayout const layout{{"data"}, false};
  auto const read_everything = [](JsonPath const&, JsonScalar const&) {};
  for (auto const& body : {R"({"data":[{"id":"a"}],"note":")" + huge_text + R"("})",
                           R"({"data":[{"id":"a"}],"meta":{")" + huge_text + R"(":1}})"}) {
    AddressMapping mapping;
    ListStream stream(layout, mapping, site, {}, read_everything);
    auto fed = feed_in_chunks(stream, body);
    REQUIRE(!fed);
    CHECK(fed.error().kind == ErrorKind::protocol);
    CHECK(fed.error().provider == "alg");
    INFO(fed.error().message);
    CHECK(fed.error().message.find("outside the items") != std::string::npos);
    CHECK(fed.error().message.find("longer than 4194304 bytes") != std::string::npos);
    CHECK(stream.text_capacity() <= (4u << 20));
    CHECK(stream.take().size() == 1);  // the item before it stays delivered
    bool const key_case = body.find("\"meta\"") != std::string::npos;
    CHECK(fed.error().message.find(key_case ? "a key outside the items (in \"meta\")" : "a string outside the items (at \"note\")") != std::string::npos);
  }
  AddressMapping mapping;  // a body handed over whole (map_all): the same limit, nothing copied
  auto whole = map_all(R"({"data":[],"note":")" + huge_text + R"("})", layout, mapping, site, {});
  CHECK(whole.has_value());  // map_all has no envelope sink: the note is not read
  ListStream stream(layout, mapping, site, {}, read_everything);
  auto fed = stream.feed(R"({"data":[],"note":")" + huge_text + R"("})");
  REQUIRE(!fed);
  CHECK(fed.error().message.find("at \"note\"") != std::string::npos);
}

TEST_CASE("list stream: numbers beyond 64-bit integers do not fail the listing - raw holds them as doubles") {
  std::string const body =
      R"({"data":[{"id":"a","quota":123456789012345678901234567890,"max":18446744073709551615,"price":2.50}]})";
  AddressMapping mapping;
  BodyLayout const layout{{"data"}, false};
  auto plain = map_all(body, layout, mapping, site);
  REQUIRE_MESSAGE(plain.has_value(), (plain ? "" : plain.error().message));
  CHECK(plain->front().raw.empty());
  StreamOptions options;
  options.keep_raw = true;
  auto kept = map_all(body, layout, mapping, site, options);
  REQUIRE_MESSAGE(kept.has_value(), (kept ? "" : kept.error().message));
  auto const& raw = kept->front().raw;
  CHECK(raw.at("max").is_uint64());  // 2^64-1 still fits: exact
  CHECK(raw.at("max").as_uint64() == 18446744073709551615u);
  REQUIRE(raw.at("quota").is_double());  // the limit docs/cli.md states for --raw
  CHECK(boost::json::serialize(raw.at("quota")) == "1.2345678901234568E29");
  CHECK(boost::json::serialize(raw.at("price")) == "2.5E0");
}
