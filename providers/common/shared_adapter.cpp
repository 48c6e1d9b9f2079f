#include "providers/common/shared_adapter.hpp"

#include "providers/common/pager.hpp"

namespace polycloud::providers {

namespace {

using boost::asio::awaitable;

class SharedAdapter final : public Provider {
 public:
  SharedAdapter(std::shared_ptr<Provider> adapter, SharedSettings settings)
      : adapter_(std::move(adapter)), prices_(std::make_shared<PriceOverlay const>(std::move(settings.prices))) {}

  std::string const& name() const noexcept override { return adapter_->name(); }
  std::string_view type() const noexcept override { return adapter_->type(); }
  Capabilities capabilities() const noexcept override { return adapter_->capabilities(); }

  std::unique_ptr<InstancePager> list(ListOptions options) override {
    auto pager = adapter_->list(std::move(options));
    keep_while_listing(*pager, adapter_);
    return pager;
  }
  // The other operations are awaited by their caller, who keeps the provider alive meanwhile.
  awaitable<Result<Instance>> get(std::string id, GetOptions options) override {
    return adapter_->get(std::move(id), std::move(options));
  }
  awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress, CallOptions options) override {
    return adapter_->create(std::move(spec), std::move(progress), options);
  }
  awaitable<Result<void>> remove(std::string id, CallOptions options) override {
    return adapter_->remove(std::move(id), options);
  }
  awaitable<Result<void>> start(std::string id, CallOptions options) override {
    return adapter_->start(std::move(id), options);
  }
  awaitable<Result<void>> stop(std::string id, CallOptions options) override {
    return adapter_->stop(std::move(id), options);
  }
  awaitable<Result<void>> reboot(std::string id, CallOptions options) override {
    return adapter_->reboot(std::move(id), options);
  }
  awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options) override {
    return adapter_->find_by_idempotency_keys(std::move(keys), options);
  }
  // Catalog pagers run on after being dropped, like list's: they get a share too.
  std::unique_ptr<SizePager> sizes(CatalogOptions options) override {
    return priced(kept(adapter_->sizes(std::move(options))), prices_);
  }
  std::unique_ptr<ImagePager> images(CatalogOptions options) override { return kept(adapter_->images(std::move(options))); }
  std::unique_ptr<RegionPager> regions(CatalogOptions options) override {
    return kept(adapter_->regions(std::move(options)));
  }
  awaitable<Result<std::optional<Size>>> find_size(std::string id, CallOptions options) override {
    // The provider's own default scans sizes(), which it calls on itself: the prices go on here.
    auto found = co_await adapter_->find_size(std::move(id), options);
    if (found && *found) prices_->apply(**found);
    co_return found;
  }
  awaitable<Result<std::optional<Image>>> find_image(std::string id, CallOptions options) override {
    return adapter_->find_image(std::move(id), options);
  }

 private:
  template <class Item>
  std::unique_ptr<CatalogPager<Item>> kept(std::unique_ptr<CatalogPager<Item>> pager) {
    keep_while_listing(*pager, adapter_);
    return pager;
  }

  std::shared_ptr<Provider> adapter_;
  std::shared_ptr<PriceOverlay const> prices_;
};

SettingsTable<SharedSettings> const& shared_table() {
  static SettingsTable<SharedSettings> const table{price_block("prices", &SharedSettings::prices)};
  return table;
}

}  // namespace

Result<SharedSettings> read_shared_settings(ProviderConfig const& config) { return shared_table().read(config); }

std::vector<std::string> shared_setting_keys() { return shared_table().keys(); }

std::unique_ptr<Provider> shared_adapter(std::shared_ptr<Provider> adapter, SharedSettings settings) {
  return std::make_unique<SharedAdapter>(std::move(adapter), std::move(settings));
}

}  // namespace polycloud::providers
