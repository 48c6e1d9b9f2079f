// Portable creates over the fleet: each provider's catalog read (concurrently, through the caller's
// CatalogReader or collect_catalog), then the pure resolution of polycloud/placement.hpp.
#include "fleet/fleet_impl.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>

namespace polycloud {

namespace {
namespace asio = boost::asio;

using CatalogResult = Result<std::shared_ptr<Catalog const>>;

asio::awaitable<CatalogResult> read_catalog(Provider& provider, PlacementOptions const& options) {
  if (options.catalogs) co_return co_await options.catalogs(provider);
  auto collected = co_await collect_catalog(provider, options.catalog);
  if (!collected) co_return collected.error();
  co_return std::make_shared<Catalog const>(std::move(*collected));
}

Offer offer_of(Provider& provider, Aliases aliases, CatalogResult read) {
  Offer offer;
  offer.provider = provider.name();
  offer.capabilities = provider.capabilities();
  offer.aliases = std::move(aliases);
  if (read) {
    offer.catalog = std::move(*read);
  } else {
    offer.unavailable = read.error();
    offer.unavailable->message = "its catalog could not be read: " + read.error().message;
  }
  return offer;
}


asio::awaitable<Result<Instance>> failed(Error error) { co_return error; }
}  // namespace

/// The offers of `names` (each once, in order), their catalogs read concurrently; an unknown name is the error.
static asio::awaitable<Result<std::vector<Offer>>> read_offers(Fleet const& fleet,
                                                               std::map<std::string, Aliases> const& aliases_of,
                                                               std::vector<std::string> names,
                                                               PlacementOptions const& options) {
  std::vector<Provider*> providers;
  for (auto const& name : names) {
    auto found = fleet.provider(name);
    if (!found) co_return found.error();
    if (std::find(providers.begin(), providers.end(), *found) == providers.end()) providers.push_back(*found);
  }
  auto executor = co_await asio::this_coro::executor;
  using Task = decltype(asio::co_spawn(executor, read_catalog(std::declval<Provider&>(), std::declval<PlacementOptions const&>()),
                                     asio::deferred));
  std::vector<Task> tasks;
  for (auto* provider : providers) tasks.push_back(asio::co_spawn(executor, read_catalog(*provider, options), asio::deferred));
  std::vector<Offer> offers;
  if (tasks.empty()) co_return offers;
  auto [order, exceptions, results] = co_await asio::experimental::make_parallel_group(std::move(tasks))
                                          .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  (void)order;
  for (std::size_t i = 0; i < providers.size(); ++i) {
    auto const aliases = aliases_of.find(providers[i]->name());
    auto read = exceptions[i] ? CatalogResult(thrown_error(exceptions[i], providers[i]->name(), "catalog")) : std::move(results[i]);
    offers.push_back(offer_of(*providers[i], aliases == aliases_of.end() ? Aliases() : aliases->second, std::move(read)));
  }
  co_return offers;
}

asio::awaitable<Result<Resolution>> Fleet::resolve(std::string_view provider, CreateSpec spec, PlacementOptions options) {
  // A named vector, not a braced one inside the co_await: g++ 12 miscompiles that ("array used as initializer").
  std::vector<std::string> names{std::string(provider)};
  auto offers = co_await read_offers(*this, impl_->aliases, std::move(names), options);
  if (!offers) co_return offers.error();
  auto const& offer = offers->front();
  if (offer.unavailable) co_return *offer.unavailable;
  co_return polycloud::resolve(spec, offer);
}

asio::awaitable<Result<Placement>> Fleet::place(CreateSpec spec, PlacementOptions options) {
  std::vector<CreateSpec> specs{std::move(spec)};
  auto placements = co_await place_all(std::move(specs), std::move(options));
  if (!placements) co_return placements.error();
  co_return std::move(placements->front());
}

asio::awaitable<Result<std::vector<Placement>>> Fleet::place_all(std::vector<CreateSpec> specs, PlacementOptions options) {
  auto names = options.providers.empty() ? provider_names() : options.providers;
  auto offers = co_await read_offers(*this, impl_->aliases, std::move(names), options);
  if (!offers) co_return offers.error();
  co_return polycloud::place_all(specs, *offers);
}

asio::awaitable<Result<Instance>> Fleet::create_placed(Placement const& placement, ProgressCallback progress,
                                                       CallOptions options) {
  // Not a coroutine: what it needs is copied out before the caller's placement may go away.
  if (!placement.ok()) return failed(placement.error.value_or(make_error(ErrorKind::config, "no provider was chosen")));
  auto const& chosen = placement.chosen_resolution();
  return create(chosen.provider, chosen.spec, std::move(progress), options);
}

}  // namespace polycloud
