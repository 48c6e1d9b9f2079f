#include "core/duplicate_keys.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <map>
#include <vector>

namespace polycloud::detail {

namespace {

namespace json = boost::json;

/// basic_parser events tracked as a stack of open containers, each with the keys met so far and the
/// line each was on. The text is fed one line at a time, so an event's line is the line being fed: a
/// key ends on the line of its closing quote (JSON strings hold no raw line break).
class DuplicateFinder {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::size_t line = 1;
  std::optional<DuplicateKey> found;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return open(true); }
  bool on_object_end(std::size_t, json::error_code&) { return close(); }
  bool on_array_begin(json::error_code&) { return open(false); }
  bool on_array_end(std::size_t, json::error_code&) { return close(); }
  bool on_key_part(std::string_view part, std::size_t, json::error_code&) {
    key_.append(part);
    return true;
  }
  bool on_key(std::string_view part, std::size_t, json::error_code& ec) {
    key_.append(part);
    auto& frame = stack_.back();
    auto const [at, inserted] = frame.keys.emplace(key_, line);
    if (!inserted) {
      found = DuplicateKey{path_to(key_), at->second, line};
      ec = json::error::extra_data;  // any error: stop parsing, the answer is known
      return false;
    }
    frame.last_key = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_string_part(std::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(std::string_view, std::size_t, json::error_code&) { return value(); }
  bool on_number_part(std::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, json::error_code&) { return value(); }
  bool on_uint64(std::uint64_t, std::string_view, json::error_code&) { return value(); }
  bool on_double(double, std::string_view, json::error_code&) { return value(); }
  bool on_bool(bool, json::error_code&) { return value(); }
  bool on_null(json::error_code&) { return value(); }
  bool on_comment_part(std::string_view, json::error_code&) { return true; }
  bool on_comment(std::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    bool object;
    std::string name;  ///< how the path names this container under its parent: "alg", "[2]"
    std::map<std::string, std::size_t> keys;
    std::string last_key;
    std::size_t elements = 0;
  };

  /// The name a value starting now has under the innermost open container.
  std::string next_name() {
    if (stack_.empty()) return {};
    auto& parent = stack_.back();
    if (parent.object) return parent.last_key;
    return "[" + std::to_string(parent.elements++) + "]";
  }
  bool open(bool object) {
    stack_.push_back(Frame{object, next_name(), {}, {}, 0});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  bool value() {
    next_name();  // counts an array element
    return true;
  }
  std::string path_to(std::string const& key) const {
    std::string path;
    for (std::size_t i = 1; i < stack_.size(); ++i) {  // the document's own object has no name
      auto const& name = stack_[i].name;
      if (!path.empty() && !name.starts_with("[")) path += ".";
      path += name;
    }
    return path.empty() ? key : path + "." + key;
  }

  std::vector<Frame> stack_;
  std::string key_;
};

}  // namespace

std::optional<DuplicateKey> find_duplicate_key(std::string_view json_text, std::size_t max_depth) {
  json::parse_options options;
  options.max_depth = max_depth;
  json::basic_parser<DuplicateFinder> parser(options);
  json::error_code ec;
  std::size_t start = 0;
  while (start < json_text.size()) {
    auto const end = json_text.find('\n', start);
    auto const line_end = end == std::string_view::npos ? json_text.size() : end + 1;
    parser.write_some(true, json_text.data() + start, line_end - start, ec);
    if (ec) return std::move(parser.handler().found);
    ++parser.handler().line;
    start = line_end;
  }
  return std::nullopt;
}

}  // namespace polycloud::detail
