// Address texts kept for reuse (address_texts.hpp): a text taken back is empty whatever it held, only
// allocated room is kept, and the store stays bounded.
#include "providers/common/address_texts.hpp"
#include "providers/common/list_stream.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
/// `count` IPv6 addresses of 39 characters (past the small-string room), to be recycled.
std::vector<Address> long_ipv6_addresses(std::size_t count) {
  std::vector<Address> addresses;
  for (std::size_t i = 0; i < count; ++i) {
    addresses.push_back({"2001:0db8:0000:0000:0000:0000:0000:" + std::to_string(1000 + i), Address::Visibility::public_, 6});
  }
  return addresses;
}
/// Leaves this thread's store empty, as a later test case expects to find it.
void empty_the_kept_texts() {
  while (kept_address_texts() > 0) {
    std::string taker;  // a fresh one each time: assigning an empty string keeps the room taken
    take_address_text(taker);
  }
}
}  // namespace

TEST_CASE("address texts: a recycled text's room comes back empty, short ones are not kept") {
  empty_the_kept_texts();
  auto addresses = long_ipv6_addresses(2);
  addresses.push_back({"10.0.0.1", Address::Visibility::private_, 4});  // within the inline room
  auto const* room = addresses[1].ip.data();
  recycle_addresses(addresses);
  CHECK(addresses.empty());
  REQUIRE(kept_address_texts() == 2);
  std::string text;
  take_address_text(text);
  CHECK(text.empty());
  CHECK(text.data() == room);  // the last kept is the first given
  CHECK(text.capacity() >= 39);
  CHECK(kept_address_texts() == 1);
  // A text that is not empty, or has room of its own, is left as it is and takes nothing.
  std::string held = "fd00::1";
  take_address_text(held);
  CHECK(held == "fd00::1");
  take_address_text(text);
  CHECK(text.data() == room);
  CHECK(kept_address_texts() == 1);
  empty_the_kept_texts();
  std::string none;
  take_address_text(none);  // nothing kept: nothing happens
  CHECK(none.empty());
}

TEST_CASE("address texts: the kept texts never exceed their bound, however many are recycled") {
  empty_the_kept_texts();
  auto many = long_ipv6_addresses(kept_address_texts_bound * 3);
  recycle_addresses(many);
  CHECK(many.empty());
  CHECK(kept_address_texts() == kept_address_texts_bound);
  empty_the_kept_texts();
}

TEST_CASE("address texts: an Instance cleared keeping its room gives its address texts to the next VM's") {
  empty_the_kept_texts();
  Instance used;
  used.addresses = long_ipv6_addresses(3);
  used.addresses.push_back({"192.168.0.1", Address::Visibility::private_, 4});
  clear_keeping_room(used);
  CHECK(used == Instance{});
  CHECK(kept_address_texts() == 3);
  empty_the_kept_texts();
}
