#include "fleet/unusable_provider.hpp"

#include "core/failed_pager.hpp"

namespace polycloud {

namespace {

class Unusable final : public Provider {
 public:
  explicit Unusable(UnusableProvider unusable) : unusable_(std::move(unusable)) {}

  std::string const& name() const noexcept override { return unusable_.name; }
  std::string_view type() const noexcept override { return unusable_.type; }
  /// Everything, so that every call reaches this provider and fails with the config error: a
  /// capability left out would turn it into a misleading not_supported.
  Capabilities capabilities() const noexcept override {
    Capabilities all;
    all.catalog_sizes = all.catalog_images = all.catalog_regions = true;
    all.create_ssh_keys = all.create_user_data = all.create_tags = all.create_extra_disks = true;
    return all;
  }

  std::unique_ptr<InstancePager> list(ListOptions) override { return std::make_unique<detail::FailedPager>(fail(Operation::list)); }
  boost::asio::awaitable<Result<Instance>> get(std::string, GetOptions) override { co_return fail(Operation::get); }
  boost::asio::awaitable<Result<Instance>> create(CreateSpec, ProgressCallback, CallOptions) override {
    co_return fail(Operation::create);
  }
  boost::asio::awaitable<Result<void>> remove(std::string, CallOptions) override { co_return fail(Operation::remove); }
  boost::asio::awaitable<Result<void>> start(std::string, CallOptions) override { co_return fail(Operation::start); }
  boost::asio::awaitable<Result<void>> stop(std::string, CallOptions) override { co_return fail(Operation::stop); }
  boost::asio::awaitable<Result<void>> reboot(std::string, CallOptions) override { co_return fail(Operation::reboot); }

  std::unique_ptr<SizePager> sizes(CatalogOptions) override {
    return std::make_unique<detail::FailedCatalogPager<Size>>(fail("catalog sizes"));
  }
  std::unique_ptr<ImagePager> images(CatalogOptions) override {
    return std::make_unique<detail::FailedCatalogPager<Image>>(fail("catalog images"));
  }
  std::unique_ptr<RegionPager> regions(CatalogOptions) override {
    return std::make_unique<detail::FailedCatalogPager<Region>>(fail("catalog regions"));
  }
  boost::asio::awaitable<Result<std::optional<Size>>> find_size(std::string, CallOptions) override {
    co_return fail("catalog sizes");
  }
  boost::asio::awaitable<Result<std::optional<Image>>> find_image(std::string, CallOptions) override {
    co_return fail("catalog images");
  }
  boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string>, CallOptions) override {
    co_return fail(Operation::create);
  }

 private:
  Error fail(std::string operation) const { return unusable_.failure_of(std::move(operation)); }
  Error fail(Operation op) const { return fail(std::string(to_string(op))); }

  UnusableProvider unusable_;
};

}  // namespace

std::unique_ptr<Provider> make_unusable_provider(UnusableProvider const& unusable) {
  return std::make_unique<Unusable>(unusable);
}

}  // namespace polycloud
