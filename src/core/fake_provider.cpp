#include <polycloud/testing/fake_provider.hpp>

#include "core/idempotency_key.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace polycloud::testing {

namespace asio = boost::asio;

class FakeProvider::Pager final : public InstancePager {
 public:
  Pager(FakeProvider& owner, ListOptions options) : owner_(owner), options_(std::move(options)) {}

  asio::awaitable<Result<std::optional<std::vector<Instance>>>> next() override {
    if (failed_) co_return *failed_;
    if (position_ >= owner_.instances_.size() && started_) co_return std::nullopt;
    started_ = true;
    if (auto entered = co_await owner_.enter(Operation::list, options_.call); !entered) {
      failed_ = entered.error();
      co_return *failed_;
    }
    std::vector<Instance> page;
    auto const page_size = options_.page_size ? options_.page_size : owner_.page_size_;
    auto const end = std::min(owner_.instances_.size(), position_ + page_size);
    for (; position_ < end; ++position_)
      if (options_.filter.matches(owner_.instances_[position_])) page.push_back(owner_.instances_[position_]);
    co_return page;
  }

 private:
  FakeProvider& owner_;
  ListOptions options_;
  std::size_t position_ = 0;
  bool started_ = false;
  std::optional<Error> failed_;
};

FakeProvider::FakeProvider(std::string name, std::size_t page_size)
    : name_(std::move(name)), page_size_(page_size == 0 ? 1 : page_size) {
  capabilities_.create_progress = true;
}

void FakeProvider::add(Instance instance) {
  instance.provider = name_;
  instance.provider_type = "fake";
  instances_.push_back(std::move(instance));
}

void FakeProvider::fail_next(Operation op, Error error) { failures_[op].push_back(std::move(error)); }

void FakeProvider::fail_after(Operation op, std::size_t succeeding, Error error) {
  auto& queue = failures_[op];
  queue.insert(queue.end(), succeeding, std::nullopt);
  queue.push_back(std::move(error));
}

void FakeProvider::set_delay(Operation op, std::chrono::milliseconds delay) { delays_[op] = delay; }

int FakeProvider::calls(Operation op) const {
  auto found = calls_.find(op);
  return found == calls_.end() ? 0 : found->second;
}

asio::awaitable<Result<void>> FakeProvider::enter(Operation op, CallOptions const& options) {
  std::string const operation(to_string(op));
  if (!capabilities_.supports(op)) co_return not_supported(name_, op);
  ++calls_[op];
  if (auto delay = delays_.find(op); delay != delays_.end()) {
    // Wait for the delay, but never past the caller's deadline.
    auto const wake = std::min(deadline_after(delay->second), options.deadline);
    asio::steady_timer timer(co_await asio::this_coro::executor, wake);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted)
      co_return make_error(ErrorKind::cancelled, "cancelled by the caller", name_, operation);
  }
  if (Clock::now() >= options.deadline)
    co_return make_error(ErrorKind::timeout, "deadline exceeded", name_, operation);
  if (auto& queue = failures_[op]; !queue.empty()) {
    auto next = std::move(queue.front());
    queue.pop_front();
    if (!next) co_return Result<void>{};
    Error error = std::move(*next);
    if (error.provider.empty()) error.provider = name_;
    if (error.operation.empty()) error.operation = operation;
    co_return error;
  }
  co_return Result<void>{};
}

Instance* FakeProvider::find(std::string const& id) {
  auto found = std::find_if(instances_.begin(), instances_.end(), [&](auto const& i) { return i.id == id; });
  return found == instances_.end() ? nullptr : &*found;
}

std::unique_ptr<InstancePager> FakeProvider::list(ListOptions options) {
  return std::make_unique<Pager>(*this, std::move(options));
}

asio::awaitable<Result<Instance>> FakeProvider::get(std::string id, GetOptions options) {
  if (auto valid = check_resource_id(id, name_, Operation::get); !valid) co_return valid.error();  // as adapters do
  if (auto entered = co_await enter(Operation::get, options.call); !entered) co_return entered.error();
  if (auto* instance = find(id)) co_return *instance;
  co_return make_error(ErrorKind::not_found, "no instance with id " + id, name_, "get");
}

asio::awaitable<Result<Instance>> FakeProvider::create(CreateSpec spec, ProgressCallback progress,
                                                       CallOptions options) {
  if (auto entered = co_await enter(Operation::create, options); !entered) co_return entered.error();
  if (spec.name.empty()) co_return make_error(ErrorKind::invalid_argument, "a name is required", name_, "create");
  if (!spec.idempotency_key.empty()) {
    if (!valid_idempotency_key(spec.idempotency_key))
      co_return idempotency_key_refusal(spec.idempotency_key, name_, "create");
    std::vector<Instance const*> carrying;
    for (auto const& instance : instances_) {
      auto const key = instance.extras.find("idempotency_key");
      if (key != instance.extras.end() && key->second == spec.idempotency_key) carrying.push_back(&instance);
    }
    if (carrying.size() > 1)
      co_return make_error(ErrorKind::conflict, "several instances carry idempotency key " + spec.idempotency_key,
                           name_, "create");
    if (carrying.size() == 1) {
      auto adopted = *carrying.front();
      adopted.adopted = true;
      co_return adopted;
    }
  }
  for (double percent : {0.0, 50.0, 100.0})
    if (progress) progress(Progress{percent, percent < 100 ? "building" : "built"});
  Instance instance;
  instance.id = "fake-" + std::to_string(next_id_++);
  instance.name = spec.name;
  instance.size = spec.size;
  instance.image = spec.image;
  instance.region = spec.region;
  instance.zone = spec.zone;
  instance.tags = spec.tags;
  if (!spec.idempotency_key.empty()) instance.extras["idempotency_key"] = spec.idempotency_key;
  instance.state = State::running;
  instance.raw_state = "running";
  add(instance);
  co_return instances_.back();
}

asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> FakeProvider::find_by_idempotency_keys(
    std::vector<std::string> keys, CallOptions options) {
  if (auto entered = co_await enter(Operation::list, options); !entered) co_return entered.error();
  std::map<std::string, std::vector<Instance>> found;
  for (auto const& key : keys) {
    if (!valid_idempotency_key(key))
      co_return idempotency_key_refusal(key, name_, "list");
    found[key];
  }
  for (auto const& instance : instances_) {
    auto const key = instance.extras.find("idempotency_key");
    if (key == instance.extras.end()) continue;
    if (auto slot = found.find(key->second); slot != found.end()) slot->second.push_back(instance);
  }
  co_return found;
}

asio::awaitable<Result<void>> FakeProvider::set_state(Operation op, std::string const& id, State state,
                                                      CallOptions const& options) {
  if (auto valid = check_resource_id(id, name_, op); !valid) co_return valid.error();  // as adapters do
  if (auto entered = co_await enter(op, options); !entered) co_return entered.error();
  auto* instance = find(id);
  if (!instance)
    co_return make_error(ErrorKind::not_found, "no instance with id " + id, name_, std::string(to_string(op)));
  instance->state = state;
  instance->raw_state = std::string(to_string(state));
  co_return Result<void>{};
}

asio::awaitable<Result<void>> FakeProvider::remove(std::string id, CallOptions options) {
  auto result = co_await set_state(Operation::remove, id, State::terminated, options);
  if (result)
    std::erase_if(instances_, [&](auto const& i) { return i.id == id; });
  co_return result;
}

asio::awaitable<Result<void>> FakeProvider::start(std::string id, CallOptions options) {
  co_return co_await set_state(Operation::start, id, State::running, options);
}

asio::awaitable<Result<void>> FakeProvider::stop(std::string id, CallOptions options) {
  co_return co_await set_state(Operation::stop, id, State::stopped, options);
}

asio::awaitable<Result<void>> FakeProvider::reboot(std::string id, CallOptions options) {
  co_return co_await set_state(Operation::reboot, id, State::running, options);
}

ProviderType fake_provider_type() {
  ProviderType type;
  type.name = "fake";
  type.default_endpoint = "http://127.0.0.1:9";  // never contacted: the fake has no network
  type.own_keys = {"instances"};
  type.validate = [](ProviderConfig const& config) -> Result<void> {
    if (auto const* count = config.settings.if_contains("instances"); count && !count->is_int64())
      return make_error(ErrorKind::config, config.source + ": providers." + config.name + ".instances: expected an integer",
                        {}, "config");
    return {};
  };
  type.factory = [](ProviderConfig const& config, ProviderContext const&) -> Result<std::unique_ptr<Provider>> {
    auto provider = std::make_unique<FakeProvider>(config.name);
    std::int64_t count = 3;
    if (auto const* n = config.settings.if_contains("instances")) count = n->as_int64();
    static constexpr State cycle[] = {State::running, State::stopped, State::pending, State::suspended};
    for (std::int64_t i = 0; i < count; ++i) {
      Instance instance;
      instance.id = "fake-" + std::to_string(1000 + i);
      instance.name = (i % 2 == 0 ? "web-" : "db-") + std::to_string(i);
      instance.state = cycle[i % 4];
      instance.raw_state = std::string(to_string(instance.state));
      instance.region = "fake-1";
      instance.size = "small";
      instance.vcpus = 1;
      instance.memory_mib = 1024;
      instance.tags["role"] = i % 2 == 0 ? "web" : "db";
      provider->add(std::move(instance));
    }
    return std::unique_ptr<Provider>(std::move(provider));
  };
  return type;
}

}  // namespace polycloud::testing
