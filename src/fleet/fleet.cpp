// Fleet construction and provider lookup. Listing lives in fleet_list.cpp, operations by provider name in
// fleet_operations.cpp, polling in wait_for.cpp, catalogs and placement in fleet_placement.cpp, watching in
// watch_stream.cpp.
#include "fleet/fleet_impl.hpp"
#include "fleet/unusable_provider.hpp"

#include <algorithm>
#include <iterator>
#include <set>

namespace polycloud {

Result<Fleet> Fleet::create(Config const& config, ProviderContext const& context) {
  std::vector<std::unique_ptr<Provider>> providers;
  std::vector<UnusableProvider> unusable;
  for (auto const& provider_config : config.providers) {
    auto provider = make_provider(provider_config, context);
    if (!provider && !config.keep_unusable) return provider.error();
    if (!provider) {
      unusable.push_back({provider_config.name, provider_config.type, provider.error()});
      providers.push_back(make_unusable_provider(unusable.back()));
      continue;
    }
    providers.push_back(std::move(*provider));
  }
  for (auto const& block : config.unusable) {
    unusable.push_back(block);
    providers.push_back(make_unusable_provider(block));
  }
  auto fleet = from_providers(std::move(providers));
  if (!fleet) return fleet;
  fleet->impl_->unusable = std::move(unusable);
  for (auto const& provider_config : config.providers) {
    fleet->impl_->aliases[provider_config.name] = provider_config.aliases;
    std::optional<double> rate = provider_config.rate_limit_per_minute;
    if (provider_config.rate_limit_per_second)
      rate = std::min(rate.value_or(*provider_config.rate_limit_per_second * 60), *provider_config.rate_limit_per_second * 60);
    if (rate) fleet->impl_->configured_per_minute[provider_config.name] = *rate;
  }
  // A dry run sends no create, so it has nothing in flight to journal.
  if (!context.dry_run) fleet->set_create_journal(CreateJournal::at_default_directory());
  return fleet;
}

Result<Fleet> Fleet::from_providers(std::vector<std::unique_ptr<Provider>> providers) {
  std::set<std::string> seen;
  for (auto const& provider : providers) {
    if (!provider) return make_error(ErrorKind::config, "a fleet cannot hold a null provider");
    if (!seen.insert(provider->name()).second)
      return make_error(ErrorKind::config, "two providers are named \"" + provider->name() + "\"", provider->name());
  }
  auto impl = std::make_unique<Impl>();
  impl->providers.assign(std::make_move_iterator(providers.begin()), std::make_move_iterator(providers.end()));
  return Fleet(std::move(impl));
}

Fleet::Fleet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fleet::Fleet(Fleet&&) noexcept = default;
Fleet& Fleet::operator=(Fleet&&) noexcept = default;
Fleet::~Fleet() = default;

void Fleet::set_create_journal(std::shared_ptr<CreateJournal> journal) { impl_->journal = std::move(journal); }

std::shared_ptr<CreateJournal> Fleet::create_journal() const { return impl_->journal; }

std::vector<UnusableProvider> const& Fleet::unusable() const noexcept { return impl_->unusable; }

std::vector<std::string> Fleet::provider_names() const {
  std::vector<std::string> names;
  for (auto const& provider : impl_->providers) names.push_back(provider->name());
  return names;
}

Result<Provider*> Fleet::provider(std::string_view name) const {
  for (auto const& provider : impl_->providers)
    if (provider->name() == name) return provider.get();
  std::string known;
  for (auto const& provider : impl_->providers) known += (known.empty() ? "" : ", ") + provider->name();
  return make_error(ErrorKind::config,
                    "no provider named \"" + std::string(name) + "\" is configured" +
                        (known.empty() ? std::string(" (none are)") : " (configured: " + known + ")"),
                    std::string(name));
}

Error thrown_error(std::exception_ptr const& thrown, std::string const& provider, std::string operation) {
  std::string what = "unknown exception";
  try {
    std::rethrow_exception(thrown);
  } catch (std::exception const& e) {
    what = e.what();
  } catch (...) {
  }
  return make_error(ErrorKind::provider_internal, "the adapter threw: " + what, provider, std::move(operation));
}

std::vector<Instance> merged_instances(std::vector<ProviderListing> const& listings) {
  std::vector<Instance> all;
  for (auto const& listing : listings)
    if (listing.instances) all.insert(all.end(), listing.instances->begin(), listing.instances->end());
  return all;
}

}  // namespace polycloud
