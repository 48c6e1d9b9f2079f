#include "providers/common/price_overlay.hpp"

#include "providers/common/config_error.hpp"
#include "providers/common/json_fields.hpp"

namespace polycloud::providers {

namespace json = boost::json;

void PriceOverlay::apply(Size& size) const {
  auto found = by_size.find(size.id);
  if (found == by_size.end()) found = by_size.find(size.name);
  if (found == by_size.end()) return;
  size.hourly = found->second.hourly;
  size.monthly = found->second.monthly;
}

Result<PriceOverlay> read_price_overlay(ProviderConfig const& config, std::string_view key, json::value const& block) {
  auto const* entries = block.if_object();
  if (entries == nullptr) {
    return config_error(config, key, "expected an object of size ids or names, each {\"price_hourly\" and/or \"price_monthly\", \"currency\"?}");
  }
  PriceOverlay overlay;
  for (auto const& [size, value] : *entries) {
    auto const where = std::string(key) + "." + std::string(size);
    auto const* entry = value.if_object();
    if (size.empty()) return config_error(config, key, "a size id or name must not be empty");
    if (entry == nullptr) return config_error(config, where, "expected an object with \"price_hourly\" and/or \"price_monthly\"");
    for (auto const& [name, field] : *entry) {
      if (name != "price_hourly" && name != "price_monthly" && name != "currency") {
        return config_error(config, where + "." + std::string(name),
                            "unknown key (expected one of price_hourly, price_monthly, currency)");
      }
    }
    FieldReader fields(*entry, where);
    auto prices = read_size_prices(config, fields, where);
    if (!prices) return prices.error();
    if (auto const& problem = fields.problem(); !problem.empty()) {
      auto const colon = problem.find(": ");
      return config_error(config, problem.substr(0, colon), colon == std::string::npos ? "" : problem.substr(colon + 2));
    }
    if (!prices->hourly) return config_error(config, where, "expected \"price_hourly\" and/or \"price_monthly\"");
    overlay.by_size.emplace(std::string(size), std::move(*prices));
  }
  return overlay;
}

namespace {

class PricedSizes final : public SizePager {
 public:
  PricedSizes(std::unique_ptr<SizePager> pager, std::shared_ptr<PriceOverlay const> overlay)
      : pager_(std::move(pager)), overlay_(std::move(overlay)) {}

  boost::asio::awaitable<Result<std::optional<std::vector<Size>>>> next() override {
    auto batch = co_await pager_->next();
    if (batch && *batch)
      for (auto& size : **batch) overlay_->apply(size);
    co_return batch;
  }

 private:
  std::unique_ptr<SizePager> pager_;
  std::shared_ptr<PriceOverlay const> overlay_;
};

}  // namespace

std::unique_ptr<SizePager> priced(std::unique_ptr<SizePager> pager, std::shared_ptr<PriceOverlay const> overlay) {
  if (!overlay || overlay->empty()) return pager;
  return std::make_unique<PricedSizes>(std::move(pager), std::move(overlay));
}

}  // namespace polycloud::providers
