#include "providers/common/page_envelope.hpp"

#include "toolkit_test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {

CallSite const site{"ex", "example", "list"};

/// Maps nothing; the envelope readers are what is tested.
class NoMapping final : public ItemMapping {
 public:
  void begin(Instance&) override {}
  void scalar(JsonPath const&, JsonScalar const&, Instance&, ItemProblems&) override {}
  void end(Instance&, ItemProblems&) override {}
};

/// Streams `body` (items under "items") through a reader's sink, one byte at a time.
template <class Reader>
void stream(Reader& reader, std::string const& body) {
  NoMapping mapping;
  StreamOptions options;
  options.envelope_keys = reader.keys();
  ListStream list({{"items"}, false}, mapping, site, options, reader.sink());
  for (char c : body) REQUIRE(list.feed(std::string_view(&c, 1)));
  REQUIRE(list.finish());
}

}  // namespace

TEST_CASE("toolkit page envelopes: numbered reads the total, unless a large set says it means nothing") {
  NumberedEnvelope told({"pagination", "total_pages"}, {"pagination", "large_set"});
  stream(told, R"({"pagination":{"total_pages":3,"large_set":false},"items":[]})");
  CHECK(told.total_pages() == 3);
  NumberedEnvelope large({"pagination", "total_pages"}, {"pagination", "large_set"});
  stream(large, R"({"pagination":{"total_pages":0,"large_set":true},"items":[]})");
  CHECK_FALSE(large.total_pages());
  NumberedEnvelope negative({"total_pages"});
  stream(negative, R"({"total_pages":-1,"items":[]})");
  CHECK_FALSE(negative.total_pages());
  CHECK(negative.keys() == std::vector<std::string>{"total_pages"});
}

TEST_CASE("toolkit page envelopes: marker needs a marker when there is more, and fields of the right type") {
  MarkerEnvelope more({"meta", "marker"}, {"meta", "has_more"});
  stream(more, R"({"items":[],"meta":{"marker":"m2","has_more":true}})");
  auto outcome = more.outcome(0, site);
  REQUIRE(outcome);
  CHECK(outcome->more);
  CHECK(outcome->next_marker == "m2");
  MarkerEnvelope last({"meta", "marker"}, {"meta", "has_more"});
  stream(last, R"({"items":[],"meta":{"marker":"m9","has_more":false}})");
  CHECK_FALSE(last.outcome(0, site)->next_marker);
  MarkerEnvelope missing({"meta", "marker"}, {"meta", "has_more"});
  stream(missing, R"({"items":[],"meta":{"has_more":true}})");
  CHECK(missing.outcome(0, site).error().message.find("meta.has_more is true but meta.marker is missing") !=
        std::string::npos);
  MarkerEnvelope typed({"meta", "marker"}, {"meta", "has_more"});
  stream(typed, R"({"items":[],"meta":{"marker":5}})");
  CHECK(typed.outcome(0, site).error().kind == ErrorKind::protocol);
}

TEST_CASE("toolkit page envelopes: a cursor continues while present and non-empty") {
  for (auto const* body : {R"({"items":[],"next":null})", R"({"items":[],"next":""})", R"({"items":[]})"}) {
    CursorEnvelope end({"next"});
    stream(end, body);
    CHECK_FALSE(end.outcome(1, site)->more);
  }
  CursorEnvelope next({"next"});
  stream(next, R"({"next":"c2","items":[]})");
  CHECK(next.outcome(1, site)->next_marker == "c2");
  CursorEnvelope wrong({"next"});
  stream(wrong, R"({"items":[],"next":true})");
  CHECK(wrong.outcome(1, site).error().message.find("next: expected a string, got boolean") != std::string::npos);
}
