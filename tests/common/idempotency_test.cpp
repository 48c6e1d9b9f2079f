// The toolkit's part of idempotency keys (issue 19): which listed VMs count for a key, and what a lookup
// means before a create's POST and after a lost answer.
#include "providers/common/idempotency.hpp"

#include "toolkit_test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {

CallSite const site{"alg", "openscaler", "create"};

Instance vm(std::string id, State state = State::running) {
  Instance instance;
  instance.id = std::move(id);
  instance.state = state;
  return instance;
}

Error lost_answer() {
  auto error = make_error(ErrorKind::transport, "connection reset", "alg", "create");
  error.attempts = 1;
  return error;
}

}  // namespace

TEST_CASE("toolkit idempotency: a lookup files VMs under the keys asked for - never a terminated one") {
  auto matches = no_matches({"k1", "k2"});
  add_match(matches, "k1", vm("a"));
  add_match(matches, "other", vm("b"));                   // a key nobody asked for
  add_match(matches, "k2", vm("c", State::terminated));  // deleted: a rerun must build anew
  CHECK(matches.size() == 2);
  REQUIRE(matches.at("k1").size() == 1);
  CHECK(matches.at("k1").front().id == "a");
  CHECK(matches.at("k2").empty());
}

TEST_CASE("toolkit idempotency: before the POST - none sends - one is adopted - several are a conflict") {
  auto none = adopt_or_create(no_matches({"k"}), "k", site);
  REQUIRE(none.has_value());
  CHECK(!none->has_value());

  auto matches = no_matches({"k"});
  add_match(matches, "k", vm("a"));
  auto one = adopt_or_create(matches, "k", site);
  REQUIRE(one.has_value());
  REQUIRE(one->has_value());
  CHECK((*one)->adopted);

  add_match(matches, "k", vm("b"));
  auto two = adopt_or_create(matches, "k", site);
  REQUIRE(!two.has_value());
  CHECK(two.error().kind == ErrorKind::conflict);
  CHECK(two.error().message.find("(a, b)") != std::string::npos);

  auto failed = adopt_or_create(make_error(ErrorKind::unavailable, "down", "alg", "list"), "k", site);
  REQUIRE(!failed.has_value());
  CHECK(failed.error().kind == ErrorKind::unavailable);
  CHECK(failed.error().operation == "create");
  CHECK(failed.error().message.find("nothing was created") != std::string::npos);
}

TEST_CASE("toolkit idempotency: after a lost answer - one is the VM - none or a failed lookup name the key") {
  auto matches = no_matches({"k"});
  add_match(matches, "k", vm("a"));
  auto found = resolve_lost_create(matches, "k", lost_answer(), "the create", site);
  REQUIRE(found.has_value());
  CHECK(found->id == "a");
  CHECK(!found->adopted);

  auto none = resolve_lost_create(no_matches({"k"}), "k", lost_answer(), "the create", site);
  REQUIRE(!none.has_value());
  CHECK(none.error().kind == ErrorKind::unknown_outcome);
  CHECK(none.error().message.find("connection reset; no VM carries idempotency key \"k\" yet") != std::string::npos);
  CHECK(none.error().message.find("--idempotency-key k") != std::string::npos);
  CHECK(none.error().message.ends_with("(the create was not re-sent)"));

  auto failed = resolve_lost_create(make_error(ErrorKind::timeout, "deadline passed", "alg", "list"), "k",
                                    lost_answer(), "the build", site);
  REQUIRE(!failed.has_value());
  CHECK(failed.error().kind == ErrorKind::unknown_outcome);
  CHECK(failed.error().message.find("looking the VM up by idempotency key \"k\" failed") != std::string::npos);

  add_match(matches, "k", vm("b"));
  auto two = resolve_lost_create(matches, "k", lost_answer(), "the create", site);
  REQUIRE(!two.has_value());
  CHECK(two.error().kind == ErrorKind::conflict);
}

TEST_CASE("toolkit idempotency: a bad key - a tag under the key's name - or no key to look up are refused") {
  CHECK(check_idempotency_key("", site).has_value());
  CHECK(check_idempotency_key("ok-1", site).has_value());
  auto bad = check_idempotency_key("a b", site);
  REQUIRE(!bad.has_value());
  CHECK(bad.error().kind == ErrorKind::invalid_argument);
  CHECK(bad.error().message.find("a b") == std::string::npos);  // the key itself is never echoed

  CreateSpec spec;
  spec.idempotency_key = "k";
  spec.tags = {{"polycloud-key", "other"}};
  CHECK(!check_idempotency_key(spec, site).has_value());
  spec.idempotency_key.clear();
  CHECK(check_idempotency_key(spec, site).has_value());  // without a key, the tag is the user's

  CHECK(!check_idempotency_keys({}, site).has_value());
  CHECK(!check_idempotency_keys({"ok", ""}, site).has_value());
  CHECK(check_idempotency_keys({"ok", "fine"}, site).has_value());
}
