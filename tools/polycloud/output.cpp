#include "output.hpp"

#include "csv.hpp"
#include "terminal.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/core.h>

namespace polycloud::cli {

namespace {
namespace json = boost::json;

/// Colour for a state cell on a terminal: the one thing worth a glance in a long table.
std::string_view state_color(std::string_view state) {
  if (state == "running") return "\x1b[32m";
  if (state == "error") return "\x1b[31m";
  if (state == "stopped" || state == "suspended" || state == "terminated") return "\x1b[33m";
  if (state == "pending" || state == "stopping" || state == "rebooting") return "\x1b[36m";
  return "";
}

json::value const& field(json::object const& record, std::string const& key) {
  static json::value const null;
  auto const* found = record.if_contains(key);
  return found ? *found : null;
}

void print_table(RecordLayout const& layout, std::vector<json::object> const& records) {
  std::vector<TableColumn> columns;
  for (auto const& c : layout.table) columns.push_back(c.column);
  Table table(columns);
  for (auto const& record : records) {
    std::vector<std::string> cells;
    for (auto const& c : layout.table) {
      auto text = cell_text(field(record, c.key));
      cells.push_back(text.empty() ? "-" : text);
    }
    table.add_row(std::move(cells));
  }
  CellStyle style;
  if (use_color(stdout))
    style = [&layout](std::size_t column, std::string_view cell) {
      return layout.table[column].key == "state" ? state_color(cell) : std::string_view();
    };
  fmt::print("{}", table.render(output_width(), style));
}

/// `get` on a terminal: one "key  value" line per field, every key shown.
void print_key_values(RecordLayout const& layout, json::object const& record) {
  Table table({{"FIELD"}, {"VALUE", 0, true}});
  for (auto const& key : layout.keys) {
    auto text = cell_text(field(record, key));
    table.add_row({key, text.empty() ? "-" : text});
  }
  fmt::print("{}", table.render(output_width()));
}
}  // namespace

std::string cell_text(json::value const& value) {
  switch (value.kind()) {
    case json::kind::null:
      return {};
    case json::kind::string:
      return std::string(value.get_string());
    case json::kind::array: {
      std::string out;
      for (auto const& item : value.get_array()) out += (out.empty() ? "" : " ") + cell_text(item);
      return out;
    }
    case json::kind::object: {
      std::string out;
      for (auto const& [key, item] : value.get_object())
        out += (out.empty() ? "" : ";") + std::string(key) + "=" + cell_text(item);
      return out;
    }
    default:
      return json::serialize(value);
  }
}

RecordLayout const& instance_layout() {
  static RecordLayout const layout{
      {"provider", "type", "id", "name", "state", "raw_state", "region", "zone", "size", "vcpus", "memory_mb",
       "disk_gb", "image", "public_ips", "private_ips", "created_at", "tags"},
      {{"provider", {"PROVIDER"}},
       {"id", {"ID", 0, true}},
       {"name", {"NAME", 0, true}},
       {"state", {"STATE"}},
       {"region", {"REGION", 3}},
       {"size", {"SIZE", 4, true}},
       {"image", {"IMAGE", 6, true}},
       {"public_ips", {"PUBLIC IP", 2, true}},
       {"created_at", {"CREATED", 5}}}};
  return layout;
}

void print_instance(OutputFormat format, Instance const& instance) {
  RecordPrinter printer(format, instance_layout(), true);
  printer.add(to_json(instance));
  printer.finish();
}

RecordPrinter::RecordPrinter(OutputFormat format, RecordLayout const& layout, bool single)
    : format_(format), layout_(layout), single_(single) {}

void RecordPrinter::add(json::object record) {
  if (format_ == OutputFormat::ndjson) {
    fmt::print("{}\n", json::serialize(record));
    std::fflush(stdout);  // a consumer downstream sees each instance as it arrives
    return;
  }
  records_.push_back(std::move(record));
}

void RecordPrinter::finish() {
  switch (format_) {
    case OutputFormat::ndjson:
      break;
    case OutputFormat::json:
      if (single_ && records_.size() == 1) {
        fmt::print("{}\n", json::serialize(records_.front()));
      } else {
        json::array all;
        for (auto& record : records_) all.emplace_back(std::move(record));
        fmt::print("{}\n", json::serialize(all));
      }
      break;
    case OutputFormat::csv:
      fmt::print("{}", csv_row(layout_.keys));
      for (auto const& record : records_) {
        std::vector<std::string> fields;
        for (auto const& key : layout_.keys) fields.push_back(cell_text(field(record, key)));
        fmt::print("{}", csv_row(fields));
      }
      break;
    case OutputFormat::table:
      if (single_ && records_.size() == 1)
        print_key_values(layout_, records_.front());
      else
        print_table(layout_, records_);
      break;
  }
  records_.clear();
  std::fflush(stdout);
}

}  // namespace polycloud::cli
