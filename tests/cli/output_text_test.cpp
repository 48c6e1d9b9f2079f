// The CLI's output text, linked from tools/polycloud directly: JSON written without a DOM must equal
// the DOM's serialization, and provider text must never reach a terminal as escapes.
#include "tools/polycloud/output/json_text.hpp"
#include "tools/polycloud/output/output.hpp"
#include "tools/polycloud/terminal/progress.hpp"
#include "tools/polycloud/terminal/suggest.hpp"
#include "tools/polycloud/output/table.hpp"
#include "tools/polycloud/output/visible_text.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace polycloud;
using namespace polycloud::cli;
namespace json = boost::json;

namespace {
Instance full_instance() {
  Instance instance;
  instance.provider = "alg";
  instance.provider_type = "openscaler";
  instance.id = "8";
  instance.name = "web \"1\"\x1b[31m\r\n\u4e2d\u6587";
  instance.state = State::running;
  instance.raw_state = "ACTIVE";
  instance.region = "eu-1";
  instance.zone = "eu-1a";
  instance.size = "s-1";
  instance.vcpus = 2;
  instance.memory_mib = 4096;
  instance.disk_gb = std::int64_t{1} << 40;
  instance.image = "debian-12";
  instance.addresses = {{"203.0.113.5", Address::Visibility::public_, 4},
                        {"10.0.0.5", Address::Visibility::private_, 4},
                        {"2001:db8::5", Address::Visibility::public_, 6}};
  instance.created_at = std::chrono::sys_seconds(std::chrono::seconds(1713538924));
  instance.tags = {{"role", "web"}, {"quote\"d", "a\\b\t"}};
  instance.raw = json::parse(R"({"id": 8, "nested": {"list": [1, 2.5, "x", null, true, {}]}, "empty": []})").as_object();
  return instance;
}

std::string compact(Instance const& instance, bool with_raw) {
  auto const record = instance_record(instance, with_raw);
  std::vector<std::string> keys;
  std::vector<FieldValue const*> values;
  for (auto const& field : record) {
    keys.emplace_back(field.key);
    values.push_back(&field.value);
  }
  std::string out;
  JsonText(false).append_fields(out, keys, values);
  return out;
}
}  // namespace

TEST_CASE("instance JSON written without a DOM equals serialize(to_json) byte for byte") {
  auto const full = full_instance();
  CHECK(compact(full, false) == json::serialize(to_json(full)));
  Instance bare;  // every optional field unknown: nulls and empty containers
  bare.id = "x";
  CHECK(compact(bare, false) == json::serialize(to_json(bare)));
}

TEST_CASE("an instance's JSON written straight from it equals its record's, for every shape of VM") {
  // RecordPrinter::add(Instance) writes JsonText::append_instance where it would write the record: the
  // bytes must be the record's (and so serialize(to_json)'s) whatever the VM holds or lacks.
  std::vector<Instance> vms;
  vms.push_back(full_instance());
  Instance bare;  // every optional field unknown
  bare.id = "x";
  vms.push_back(bare);
  auto empty_lists = full_instance();
  empty_lists.addresses.clear();
  empty_lists.tags.clear();
  vms.push_back(empty_lists);
  auto private_only = full_instance();
  private_only.addresses = {{"10.0.0.1", Address::Visibility::private_, 4}, {"fd00::1", Address::Visibility::private_, 6}};
  vms.push_back(private_only);
  auto odd_text = full_instance();  // escapes, a NUL, bytes that are not UTF-8, a long string
  odd_text.provider = "p\\";
  odd_text.id = std::string("nul\0id", 6);
  odd_text.raw_state = "\x7f\xff\xfe";
  odd_text.region = std::string(300, 'r') + "\"";
  odd_text.image = "\t";
  odd_text.tags = {{"", ""}, {"k\x01", "\xc3\xa9"}};
  vms.push_back(odd_text);
  auto extremes = full_instance();
  extremes.vcpus = 0;
  extremes.memory_mib = std::numeric_limits<std::int64_t>::max();
  extremes.disk_gb = std::numeric_limits<std::int64_t>::min();
  extremes.created_at.reset();
  vms.push_back(extremes);
  for (auto state : {State::pending, State::running, State::stopping, State::stopped, State::suspended,
                     State::rebooting, State::terminated, State::error, State::unknown}) {
    auto vm = full_instance();
    vm.state = state;
    vms.push_back(vm);
  }
  JsonText one_writer(false);  // one for every VM, as a list has: its room is carried from VM to VM
  std::string all, expected_all;
  for (auto const& vm : vms) {
    std::string direct;
    JsonText(false).append_instance(direct, vm);
    CHECK(direct == compact(vm, false));
    one_writer.append_instance(all, vm);
    expected_all += compact(vm, false);
  }
  CHECK(all == expected_all);
  CHECK(vms.size() == 15);
}

TEST_CASE("IP lists read in place from the addresses give the same cells and JSON as public_ips and private_ips") {
  // The record views Instance::addresses instead of copying public_ips()/private_ips(): table, csv,
  // filters and sorting read cell_text, json the list itself; both must see what the copies held.
  auto const full = full_instance();
  auto const record = instance_record(full, false);
  auto const cell = [&](std::string_view key) {
    auto const found = std::find_if(record.begin(), record.end(), [&](Field const& field) { return field.key == key; });
    REQUIRE(found != record.end());
    return cell_text(found->value);
  };
  CHECK(cell("public_ips") == cell_text(full.public_ips()));
  CHECK(cell("public_ips") == "203.0.113.5 2001:db8::5");
  CHECK(cell("private_ips") == cell_text(full.private_ips()));
  CHECK(cell("private_ips") == "10.0.0.5");
}

TEST_CASE("a record refilled for the next VM equals one made for that VM alone") {
  // A list fills one Record for every VM it prints: nothing of the VM before may stay in it.
  Instance bare;
  bare.id = "x";
  Record record;
  fill_instance_record(record, full_instance(), true);
  fill_instance_record(record, bare, false);
  std::vector<std::string> keys;
  std::vector<FieldValue const*> values;
  for (auto const& field : record) keys.emplace_back(field.key), values.push_back(&field.value);
  std::string out;
  JsonText(false).append_fields(out, keys, values);
  CHECK(out == json::serialize(to_json(bare)));
}

TEST_CASE("a record made by created_record and refilled with --raw gets raw in place of adopted") {
  // Both records have 18 fields beginning with the same keys: only the last one tells them apart.
  auto const full = full_instance();
  auto record = created_record(full, false);
  fill_instance_record(record, full, true);
  REQUIRE(record.size() == 18);
  CHECK(record.back().key == "raw");
  CHECK(compact(full, true) == [&] {
    std::vector<std::string> keys;
    std::vector<FieldValue const*> values;
    for (auto const& field : record) keys.emplace_back(field.key), values.push_back(&field.value);
    std::string out;
    JsonText(false).append_fields(out, keys, values);
    return out;
  }());
}

TEST_CASE("one printer given records of other shapes prints each record's own values") {
  // The printer finds where its keys are in the first record and reuses those places while the records'
  // keys stay where they were; a record shaped otherwise (another command's, or --raw's extra key) must
  // be placed anew, not read at the old places.
  GlobalArgs global;
  global.output = OutputFormat::ndjson;
  global.fields = {"id", "adopted", "created_at"};
  RecordPrinter printer(global, create_layout());
  auto vm = full_instance();
  vm.adopted = true;
  CHECK(printer.record_text(instance_record(vm, false)) ==
        R"({"id":"8","adopted":null,"created_at":"2024-04-19T15:02:04Z"})" "\n");
  CHECK(printer.record_text(created_record(vm, false)) ==
        R"({"id":"8","adopted":true,"created_at":"2024-04-19T15:02:04Z"})" "\n");
  vm.id = "9";
  vm.created_at.reset();
  CHECK(printer.record_text(instance_record(vm, true)) == R"({"id":"9","adopted":null,"created_at":null})" "\n");
  CHECK(printer.record_text(Record{{"created_at", std::string_view("x")}}) ==
        R"({"id":null,"adopted":null,"created_at":"x"})" "\n");
}

TEST_CASE("a time in a record reads as its RFC 3339 text in every format") {
  auto const time = std::chrono::sys_seconds(std::chrono::seconds(1713538924));
  FieldValue const value = Timestamp{time};
  CHECK(cell_text(value) == "2024-04-19T15:02:04Z");
  std::string out;
  JsonText(false).append_fields(out, {"at"}, {&value});
  CHECK(out == R"({"at":"2024-04-19T15:02:04Z"})");
}

TEST_CASE("JSON strings written directly equal Boost.JSON's serializer for every byte value") {
  // The writer copies a string that needs no escape and hands the rest to the serializer: both paths,
  // for every byte (quotes, backslash, control characters, DEL, UTF-8 lead and continuation bytes).
  for (int byte = 0; byte < 256; ++byte) {
    CAPTURE(byte);
    std::string const text = std::string("a") + static_cast<char>(byte) + "b";
    FieldValue const value = std::string_view(text);
    std::string out;
    JsonText(false).append_fields(out, {"k"}, {&value});
    CHECK(out == json::serialize(json::object{{"k", json::string_view(text.data(), text.size())}}));
  }
}

TEST_CASE("JSON strings written directly equal Boost.JSON's serializer for every byte at every place, every length") {
  // The escape check reads sixteen bytes a step (SSE2), else eight, and the tail as one step overlapping
  // the last; strings of up to 16 bytes are copied by two overlapping moves. Each byte value at each
  // position of each length up to 40 goes through every part (and every lane of a step).
  for (std::size_t size = 1; size <= 40; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text(size, 'a');
        text[at] = static_cast<char>(byte);
        FieldValue const value = std::string_view(text);
        std::string out;
        JsonText(false).append_fields(out, {"k"}, {&value});
        if (out != json::serialize(json::object{{"k", json::string_view(text.data(), text.size())}})) {
          FAIL("byte " << byte << " at " << at << " of " << size << ": " << out);
        }
      }
    }
  }
}

TEST_CASE("--raw appends the provider's object losslessly") {
  auto const full = full_instance();
  auto expected = to_json(full);
  expected["raw"] = full.raw;
  CHECK(compact(full, true) == json::serialize(expected));
}

TEST_CASE("pretty JSON holds the same value as the compact form") {
  auto const full = full_instance();
  auto const record = instance_record(full, true);
  std::vector<std::string> keys;
  std::vector<FieldValue const*> values;
  for (auto const& field : record) keys.emplace_back(field.key), values.push_back(&field.value);
  std::string pretty;
  JsonText(true).append_fields(pretty, keys, values);
  CHECK(pretty.find("\n  \"provider\": \"alg\",\n") != std::string::npos);
  CHECK(pretty.find("\"empty\": []") != std::string::npos);
  CHECK(json::parse(pretty) == json::parse(compact(full, true)));
}

TEST_CASE("control characters become visible escapes - printable text of any script stays") {
  CHECK(visible_controls("web-1") == "web-1");
  CHECK(visible_controls("a\x1b[31mb\r\n\a\x7f") == "a\\x1b[31mb\\x0d\\x0a\\x07\\x7f");
  CHECK(visible_controls("\u4e2d\u00e9\U0001F600") == "\u4e2d\u00e9\U0001F600");
  CHECK(visible_controls("x\xc2\x9b" "31m") == "x\\u009b31m");  // C1 CSI
  CHECK(visible_controls("bad\xff\xc3") == "bad\\xff\\xc3");    // not UTF-8
  CHECK(visible_controls(std::string_view("nul\0end", 7)) == "nul\\x00end");
  // Bidi controls reorder what follows; zero-width characters hide a difference (issue 22).
  CHECK(visible_controls("a\u202eb\u200bc\u2066d\ufeff") == "a\\u202eb\\u200bc\\u2066d\\ufeff");
  CHECK(visible_controls("\u05e9\u05dc\u05d5\u05dd") == "\u05e9\u05dc\u05d5\u05dd");  // Hebrew itself stays
}

TEST_CASE("terminal JSON escapes hidden code points and stays the same JSON value") {
  std::string const text = "\"a\xc2\x9b" "b\u202ec\u00e9\"";
  CHECK(escape_hidden_in_json(text) == "\"a\\u009bb\\u202ec\u00e9\"");
  CHECK(json::parse(escape_hidden_in_json(text)) == json::parse(text));
}

TEST_CASE("display width counts terminal columns - CJK takes two and combining marks none") {
  CHECK(display_width("\u4e2d\u6587") == 4);
  CHECK(display_width("e\u0301") == 1);
  CHECK(truncate_to("\u4e2d\u6587\u4e2d\u6587", 5) == "\u4e2d\u6587\u2026");
  Table table({{"NAME"}, {"STATE"}});
  table.add_row({"\u4e2d\u6587", "running"});
  table.add_row({"ab", "stopped"});
  CHECK(table.render(std::nullopt) == "NAME  STATE\n\u4e2d\u6587  running\nab    stopped\n");
  CHECK(table.render(std::nullopt, {}, false) == "\u4e2d\u6587  running\nab    stopped\n");
}

TEST_CASE("did you mean suggests only a close candidate") {
  std::vector<std::string> const commands{"list", "get", "create", "delete"};
  CHECK(closest("lsit", commands) == "list");
  CHECK(closest("craete", commands) == "create");
  CHECK(closest("frobnicate", commands).empty());
  CHECK(closest("-x", {"-h", "-o"}).empty());
  CHECK(did_you_mean("delet", commands) == " (did you mean \"delete\"?)");
}

TEST_CASE("progress values outside 0-100 are clamped - a non-number is dropped") {
  CHECK(drawable_percent(1e308) == 100.0);
  CHECK(drawable_percent(-5.0) == 0.0);
  CHECK(drawable_percent(42.5) == 42.5);
  CHECK_FALSE(drawable_percent(std::nan("")).has_value());
  CHECK_FALSE(drawable_percent(std::numeric_limits<double>::infinity()).has_value());
  CHECK_FALSE(drawable_percent(std::nullopt).has_value());
}
