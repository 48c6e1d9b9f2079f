// Single-instance operations by provider name: look the provider up, then forward. The lookup happens
// before the returned coroutine starts, so a string_view name need not outlive the call.
#include "fleet/fleet_impl.hpp"

namespace polycloud {

namespace {
namespace asio = boost::asio;

/// `call(provider)` on the found provider, or the lookup's config error. `call` owns its arguments.
template <class T, class Call>
asio::awaitable<Result<T>> forward(Result<Provider*> found, Call call) {
  if (!found) co_return found.error();
  co_return co_await call(**found);
}

/// The power and delete actions share one signature: (id, call options) → Result<void>.
using Action = asio::awaitable<Result<void>> (Provider::*)(std::string, CallOptions);

asio::awaitable<Result<void>> act(Result<Provider*> found, Action action, std::string id, CallOptions options) {
  if (!found) co_return found.error();
  co_return co_await ((**found).*action)(std::move(id), options);
}
}  // namespace

asio::awaitable<Result<Instance>> Fleet::get(std::string_view provider, std::string id, GetOptions options) {
  return forward<Instance>(this->provider(provider), [id = std::move(id), options = std::move(options)](
                                                         Provider& found) { return found.get(id, options); });
}

asio::awaitable<Result<Instance>> Fleet::create(std::string_view provider, CreateSpec spec, ProgressCallback progress,
                                                CallOptions options) {
  // The journal is held by the call, so replacing the fleet's meanwhile cannot pull it from under it.
  return forward<Instance>(this->provider(provider), [spec = std::move(spec), progress = std::move(progress), options,
                                                      journal = impl_->journal](Provider& found) {
    return create_journaled(found, journal.get(), spec, progress, options);
  });
}

asio::awaitable<Result<void>> Fleet::remove(std::string_view provider, std::string id, CallOptions options) {
  return act(this->provider(provider), &Provider::remove, std::move(id), options);
}

asio::awaitable<Result<void>> Fleet::start(std::string_view provider, std::string id, CallOptions options) {
  return act(this->provider(provider), &Provider::start, std::move(id), options);
}

asio::awaitable<Result<void>> Fleet::stop(std::string_view provider, std::string id, CallOptions options) {
  return act(this->provider(provider), &Provider::stop, std::move(id), options);
}

asio::awaitable<Result<void>> Fleet::reboot(std::string_view provider, std::string id, CallOptions options) {
  return act(this->provider(provider), &Provider::reboot, std::move(id), options);
}

asio::awaitable<Result<Instance>> Fleet::wait_for(std::string_view provider, std::string id, State target,
                                                  WaitOptions options) {
  return forward<Instance>(this->provider(provider),
                           [id = std::move(id), target, options = std::move(options)](Provider& found) {
                             return polycloud::wait_for(found, id, target, options);
                           });
}

}  // namespace polycloud
