// Value parsers the adapters share: timestamps, Unix seconds, addresses and their visibility.
#include "providers/common/values.hpp"

#include "toolkit_test_support.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>

#include <string_view>

using namespace polycloud;
using namespace polycloud::providers;
using namespace std::chrono;

TEST_CASE("toolkit timestamps: no zone is UTC - Z, offsets and fractions are understood") {
  auto const expected = sys_days{2024y / April / 19} + 15h + 2min + 4s;
  CHECK(parse_timestamp("2024-04-19T15:02:04") == expected);
  CHECK(parse_timestamp("2024-04-19T15:02:04Z") == expected);
  CHECK(parse_timestamp("2024-04-19T15:02:04.123456") == expected);
  CHECK(parse_timestamp("2024-04-19 15:02:04") == expected);
  CHECK(parse_timestamp("2024-04-19T17:02:04+02:00") == expected);
  CHECK(parse_timestamp("2024-04-19T13:32:04-01:30") == expected);
  for (std::string_view bad : {"", "2024-04-19", "2024-02-30T00:00:00", "2024-04-19T25:00:00", "2024-04-19T15:02:04+2",
                          "2024-04-19T15:02:04.", "2024-04-19T15:02:04 UTC", "20x4-04-19T15:02:04",
                          // signs where digits belong: each passed the range checks as a negative field
                          "2024-04-19T-1:02:04", "2024-04-19T15:-2:04", "2024-04-19T15:02:-4",
                          "2024-04-19T15:02:04+-1:00", "-024-04-19T15:02:04"}) {
    CAPTURE(bad);
    CHECK(!parse_timestamp(bad));
  }
}

TEST_CASE("toolkit values: Unix seconds are range-checked") {
  CHECK(from_unix_seconds(0) == sys_seconds{});
  CHECK(from_unix_seconds(1'700'000'000) == sys_seconds{seconds{1'700'000'000}});
  CHECK(!from_unix_seconds(-1));
  CHECK(!from_unix_seconds(std::numeric_limits<std::int64_t>::max()));
}

TEST_CASE("toolkit values: addresses are told public or private by range and keep their version") {
  struct Case {
    char const* ip;
    Address::Visibility visibility;
    int version;
  };
  using V = Address::Visibility;
  for (auto const& c : {Case{"185.199.1.1", V::public_, 4}, Case{"10.0.0.1", V::private_, 4},
                        Case{"172.16.5.4", V::private_, 4}, Case{"172.32.0.1", V::public_, 4},
                        Case{"192.168.1.1", V::private_, 4}, Case{"100.64.0.1", V::private_, 4},
                        Case{"2a03:2800::1", V::public_, 6}, Case{"fd00::1", V::private_, 6},
                        Case{"fe80::1", V::private_, 6}, Case{"127.0.0.1", V::private_, 4},
                        Case{"169.254.9.9", V::private_, 4}, Case{"100.128.0.1", V::public_, 4},
                        Case{"::1", V::private_, 6}, Case{"::2", V::public_, 6}, Case{"fc00::1", V::private_, 6},
                        Case{"fec0::1", V::public_, 6}, Case{"febf::1", V::private_, 6},
                        Case{"::ffff:10.0.0.1", V::public_, 6}}) {
    CAPTURE(c.ip);
    auto address = classify_address(c.ip);
    REQUIRE(address);
    CHECK(address->visibility == c.visibility);
    CHECK(address->version == c.version);
  }
  CHECK(!classify_address("example.com"));
  CHECK(ip_version("1.2.3") == 0);
}

TEST_CASE("toolkit values: ip_version takes exactly the IPv4 and IPv6 addresses Boost.URL takes") {
  using namespace std::string_view_literals;
  for (auto text : {"0.0.0.0"sv, "255.255.255.255"sv, "10.99.88.77"sv, "1.2.3.4"sv, "::1"sv, "2001:db8::7"sv,
                    "::ffff:1.2.3.4"sv, "1.2.3"sv, "1.2.3.4.5"sv, "1.2.3.4."sv, ".1.2.3"sv, "1..2.3"sv, "256.1.1.1"sv,
                    "01.2.3.4"sv, "1.2.3.04"sv, "1.2.3.-4"sv, "+1.2.3.4"sv, " 1.2.3.4"sv, "1.2.3.4 "sv,
                    "1.2.3.4\0"sv, "1.2.3.4\0.5"sv, "1.2.3.4/24"sv, "0x1.2.3.4"sv, "1.2.3.4444"sv,
                    "1234.1.1.1"sv, "100.200.300.400"sv, "1111.2222.3333.4444"sv, ""sv, "fe80::1%eth0"sv,
                    "example.com"sv, "::"sv, ":::"sv, "1:2:3:4:5:6:7:8"sv, "1:2:3:4:5:6:7:8:9"sv, "1:2:3:4:5:6:7"sv,
                    "1::2::3"sv, "12345::"sv, "::1.2.3.4"sv, "::ffff:1.2.3.04"sv, "::ffff:256.1.1.1"sv,
                    "1:2:3:4:5:6:1.2.3.4"sv, "1:2:3:4:5:6:7:1.2.3.4"sv, "1:2:3:4:5:6:7::"sv, "::2:3:4:5:6:7:8"sv,
                    "1:2:3:4:5:6:7:8::"sv, "[::1]"sv, "g::1"sv, "FE80::ABCD"sv, "fe80:0000:0000::0001"sv,
                    "1:2:3:4::5:1.2.3.4"sv, "::1 "sv, " ::1"sv, "::1\0"sv, ":1::"sv, "1:"sv, "1::2:"sv,
                    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"sv,
                    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255:1"sv, "0:0:0:0:0:0:0:0"sv, "00000::"sv}) {
    CAPTURE(text);
    auto const version = ip_version(text);
    bool const v4 = bool(boost::urls::parse_ipv4_address(text));
    bool const v6 = bool(boost::urls::parse_ipv6_address(text));
    CHECK(version == (v4 ? 4 : v6 ? 6 : 0));
  }
}

namespace {
/// Holds ip_version to Boost.URL's IPv4address and IPv6address on each text it is given (both are read
/// by hand in values.cpp), counting the texts and those taken.
struct BoostUrlAgreement {
  std::size_t checked = 0;
  std::size_t taken = 0;
  void operator()(std::string const& text) {
    bool const parsed = ip_version(text) != 0;
    bool const expected = bool(boost::urls::parse_ipv4_address(text)) || bool(boost::urls::parse_ipv6_address(text));
    if (parsed != expected) FAIL_CHECK("ip_version and Boost.URL disagree on \"" << text << "\"");
    ++checked;
    taken += parsed ? 1 : 0;
  }
};

/// Every sequence of 0 to `most` pieces, each one of `pieces`, joined by `separator`.
void every_joining(std::vector<std::string> const& pieces, std::size_t most, std::string_view separator,
                   BoostUrlAgreement& agree) {
  std::vector<std::string> texts{""};
  agree("");
  for (std::size_t length = 1; length <= most; ++length) {
    std::vector<std::string> longer;
    longer.reserve(texts.size() * pieces.size());
    for (auto const& text : texts)
      for (auto const& piece : pieces) longer.push_back(length == 1 ? piece : text + std::string(separator) + piece);
    for (auto const& text : longer) agree(text);
    texts = std::move(longer);
  }
}
}  // namespace

TEST_CASE("toolkit values: ip_version agrees with Boost.URL on every short string of digits and dots") {
  // IPv4: every string of up to 7 characters over "0125.9a", and every dotted quad of octets around the
  // limits (leading zeros, 255/256, four digits).
  BoostUrlAgreement agree;
  every_joining({"0", "1", "2", "5", ".", "9", "a"}, 7, "", agree);
  std::vector<std::string> const octets = {"0", "1", "9", "10", "99", "100", "199", "200", "249", "250", "255",
                                           "256", "300", "999", "00", "01", "010", "1000", ""};
  for (auto const& a : octets)
    for (auto const& b : octets)
      for (auto const& c : octets)
        for (auto const& d : octets) agree(a + "." + b + "." + c + "." + d);
  CHECK(agree.checked == 960800 + 130321);  // (7^8 - 1) / 6 strings, 19^4 quads
  CHECK(agree.taken > 10000);  // both sides take many: the agreement is not on refusals alone
}

TEST_CASE("toolkit values: ip_version agrees with Boost.URL on short strings of colons and hex, and on group patterns") {
  // IPv6: every string of up to 8 characters over ":1f.", and every colon-joined run of up to 9 groups
  // from {"", "ffff", "12345", "1.2.3.4"}.
  BoostUrlAgreement agree;
  every_joining({":", "1", "f", "."}, 8, "", agree);
  every_joining({"", "ffff", "12345", "1.2.3.4"}, 9, ":", agree);
  CHECK(agree.checked == (65536 * 4 - 1) / 3 + (262144 * 4 - 1) / 3);  // 4^0..4^8 strings, 4^0..4^9 runs
  CHECK(agree.taken > 1000);
}
