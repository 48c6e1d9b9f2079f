#pragma once
// The list side of the ByCloud simulator: the query filters, and a walk over the listed instances in
// id-index order that never materializes a million-entry list per request.
#include "sim/bycloud/instance_data.hpp"

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::sim::bycloud {

struct Filter {
  std::optional<std::string> name;  // exact, or a prefix when it ends in '*'
  std::optional<std::string> status;  // upper case
  std::vector<std::string> tags;  // all must be present
  std::optional<std::string> flavor_id;
  std::optional<std::string> image_id;

  bool empty() const;
  /// A text identifying the filter, for caching its matches.
  std::string key() const;
  bool matches(Summary const& generated) const;
  bool matches(boost::json::object const& instance) const;

 private:
  // `name` in pieces, so generated names need not be built to be compared.
  bool matches(std::span<std::string_view const> name, std::string_view status, std::string_view flavor_id, std::string_view image_id,
               std::span<std::string_view const> tags) const;
};

/// The listed instances: generated ones matching the filter (precomputed once per filter, they never
/// change), minus `shadowed` (generated ones since changed or deleted), plus `live` (changed or created
/// ones matching now). All three sorted ascending.
class Listing {
 public:
  Listing(std::shared_ptr<std::vector<std::uint32_t> const> generated, std::vector<std::size_t> shadowed,
          std::vector<std::size_t> live);

  std::size_t total() const;
  /// The first listed index after `index` (the very first when nullopt).
  std::optional<std::size_t> after(std::optional<std::size_t> index) const;
  /// The last listed index before `index`.
  std::optional<std::size_t> before(std::size_t index) const;

 private:
  bool is_shadowed(std::size_t index) const;

  std::shared_ptr<std::vector<std::uint32_t> const> generated_;
  std::vector<std::size_t> shadowed_;
  std::vector<std::size_t> live_;
};

}  // namespace polycloud::sim::bycloud
