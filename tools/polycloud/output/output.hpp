#pragma once
// Prints records in the chosen format. Every command's stdout goes through here, so the formats (and
// --fields, --no-headers) behave the same for instances, providers and actions.
//
// json, ndjson and csv write each record as it is added (a list streams: memory does not grow with the
// fleet); only table collects, because it measures its columns first.
#include "commands/exit_code.hpp"
#include "commands/arguments.hpp"
#include "output/json_text.hpp"
#include "output/record.hpp"
#include "output/table.hpp"

#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

struct RecordLayout {
  std::vector<std::string> keys;  ///< every key, in record order (also the keys --fields accepts)
  struct Column {
    std::string key;
    TableColumn column;
  };
  std::vector<Column> table;  ///< the default table's columns (a subset of keys)
  std::vector<std::string> on_request;  ///< keys printed only when asked for ("raw"), also valid in --fields
};

/// The layout of an instance record (polycloud::to_json keys, and "raw" for --raw).
RecordLayout const& instance_layout();

/// The layout of what create prints: the instance record, then "adopted" (true when the create found
/// a VM carrying its idempotency key and built none).
RecordLayout const& create_layout();

/// A config error (exit 2) naming the first --fields key the layout does not have, with a suggestion.
CliResult<void> check_fields(std::vector<std::string> const& fields, RecordLayout const& layout);

class RecordPrinter {
 public:
  /// `single`: the command prints exactly one record (get, create, one action): json prints an object,
  /// not an array, and the table is a FIELD/VALUE listing. --fields must have passed check_fields.
  /// `with_requested`: the layout's on_request keys are printed too (--raw).
  RecordPrinter(GlobalArgs const& global, RecordLayout const& layout, bool single = false,
                bool with_requested = false);
  RecordPrinter(RecordPrinter const&) = delete;
  RecordPrinter& operator=(RecordPrinter const&) = delete;

  void add(Record const& record);
  /// add(instance_record(instance, with_raw)); written straight from the Instance where that record's
  /// text is its compact JSON with every key (json, ndjson: JsonText::append_instance).
  void add(Instance const& instance, bool with_raw);

  // add() in parts, for records formatted ahead of their turn (InOrderWriter); not for table.
  /// One record's text on its own (a JSON object, a csv row, an ndjson line).
  std::string record_text(Record const& record);
  /// The same, appended to `out`.
  void append_record(std::string& out, Record const& record);
  /// What goes between two record texts of one run (the JSON array's comma).
  std::string between() const;
  /// Before a run of `records` record texts: the header or '[' first, then the separator.
  void start_run(std::size_t records);
  void write_text(std::string_view text);
  /// Hands what was written so far to stdout (after each page of a list).
  void flush();
  /// Closes the json array, prints the table, flushes. `every_source_failed` (each provider, or each id
  /// acted on, ended in an error): a table without a row then prints nothing, since its header alone
  /// would read as "none" above the errors; json keeps its "[]" and csv its header, for scripts.
  void finish(bool every_source_failed = false);

 private:
  /// The record's fields in output order: all of them, or those --fields names. Valid until the next
  /// call (one vector for every record: its room is kept).
  std::vector<FieldValue const*> const& selected(Record const& record);
  /// Whether `record` has its keys where the record place_keys() read had them.
  bool same_keys_as_before(Record const& record) const noexcept;
  /// Finds where each printed key is in `record` (places_), and remembers its keys.
  void place_keys(Record const& record);
  void begin();
  /// Hands the pending text to stdio (which buffers it) without flushing.
  void pass_pending();

  OutputFormat format_;
  bool single_;
  bool headers_;
  std::vector<std::string> keys_;  ///< the keys printed, in order: --fields, or the layout's
  JsonText json_;
  /// However large a provider's page, the text waiting in pending_ stays about this small.
  static constexpr std::size_t pending_limit = 64 * 1024;
  std::string pending_;  ///< written, not yet flushed
  std::vector<FieldValue const*> selected_;  ///< selected()'s answer
  std::vector<std::string_view> record_keys_;  ///< the keys of the record places_ were found in
  std::vector<std::size_t> places_;  ///< per printed key, its index in such a record (its size: absent)
  bool placed_ = false;
  /// add(Instance) writes JsonText::append_instance: compact json or ndjson of instance_layout()'s keys.
  bool instances_direct_ = false;
  Record instance_record_;  ///< add(Instance)'s record where it is not direct: its room is reused
  std::size_t count_ = 0;
  std::optional<Table> table_;
  std::vector<std::string> table_keys_;
};

/// Prints one instance as the single record of a command (get, create).
void print_instance(GlobalArgs const& global, Instance const& instance, bool with_raw = false);
/// What create prints: the instance and whether it was adopted (create_layout).
void print_created(GlobalArgs const& global, Instance const& instance);

}  // namespace polycloud::cli
