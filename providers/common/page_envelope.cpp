#include "providers/common/page_envelope.hpp"

#include <algorithm>

namespace polycloud::providers {

namespace {

bool at(JsonPath const& path, EnvelopePath const& keys) {
  if (keys.empty() || path.size() != keys.size()) return false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (path.is_index(i) || path.key(i) != keys[i]) return false;
  }
  return true;
}

std::string dotted(EnvelopePath const& keys) {
  std::string out;
  for (auto key : keys) out.append(out.empty() ? "" : ".").append(key);
  return out;
}

std::vector<std::string> roots(std::initializer_list<EnvelopePath const*> paths) {
  std::vector<std::string> keys;
  for (auto const* path : paths) {
    if (!path->empty() && std::find(keys.begin(), keys.end(), path->front()) == keys.end()) keys.emplace_back(path->front());
  }
  return keys;
}

/// A string (or null: nothing) read into `out`; another type is recorded as the problem.
void read_string(JsonScalar const& value, EnvelopePath const& path, std::optional<std::string>& out,
                 std::string& problem) {
  if (value.kind == JsonScalar::Kind::string) {
    out = std::string(value.text);
  } else if (!value.is_null()) {
    problem = dotted(path) + ": expected a string, got " + std::string(value.kind_name());
  }
}

}  // namespace

NumberedEnvelope::NumberedEnvelope(EnvelopePath total_pages, EnvelopePath large_set)
    : total_path_(std::move(total_pages)), large_set_path_(std::move(large_set)) {}

EnvelopeSink NumberedEnvelope::sink() {
  return [this](JsonPath const& path, JsonScalar const& value) {
    if (at(path, large_set_path_) && value.kind == JsonScalar::Kind::boolean) large_set_ = value.boolean;
    if (!at(path, total_path_)) return;
    if (value.kind == JsonScalar::Kind::int64 && value.int64 >= 0) total_pages_ = static_cast<std::size_t>(value.int64);
    if (value.kind == JsonScalar::Kind::uint64) total_pages_ = static_cast<std::size_t>(value.uint64);
  };
}

std::vector<std::string> NumberedEnvelope::keys() const { return roots({&total_path_, &large_set_path_}); }

std::optional<std::size_t> NumberedEnvelope::total_pages() const noexcept {
  return large_set_ ? std::nullopt : total_pages_;
}

MarkerEnvelope::MarkerEnvelope(EnvelopePath marker, EnvelopePath has_more)
    : marker_path_(std::move(marker)), more_path_(std::move(has_more)) {}

EnvelopeSink MarkerEnvelope::sink() {
  return [this](JsonPath const& path, JsonScalar const& value) {
    if (at(path, marker_path_)) {
      read_string(value, marker_path_, marker_, problem_);
    } else if (at(path, more_path_)) {
      if (value.kind == JsonScalar::Kind::boolean) {
        more_ = value.boolean;
      } else if (!value.is_null()) {
        problem_ = dotted(more_path_) + ": expected a boolean, got " + std::string(value.kind_name());
      }
    }
  };
}

std::vector<std::string> MarkerEnvelope::keys() const { return roots({&marker_path_, &more_path_}); }

Result<PageOutcome> MarkerEnvelope::outcome(std::size_t items, CallSite const& site) const {
  if (!problem_.empty()) return protocol_error(site, problem_);
  if (more_ && !marker_) {
    return protocol_error(site, dotted(more_path_) + " is true but " + dotted(marker_path_) + " is missing");
  }
  PageOutcome outcome;
  outcome.items = items;
  outcome.more = more_;
  if (more_) outcome.next_marker = marker_;
  return outcome;
}

void MarkerEnvelope::restart() {
  marker_.reset();
  more_ = false;
  problem_.clear();
}

CursorEnvelope::CursorEnvelope(EnvelopePath cursor) : cursor_path_(std::move(cursor)) {}

EnvelopeSink CursorEnvelope::sink() {
  return [this](JsonPath const& path, JsonScalar const& value) {
    if (at(path, cursor_path_)) read_string(value, cursor_path_, cursor_, problem_);
  };
}

std::vector<std::string> CursorEnvelope::keys() const { return roots({&cursor_path_}); }

Result<PageOutcome> CursorEnvelope::outcome(std::size_t items, CallSite const& site) const {
  if (!problem_.empty()) return protocol_error(site, problem_);
  PageOutcome outcome;
  outcome.items = items;
  outcome.more = cursor_ && !cursor_->empty();
  if (outcome.more) outcome.next_marker = cursor_;
  return outcome;
}

}  // namespace polycloud::providers
