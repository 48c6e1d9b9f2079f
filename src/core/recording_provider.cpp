#include "core/recording_provider.hpp"

namespace polycloud::detail {

namespace {

using boost::asio::awaitable;

template <class T>
Result<T> recorded(Result<T> result, TraceFile const& file) {
  if (!result) file.append_error(result.error());
  return result;
}

class RecordingPager final : public InstancePager {
 public:
  RecordingPager(std::unique_ptr<InstancePager> inner, TraceFile const& file) : inner_(std::move(inner)), file_(file) {}

  awaitable<Result<std::optional<std::vector<Instance>>>> next() override {
    co_return recorded(co_await inner_->next(), file_);
  }

 private:
  std::unique_ptr<InstancePager> inner_;
  TraceFile const& file_;
};

template <class Item>
class RecordingCatalogPager final : public CatalogPager<Item> {
 public:
  RecordingCatalogPager(std::unique_ptr<CatalogPager<Item>> inner, TraceFile const& file)
      : inner_(std::move(inner)), file_(file) {}

  awaitable<Result<std::optional<std::vector<Item>>>> next() override {
    co_return recorded(co_await inner_->next(), file_);
  }

 private:
  std::unique_ptr<CatalogPager<Item>> inner_;
  TraceFile const& file_;
};

class RecordingProvider final : public Provider {
 public:
  RecordingProvider(std::unique_ptr<Provider> inner, TraceFile const& file) : inner_(std::move(inner)), file_(file) {}

  std::string const& name() const noexcept override { return inner_->name(); }
  std::string_view type() const noexcept override { return inner_->type(); }
  Capabilities capabilities() const noexcept override { return inner_->capabilities(); }

  std::unique_ptr<InstancePager> list(ListOptions options) override {
    return std::make_unique<RecordingPager>(inner_->list(std::move(options)), file_);
  }
  awaitable<Result<Instance>> get(std::string id, GetOptions options) override {
    co_return recorded(co_await inner_->get(std::move(id), std::move(options)), file_);
  }
  awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress, CallOptions options) override {
    // Progress text comes from the provider and reaches a terminal: it is recorded too.
    ProgressCallback recording = [&file = file_, progress = std::move(progress)](Progress const& update) {
      file.append("progress", update.message);
      if (progress) progress(update);
    };
    co_return recorded(co_await inner_->create(std::move(spec), std::move(recording), options), file_);
  }
  awaitable<Result<void>> remove(std::string id, CallOptions options) override {
    co_return recorded(co_await inner_->remove(std::move(id), options), file_);
  }
  awaitable<Result<void>> start(std::string id, CallOptions options) override {
    co_return recorded(co_await inner_->start(std::move(id), options), file_);
  }
  awaitable<Result<void>> stop(std::string id, CallOptions options) override {
    co_return recorded(co_await inner_->stop(std::move(id), options), file_);
  }
  awaitable<Result<void>> reboot(std::string id, CallOptions options) override {
    co_return recorded(co_await inner_->reboot(std::move(id), options), file_);
  }
  std::unique_ptr<SizePager> sizes(CatalogOptions options) override { return recording(inner_->sizes(std::move(options))); }
  std::unique_ptr<ImagePager> images(CatalogOptions options) override {
    return recording(inner_->images(std::move(options)));
  }
  std::unique_ptr<RegionPager> regions(CatalogOptions options) override {
    return recording(inner_->regions(std::move(options)));
  }
  awaitable<Result<std::optional<Size>>> find_size(std::string id, CallOptions options) override {
    co_return recorded(co_await inner_->find_size(std::move(id), options), file_);
  }
  awaitable<Result<std::optional<Image>>> find_image(std::string id, CallOptions options) override {
    co_return recorded(co_await inner_->find_image(std::move(id), options), file_);
  }

 private:
  template <class Item>
  std::unique_ptr<CatalogPager<Item>> recording(std::unique_ptr<CatalogPager<Item>> pager) {
    return std::make_unique<RecordingCatalogPager<Item>>(std::move(pager), file_);
  }

  std::unique_ptr<Provider> inner_;
  TraceFile const& file_;
};

}  // namespace

std::unique_ptr<Provider> recording_errors(std::unique_ptr<Provider> provider, TraceFile const& file) {
  return std::make_unique<RecordingProvider>(std::move(provider), file);
}

}  // namespace polycloud::detail
