#include "providers/common/shared_adapter.hpp"

#include "providers/common/pager.hpp"

namespace polycloud::providers {

namespace {

using boost::asio::awaitable;

class SharedAdapter final : public Provider {
 public:
  explicit SharedAdapter(std::shared_ptr<Provider> adapter) : adapter_(std::move(adapter)) {}

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

 private:
  std::shared_ptr<Provider> adapter_;
};

}  // namespace

std::unique_ptr<Provider> shared_adapter(std::shared_ptr<Provider> adapter) {
  return std::make_unique<SharedAdapter>(std::move(adapter));
}

}  // namespace polycloud::providers
