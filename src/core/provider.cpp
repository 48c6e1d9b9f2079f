#include <polycloud/provider.hpp>

#include "core/failed_pager.hpp"

#include <algorithm>
#include <cmath>

namespace polycloud {

namespace {
/// Bytes of the UTF-8 character starting at `at` (1 for a byte that does not start one), so '?'
/// matches one character, as in a shell, not one byte of "中".
std::size_t character_length(std::string_view text, std::size_t at) noexcept {
  std::size_t length = 1;
  while (at + length < text.size() && (static_cast<unsigned char>(text[at + length]) & 0xC0) == 0x80 &&
         (static_cast<unsigned char>(text[at]) & 0xC0) == 0xC0 && length < 4)
    ++length;
  return length;
}
}  // namespace

bool glob_match(std::string_view glob, std::string_view text) noexcept {
  // Iterative matcher with one backtrack point: linear in practice, no recursion to blow the stack.
  // Literals compare bytes (UTF-8 keeps a character's bytes distinct from any other's); '?' and the
  // backtrack step advance by whole characters.
  std::size_t g = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (g < glob.size() && glob[g] == '?') {
      ++g, t += character_length(text, t);
    } else if (g < glob.size() && glob[g] != '*' && glob[g] == text[t]) {
      ++g, ++t;
    } else if (g < glob.size() && glob[g] == '*') {
      star = g++, resume = t;
    } else if (star != std::string_view::npos) {
      resume += character_length(text, resume);
      g = star + 1, t = resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

bool InstanceFilter::matches(Instance const& instance) const {
  if (state && instance.state != *state) return false;
  if (!name_glob.empty() && !glob_match(name_glob, instance.name)) return false;
  for (auto const& [key, value] : tags) {
    auto found = instance.tags.find(key);
    if (found == instance.tags.end() || found->second != value) return false;
  }
  return true;
}

boost::asio::awaitable<Result<std::vector<Instance>>> collect(InstancePager& pager) {
  std::vector<Instance> all;
  for (;;) {
    auto page = co_await pager.next();
    if (!page) co_return page.error();
    if (!*page) co_return all;
    for (auto& instance : **page) all.push_back(std::move(instance));
  }
}

boost::asio::awaitable<Result<std::vector<Instance>>> collect(std::unique_ptr<InstancePager> pager) {
  co_return co_await collect(*pager);
}

std::optional<double> Progress::bounded_percent(std::optional<double> reported) noexcept {
  if (!reported || !std::isfinite(*reported)) return std::nullopt;
  return std::clamp(*reported, 0.0, 100.0);
}

Error not_supported(std::string const& provider, Operation op) {
  return make_error(ErrorKind::not_supported, "the provider does not support this operation", provider,
                    std::string(to_string(op)));
}

namespace {

/// A catalog pager failing at its first next() (the Provider defaults: nothing is sent).
template <class Item>
std::unique_ptr<CatalogPager<Item>> unsupported_part(std::string provider, std::string operation) {
  return std::make_unique<detail::FailedCatalogPager<Item>>(make_error(
      ErrorKind::not_supported, "the provider does not list this catalog part", std::move(provider), std::move(operation)));
}

/// The entry of `pager` whose id is `id`, scanning the whole listing.
template <class Item>
boost::asio::awaitable<Result<std::optional<Item>>> scan_for(CatalogPager<Item>& pager, std::string const& id) {
  for (;;) {
    auto batch = co_await pager.next();
    if (!batch) co_return batch.error();
    if (!*batch) co_return std::optional<Item>();
    for (Item& item : **batch)
      if (item.id == id) co_return std::optional<Item>(std::move(item));
  }
}

}  // namespace

std::unique_ptr<SizePager> Provider::sizes(CatalogOptions) {
  return unsupported_part<Size>(name(), "catalog sizes");
}
std::unique_ptr<ImagePager> Provider::images(CatalogOptions) {
  return unsupported_part<Image>(name(), "catalog images");
}
std::unique_ptr<RegionPager> Provider::regions(CatalogOptions) {
  return unsupported_part<Region>(name(), "catalog regions");
}

boost::asio::awaitable<Result<std::optional<Size>>> Provider::find_size(std::string id, CallOptions options) {
  CatalogOptions catalog;
  catalog.call = options;
  auto pager = sizes(catalog);
  co_return co_await scan_for(*pager, id);
}

boost::asio::awaitable<Result<std::optional<Image>>> Provider::find_image(std::string id, CallOptions options) {
  CatalogOptions catalog;
  catalog.call = options;
  auto pager = images(catalog);
  co_return co_await scan_for(*pager, id);
}

boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> Provider::find_by_idempotency_keys(
    std::vector<std::string>, CallOptions) {
  co_return make_error(ErrorKind::not_supported, "the provider cannot look VMs up by idempotency key", name(),
                       "create");
}

Result<void> check_resource_id(std::string_view id, std::string const& provider, Operation op) {
  if (id.empty())
    return make_error(ErrorKind::invalid_argument, "an instance id must not be empty", provider,
                      std::string(to_string(op)));
  if (id == "." || id == "..")
    return make_error(ErrorKind::invalid_argument,
                      "an instance id must not be \"" + std::string(id) + "\" (a path dot-segment)", provider,
                      std::string(to_string(op)));
  return {};
}

}  // namespace polycloud
