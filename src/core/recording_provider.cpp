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
  awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options) override {
    co_return recorded(co_await inner_->find_by_idempotency_keys(std::move(keys), options), file_);
  }

 private:
  std::unique_ptr<Provider> inner_;
  TraceFile const& file_;
};

}  // namespace

std::unique_ptr<Provider> recording_errors(std::unique_ptr<Provider> provider, TraceFile const& file) {
  return std::make_unique<RecordingProvider>(std::move(provider), file);
}

}  // namespace polycloud::detail
