#include <polycloud/capabilities.hpp>
#include <polycloud/instance.hpp>

#include "core/rfc3339.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace polycloud;
using namespace std::chrono;

TEST_CASE("state names round-trip through to_string and parse_state") {
  for (int s = 0; s <= static_cast<int>(State::unknown); ++s) {
    auto state = static_cast<State>(s);
    auto parsed = parse_state(to_string(state));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == state);
  }
  CHECK_FALSE(parse_state("RUNNING").has_value());
  CHECK_FALSE(parse_state("").has_value());
}

TEST_CASE("format_rfc3339 prints UTC with a Z") {
  CHECK(format_rfc3339(sys_days{2024y / April / 19} + 15h + 2min + 4s) == "2024-04-19T15:02:04Z");
  CHECK(format_rfc3339(sys_seconds{}) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(sys_days{2001y / December / 31} + 23h + 59min + 59s) == "2001-12-31T23:59:59Z");
  CHECK(format_rfc3339(sys_days{9999y / January / 2} + 3h) == "9999-01-02T03:00:00Z");
  CHECK(format_rfc3339(sys_days{10000y / January / 1}) == "10000-01-01T00:00:00Z");  // past the fast path
}

TEST_CASE("format_rfc3339 into a buffer writes the string form's text for any year") {
  // The CLI's JSON writer formats into a buffer (no string per VM listed): the same text, and within
  // rfc3339_room, on the fast path (years 0-9999) and past it.
  for (sys_seconds const time : {sys_seconds{}, sys_seconds{sys_days{2024y / April / 19} + 15h + 2min + 4s},
                                 sys_seconds{sys_days{9999y / December / 31} + 23h + 59min + 59s},
                                 sys_seconds{sys_days{10000y / January / 1}}, sys_seconds{sys_days{year{-1} / January / 1}},
                                 sys_seconds{sys_days{year::max() / December / 31} + 23h}}) {
    char text[rfc3339_room];
    auto const length = format_rfc3339(time, text);
    CAPTURE(format_rfc3339(time));
    CHECK(length < rfc3339_room);
    CHECK(std::string_view(text, length) == format_rfc3339(time));
  }
}

TEST_CASE("to_json gives the CLI's keys, with null for unknown values") {
  Instance instance;
  instance.provider = "alg";
  instance.provider_type = "openscaler";
  instance.id = "8";
  instance.name = "my-example-computer";
  instance.state = State::running;
  instance.raw_state = "running";
  instance.vcpus = 1;
  instance.memory_mib = 2048;
  instance.addresses = {{"10.99.88.77", Address::Visibility::public_, 4},
                        {"10.0.1.2", Address::Visibility::private_, 4},
                        {"2001:db8::1", Address::Visibility::public_, 6}};
  instance.tags["env"] = "prod";
  auto json = to_json(instance);
  CHECK(boost::json::serialize(json) ==
        R"({"provider":"alg","type":"openscaler","id":"8","name":"my-example-computer","state":"running",)"
        R"("raw_state":"running","region":null,"zone":null,"size":null,"vcpus":1,"memory_mb":2048,"disk_gb":null,)"
        R"("image":null,"public_ips":["10.99.88.77","2001:db8::1"],"private_ips":["10.0.1.2"],"created_at":null,)"
        R"("tags":{"env":"prod"}})");
  instance.created_at = sys_days{2024y / May / 5} + 13h + 24min + 27s;
  CHECK(to_json(instance).at("created_at").as_string() == "2024-05-05T13:24:27Z");
}

TEST_CASE("capabilities report and print supported operations") {
  Capabilities caps;
  caps.reboot = false;
  CHECK(caps.supports(Operation::list));
  CHECK_FALSE(caps.supports(Operation::reboot));
  CHECK(caps.to_string() == "list,get,create,delete,start,stop");
}
