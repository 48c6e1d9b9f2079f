#include "output/filter_expr.hpp"

#include "commands/exit_code.hpp"
#include "terminal/suggest.hpp"

#include <polycloud/provider.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace polycloud::cli {

enum class Op { eq, ne, lt, le, gt, ge, glob };

struct Filter::Node {
  enum class Kind { compare, all, any, negate } kind = Kind::compare;
  std::string key;
  Op op = Op::eq;
  std::string value;
  std::vector<std::shared_ptr<Node const>> children;
};

namespace {
using NodePtr = std::shared_ptr<Filter::Node const>;

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t value = 0;
  auto const end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool compare(std::string_view cell, Op op, std::string const& value) {
  if (op == Op::eq) return cell == value;
  if (op == Op::ne) return cell != value;
  if (op == Op::glob) return glob_match(value, cell);
  int const order = compare_cells(cell, value);
  switch (op) {
    case Op::lt: return order < 0;
    case Op::le: return order <= 0;
    case Op::gt: return order > 0;
    default: return order >= 0;
  }
}

bool evaluate(Filter::Node const& node, Record const& record) {
  using Kind = Filter::Node::Kind;
  switch (node.kind) {
    case Kind::all:
      return std::all_of(node.children.begin(), node.children.end(), [&](auto const& c) { return evaluate(*c, record); });
    case Kind::any:
      return std::any_of(node.children.begin(), node.children.end(), [&](auto const& c) { return evaluate(*c, record); });
    case Kind::negate:
      return !evaluate(*node.children.front(), record);
    default: {
      auto found = std::find_if(record.begin(), record.end(), [&](Field const& f) { return f.key == node.key; });
      return compare(found == record.end() ? std::string() : cell_text(found->value), node.op, node.value);
    }
  }
}

/// Recursive descent over the text; the first mistake stops it, with its position for the caret.
class Parser {
 public:
  Parser(std::string_view text, std::vector<std::string> const& keys) : text_(text), keys_(keys) {}

  CliResult<NodePtr> parse() {
    auto root = parse_or();
    if (!failed_ && (skip_space(), at_ < text_.size())) fail(at_, "expected AND, OR or the end");
    if (failed_) return *failed_;
    return root;
  }

 private:
  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }

  /// The upper-case word `word` next, standing alone (followed by a space, "(" or the end).
  bool take_word(std::string_view word) {
    skip_space();
    if (text_.substr(at_, word.size()) != word) return false;
    auto const after = at_ + word.size();
    if (after < text_.size() && !std::isspace(static_cast<unsigned char>(text_[after])) && text_[after] != '(')
      return false;
    at_ = after;
    return true;
  }

  void fail(std::size_t where, std::string const& what) {
    if (failed_) return;
    failed_ = usage_error(fmt::format("--filter: {} at column {}:\n  {}\n  {:>{}}", what, where + 1, text_, "^",
                                      where + 1),
                          {}, "filter");
  }

  NodePtr group(Filter::Node::Kind kind, std::vector<NodePtr> children) {
    if (children.size() == 1) return children.front();
    auto node = std::make_shared<Filter::Node>();
    node->kind = kind;
    node->children = std::move(children);
    return node;
  }

  NodePtr parse_or() {
    std::vector<NodePtr> parts{parse_and()};
    while (!failed_ && take_word("OR")) parts.push_back(parse_and());
    return group(Filter::Node::Kind::any, std::move(parts));
  }

  NodePtr parse_and() {
    std::vector<NodePtr> parts{parse_not()};
    while (!failed_ && take_word("AND")) parts.push_back(parse_not());
    return group(Filter::Node::Kind::all, std::move(parts));
  }

  NodePtr parse_not() {
    if (failed_) return nullptr;
    if (take_word("NOT")) {
      auto node = std::make_shared<Filter::Node>();
      node->kind = Filter::Node::Kind::negate;
      node->children.push_back(parse_not());
      return node;
    }
    skip_space();
    if (at_ < text_.size() && text_[at_] == '(') {
      auto const open = at_++;
      auto inner = parse_or();
      skip_space();
      if (at_ >= text_.size() || text_[at_] != ')') {
        fail(failed_ ? at_ : open, "\"(\" is never closed");
        return nullptr;
      }
      ++at_;
      return inner;
    }
    return parse_comparison();
  }

  NodePtr parse_comparison() {
    skip_space();
    auto const key_start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) ++at_;
    std::string const key(text_.substr(key_start, at_ - key_start));
    if (key.empty()) {
      fail(key_start, "expected a key");
      return nullptr;
    }
    if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) {
      fail(key_start, fmt::format("unknown key \"{}\"{}", key, did_you_mean(key, keys_)));
      return nullptr;
    }
    skip_space();
    auto node = std::make_shared<Filter::Node>();
    node->key = key;
    static constexpr std::pair<std::string_view, Op> ops[] = {{"!=", Op::ne}, {"<=", Op::le}, {">=", Op::ge},
                                                              {"=", Op::eq},  {"<", Op::lt},  {">", Op::gt},
                                                              {"~", Op::glob}};
    auto const op = std::find_if(std::begin(ops), std::end(ops),
                                 [&](auto const& o) { return text_.substr(at_, o.first.size()) == o.first; });
    if (op == std::end(ops)) {
      fail(at_, "expected one of = != < <= > >= ~ after " + key);
      return nullptr;
    }
    node->op = op->second;
    at_ += op->first.size();
    skip_space();
    auto const value_start = at_;
    if (at_ < text_.size() && (text_[at_] == '\'' || text_[at_] == '"')) {
      auto const close = text_.find(text_[at_], at_ + 1);
      if (close == std::string_view::npos) {
        fail(value_start, "the quote is never closed");
        return nullptr;
      }
      node->value = std::string(text_.substr(at_ + 1, close - at_ - 1));
      at_ = close + 1;
    } else {
      while (at_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[at_])) && text_[at_] != ')') ++at_;
      node->value = std::string(text_.substr(value_start, at_ - value_start));
      if (node->value.empty()) {
        fail(value_start, "expected a value (quote an empty one: '')");
        return nullptr;
      }
    }
    return node;
  }

  std::string_view text_;
  std::vector<std::string> const& keys_;
  std::size_t at_ = 0;
  std::optional<UsageError> failed_;
};
}  // namespace

int compare_cells(std::string_view a, std::string_view b) {
  auto const left = integer(a), right = integer(b);
  if (left && right) return *left < *right ? -1 : *left > *right ? 1 : 0;
  return a.compare(b);
}

CliResult<Filter> Filter::parse(std::string_view text, std::vector<std::string> const& keys) {
  auto root = Parser(text, keys).parse();
  if (!root) return root.error();
  Filter filter;
  filter.root_ = std::move(*root);
  return filter;
}

bool Filter::matches(Record const& record) const { return !root_ || evaluate(*root_, record); }

}  // namespace polycloud::cli
