#pragma once
// Readers of a list page's envelope (the scalars beside the items) that say where the next page is, one
// per paging style. Each gives the ListStream its EnvelopeSink (valid while the reader lives) and the
// top-level keys to read (StreamOptions::envelope_keys), then the PageOutcome fields it learnt:
// - numbered: the number of pages, when told ({"pagination":{"total_pages":3}}); a "large set" flag
//   may say the totals mean nothing (Katapult);
// - marker: the next marker and a has-more flag ({"meta":{"marker":"m2","has_more":true}}, ByCloud);
// - cursor: the next cursor, absent, null or empty on the last page ({"next_cursor":"c2"}).
// A server-given next-page URL is never read: the next request is always built against the endpoint.

#include "providers/common/call_site.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/common/pager.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// Keys from the envelope's root to one value: {"meta", "marker"}.
using EnvelopePath = std::vector<std::string_view>;

class NumberedEnvelope {
 public:
  /// `large_set` empty: the API has no such flag.
  explicit NumberedEnvelope(EnvelopePath total_pages, EnvelopePath large_set = {});
  EnvelopeSink sink();
  std::vector<std::string> keys() const;
  /// The number of pages, when the page told it (a non-negative integer) and it is not a large set.
  std::optional<std::size_t> total_pages() const noexcept;

 private:
  EnvelopePath total_path_, large_set_path_;
  std::optional<std::size_t> total_pages_;
  bool large_set_ = false;
};

/// Marker and cursor paging: the outcome is a protocol error for a field of the wrong type, or (marker)
/// a has-more flag without a marker.
class MarkerEnvelope {
 public:
  MarkerEnvelope(EnvelopePath marker, EnvelopePath has_more);
  EnvelopeSink sink();
  std::vector<std::string> keys() const;
  Result<PageOutcome> outcome(std::size_t items, CallSite const& site) const;
  /// Forgets what the last page said, for the next (its sink stays valid).
  void restart();

 private:
  EnvelopePath marker_path_, more_path_;
  std::optional<std::string> marker_;
  bool more_ = false;
  std::string problem_;
};

class CursorEnvelope {
 public:
  explicit CursorEnvelope(EnvelopePath cursor);
  EnvelopeSink sink();
  std::vector<std::string> keys() const;
  Result<PageOutcome> outcome(std::size_t items, CallSite const& site) const;

 private:
  EnvelopePath cursor_path_;
  std::optional<std::string> cursor_;
  std::string problem_;
};

}  // namespace polycloud::providers
