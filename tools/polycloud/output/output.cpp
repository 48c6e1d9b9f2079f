#include "output/output.hpp"

#include "output/csv.hpp"
#include "commands/exit_code.hpp"
#include "output/streams.hpp"
#include "terminal/suggest.hpp"
#include "terminal/terminal.hpp"
#include "output/visible_text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

namespace polycloud::cli {

namespace {
/// Colour for a state cell on a terminal: the one thing worth a glance in a long table.
std::string_view state_color(std::string_view state) {
  if (state == "running") return "\x1b[32m";
  if (state == "error") return "\x1b[31m";
  if (state == "stopped" || state == "suspended" || state == "terminated") return "\x1b[33m";
  if (state == "pending" || state == "stopping" || state == "rebooting") return "\x1b[36m";
  return "";
}

/// A key the layout gives no column for: its name upper-cased ("memory_mb" → "MEMORY MB"), cut when tight.
TableColumn column_for(RecordLayout const& layout, std::string const& key) {
  for (auto const& c : layout.table)
    if (c.key == key) return c.column;
  std::string header;
  for (char c : key) header += c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {header, 0, true};
}

/// Provider text in a cell a person (or a spreadsheet) reads: control characters made visible.
std::string safe_cell(FieldValue const* value) { return value ? visible_controls(cell_text(*value)) : std::string(); }

/// A cell of -o value: one line per record and a tab between cells, so the separators inside a value are
/// escaped as C and PostgreSQL's COPY text do (\\, \t, \n, \r); other controls as visible_controls shows them.
std::string value_cell(FieldValue const* value) {
  if (!value) return {};
  std::string escaped;
  for (char c : cell_text(*value)) {
    switch (c) {
      case '\\': escaped += "\\\\"; break;
      case '\t': escaped += "\\t"; break;
      case '\n': escaped += "\\n"; break;
      case '\r': escaped += "\\r"; break;
      default: escaped += c;
    }
  }
  return visible_controls(escaped);
}
}  // namespace

RecordLayout const& instance_layout() {
  static RecordLayout const layout{
      {"provider", "type", "id", "name", "state", "raw_state", "region", "zone", "size", "vcpus", "memory_mb",
       "disk_gb", "image", "public_ips", "private_ips", "created_at", "tags"},
      {{"provider", {"PROVIDER"}},
       {"id", {"ID"}},  // never cut: an id is copied and pasted; the terminal wraps before it is cut
       {"name", {"NAME", 0, true}},
       {"state", {"STATE"}},
       {"region", {"REGION", 3}},
       {"size", {"SIZE", 4, true}},
       {"image", {"IMAGE", 6, true}},
       {"public_ips", {"PUBLIC IP", 2, true}},
       {"created_at", {"CREATED", 5}}},
      {"raw"}};
  return layout;
}

RecordLayout const& create_layout() {
  static RecordLayout const layout = [] {
    auto created = instance_layout();
    created.keys.push_back("adopted");
    created.table.push_back({"adopted", {"ADOPTED", 1}});
    return created;
  }();
  return layout;
}

CliResult<void> check_fields(std::vector<std::string> const& fields, RecordLayout const& layout) {
  std::vector<std::string> valid = layout.keys;
  valid.insert(valid.end(), layout.on_request.begin(), layout.on_request.end());
  for (auto const& field : fields) {
    if (std::find(valid.begin(), valid.end(), field) != valid.end()) continue;
    std::string listed;
    for (auto const& key : valid) listed += (listed.empty() ? "" : ", ") + key;
    return usage_error(fmt::format("--fields: unknown field \"{}\"{} (fields: {})", field, did_you_mean(field, valid),
                                  listed),
                      {}, "output");
  }
  return {};
}

RecordPrinter::RecordPrinter(GlobalArgs const& global, RecordLayout const& layout, bool single, bool with_requested)
    : format_(global.output),
      single_(single),
      headers_(!global.no_headers),
      keys_(global.fields),
      json_(global.output == OutputFormat::json && is_terminal(stdout)) {
  if (keys_.empty()) {
    keys_ = layout.keys;
    if (with_requested) keys_.insert(keys_.end(), layout.on_request.begin(), layout.on_request.end());
  }
  json_.set_keys(keys_);
  instances_direct_ = (format_ == OutputFormat::json || format_ == OutputFormat::ndjson) && !json_.pretty() &&
                      keys_ == instance_layout().keys;
  if (format_ != OutputFormat::table) return;
  std::vector<TableColumn> columns;
  if (single_) {
    columns = {{"FIELD"}, {"VALUE", 0, true}};
  } else if (!global.fields.empty()) {
    table_keys_ = keys_;
    for (auto const& key : keys_) columns.push_back(column_for(layout, key));
  } else {
    for (auto const& c : layout.table) {
      table_keys_.push_back(c.key);
      columns.push_back(c.column);
    }
  }
  table_.emplace(std::move(columns));
}

std::vector<FieldValue const*> const& RecordPrinter::selected(Record const& record) {
  auto& values = selected_;
  if (!same_keys_as_before(record)) place_keys(record);
  values.resize(places_.size());  // the same size for every record of a listing: no push_back checks
  for (std::size_t i = 0; i < places_.size(); ++i) {
    values[i] = places_[i] < record.size() ? &record[places_[i]].value : nullptr;
  }
  return values;
}

bool RecordPrinter::same_keys_as_before(Record const& record) const noexcept {
  // A list's records all come from one fill: the same key texts (literals, or the layout's own) at the
  // same places. Comparing where the keys are is exact for them and costs far less than matching
  // every printed key against the record's, which was a visible share of a list's CPU.
  if (!placed_ || record.size() != record_keys_.size()) return false;
  for (std::size_t i = 0; i < record.size(); ++i) {
    if (record[i].key.data() != record_keys_[i].data() || record[i].key.size() != record_keys_[i].size()) return false;
  }
  return true;
}

void RecordPrinter::place_keys(Record const& record) {
  auto const& keys = table_ && !single_ ? table_keys_ : keys_;
  record_keys_.clear();
  for (auto const& field : record) record_keys_.push_back(field.key);
  places_.clear();
  for (auto const& key : keys) {
    auto found = std::find_if(record.begin(), record.end(), [&](Field const& f) { return f.key == key; });
    places_.push_back(static_cast<std::size_t>(found - record.begin()));  // record.size(): not in it
  }
  placed_ = true;
}

void RecordPrinter::begin() {
  if (format_ == OutputFormat::json && !single_) pending_ += '[';
  if (format_ == OutputFormat::csv && headers_) pending_ += csv_row(keys_);
}

std::string RecordPrinter::record_text(Record const& record) {
  std::string text;
  append_record(text, record);
  return text;
}

void RecordPrinter::append_record(std::string& out, Record const& record) {
  auto const& values = selected(record);
  if (format_ == OutputFormat::csv) {
    std::vector<std::string> cells;
    cells.reserve(values.size());
    for (auto const* value : values) cells.push_back(spreadsheet_text(safe_cell(value)));
    out += csv_row(cells);
    return;
  }
  if (format_ == OutputFormat::value) {
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "\t" : "") + value_cell(values[i]);
    out += '\n';
    return;
  }
  bool const array = format_ == OutputFormat::json && !single_;
  json_.append_fields(out, values, array ? 1 : 0);
  if (!array) out += '\n';
}

std::string RecordPrinter::between() const {
  if (format_ != OutputFormat::json || single_) return {};
  return json_.pretty() ? ",\n  " : ",";
}

void RecordPrinter::start_run(std::size_t records) {
  if (count_ == 0) begin();
  if (format_ == OutputFormat::json && !single_) {
    if (count_ > 0) pending_ += ',';
    if (json_.pretty()) pending_ += "\n  ";
  }
  count_ += records;
}

void RecordPrinter::write_text(std::string_view text) {
  pending_ += text;
  if (pending_.size() >= pending_limit) pass_pending();
}

void RecordPrinter::add(Record const& record) {
  if (format_ != OutputFormat::table) {
    start_run(1);
    // Straight into the pending text: a string of its own per record grew (and was copied) several times.
    append_record(pending_, record);
    if (pending_.size() >= pending_limit) pass_pending();
    return;
  }
  if (count_++ == 0) begin();
  auto const& values = selected(record);
  if (single_) {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      auto text = safe_cell(values[i]);
      // get's id row is never cut either (the VALUE column is, for long names and tags).
      table_->add_row({keys_[i], text.empty() ? "-" : std::move(text)}, keys_[i] == "id");
    }
    return;
  }
  std::vector<std::string> cells;
  for (auto const* value : values) {
    auto text = safe_cell(value);
    cells.push_back(text.empty() ? "-" : std::move(text));
  }
  table_->add_row(std::move(cells));
}

void RecordPrinter::add(Instance const& instance, bool with_raw) {
  if (!instances_direct_ || with_raw) {
    fill_instance_record(instance_record_, instance, with_raw);
    return add(instance_record_);
  }
  start_run(1);
  json_.append_instance(pending_, instance);
  if (format_ != OutputFormat::json || single_) pending_ += '\n';  // append_record's line end
  if (pending_.size() >= pending_limit) pass_pending();
}

void RecordPrinter::pass_pending() {
  // A failure is remembered by streams.cpp and decides the exit code; the printing goes on regardless
  // (a list still drains its providers), its text simply goes nowhere.
  if (!pending_.empty()) (void)write_out(pending_);
  pending_.clear();
}

void RecordPrinter::flush() {
  pass_pending();
  flush_out();
}

void RecordPrinter::finish(bool every_source_failed) {
  if (single_ && count_ == 0) return flush();  // the one record failed: its error says it all
  if (every_source_failed && table_ && count_ == 0) return flush();
  if (count_ == 0) begin();
  if (format_ == OutputFormat::json && !single_) pending_ += count_ > 0 && json_.pretty() ? "\n]\n" : "]\n";
  if (table_) {
    CellStyle style;
    if (use_color(stdout) && !single_)
      style = [this](std::size_t column, std::string_view cell) {
        return table_keys_[column] == "state" ? state_color(cell) : std::string_view();
      };
    pending_ += table_->render(output_width(), style, headers_);
  }
  flush();
}

void print_instance(GlobalArgs const& global, Instance const& instance, bool with_raw) {
  RecordPrinter printer(global, instance_layout(), true, with_raw);
  printer.add(instance_record(instance, with_raw));
  printer.finish();
}

void print_created(GlobalArgs const& global, Instance const& instance) {
  RecordPrinter printer(global, create_layout(), true);
  printer.add(created_record(instance, false));
  printer.finish();
}

}  // namespace polycloud::cli
