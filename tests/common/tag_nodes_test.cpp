// Tag nodes kept for reuse (tag_nodes.hpp): whatever the nodes held before, the tags a mapping writes
// equal what try_emplace and insert_or_assign would have made, and the store stays bounded.
#include "providers/common/list_stream.hpp"
#include "providers/common/tag_nodes.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
/// A map of `count` tags with long keys and values (past the small-string room), to be recycled.
TagMap long_tags(int count) {
  TagMap tags;
  for (int i = 0; i < count; ++i) tags.emplace("old-key-long-enough-to-allocate-" + std::to_string(i), std::string(40, 'v'));
  return tags;
}
}  // namespace

TEST_CASE("tags written in recycled nodes equal try_emplace and insert_or_assign's, old contents gone") {
  for (int recycled : {0, 1, 3, 8}) {
    CAPTURE(recycled);
    auto old = long_tags(recycled);
    recycle_tags(old);
    CHECK(old.empty());
    TagMap tags, expected;
    // ByCloud's order: list tags (try_emplace, value ""), then metadata (insert_or_assign) over them.
    add_tag(tags, "web");
    expected.try_emplace("web");
    add_tag(tags, "production");
    expected.try_emplace("production");
    add_tag(tags, "web");  // a repeated tag keeps its value and gives its node back
    expected.try_emplace("web");
    assign_tag(tags, "team", "backend");
    expected.insert_or_assign("team", "backend");
    assign_tag(tags, "web", "frontend");  // metadata over a list tag: the value is replaced
    expected.insert_or_assign("web", "frontend");
    assign_tag(tags, "", "");
    expected.insert_or_assign("", "");
    add_tag(tags, "team");  // try_emplace over a value: it stays
    expected.try_emplace("team");
    CHECK(tags == expected);
    recycle_tags(tags);
  }
  TagMap left;
  recycle_tags(left);  // leave this thread's store as a later test case would find it after a list
}

TEST_CASE("the kept tag nodes never exceed their bound, however many tags are recycled") {
  auto many = long_tags(static_cast<int>(kept_tag_nodes_bound) * 3);
  recycle_tags(many);
  CHECK(many.empty());
  CHECK(kept_tag_nodes() == kept_tag_nodes_bound);
  TagMap tags;
  for (std::size_t i = 0; i < kept_tag_nodes_bound + 5; ++i) add_tag(tags, std::to_string(i));
  CHECK(tags.size() == kept_tag_nodes_bound + 5);
  CHECK(kept_tag_nodes() == 0);
  CHECK(tags.begin()->second.empty());  // a recycled node's 40-character value did not stay
  recycle_tags(tags);
  CHECK(kept_tag_nodes() == kept_tag_nodes_bound);
}

TEST_CASE("an Instance cleared keeping its room gives its tag nodes to the next VM's tags") {
  Instance used;
  used.tags = long_tags(4);
  recycle_tags(used.tags);  // the store starts from the nodes of a VM, as in a list
  used.tags = long_tags(4);
  auto const before = kept_tag_nodes();
  clear_keeping_room(used);
  CHECK(used == Instance{});
  CHECK(kept_tag_nodes() == std::min(before + 4, kept_tag_nodes_bound));
}
