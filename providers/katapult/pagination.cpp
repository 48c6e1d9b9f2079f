#include "providers/katapult/pagination.hpp"

namespace polycloud::katapult {

using providers::JsonScalar;

providers::EnvelopeSink PaginationReader::sink() {
  return [this](providers::JsonPath const& path, JsonScalar const& value) {
    if (path.is({"pagination", "large_set"}) && value.kind == JsonScalar::Kind::boolean) large_set_ = value.boolean;
    if (!path.is({"pagination", "total_pages"})) return;
    if (value.kind == JsonScalar::Kind::int64 && value.int64 >= 0) total_pages_ = static_cast<std::size_t>(value.int64);
    if (value.kind == JsonScalar::Kind::uint64) total_pages_ = static_cast<std::size_t>(value.uint64);
  };
}

std::optional<std::size_t> PaginationReader::total_pages() const noexcept {
  return large_set_ ? std::nullopt : total_pages_;
}

}  // namespace polycloud::katapult
