// An SSH public key on ByCloud: instances take the *name* of a keypair (key_name), so the key is made
// sure to exist as one first: reused when a keypair already holds it, else created under a name derived
// from the key itself, so that a rerun finds the same keypair instead of creating a second copy.
#include "providers/bycloud/bycloud_provider.hpp"

#include "providers/bycloud/inferred_routes.hpp"
#include "providers/bycloud/keypairs.hpp"
#include "providers/common/requests.hpp"

namespace polycloud::bycloud {

namespace json = boost::json;
using boost::asio::awaitable;
using providers::CallSite;

awaitable<Result<json::object>> ByCloudProvider::keyed_body(CreateSpec const& spec, CallOptions call,
                                                            CallSite const& site) {
  if (spec.ssh_public_keys.empty()) co_return create_body(spec, aliases_, region_, site);
  if (spec.ssh_public_keys.size() > 1) {
    co_return providers::invalid_argument(site, "ByCloud takes one keypair per instance (key_name): give one SSH "
                                                "public key, not " + std::to_string(spec.ssh_public_keys.size()));
  }
  if (spec.provider_options.contains("key_name")) {
    co_return providers::invalid_argument(site, "give an SSH public key or the provider option key_name, not both");
  }
  auto key = providers::read_public_key(spec.ssh_public_keys.front(), 0, site);
  if (!key) co_return key.error();
  CreateSpec named = spec;
  named.ssh_public_keys.clear();
  named.provider_options["key_name"] = key->registered_name();
  if (auto checked = create_body(named, aliases_, region_, site); !checked) co_return checked.error();
  auto name = co_await ensure_keypair(*key, call, site);
  if (!name) co_return name.error();
  named.provider_options["key_name"] = *name;
  co_return create_body(named, aliases_, region_, site);
}

awaitable<Result<std::optional<std::string>>> ByCloudProvider::find_keypair(providers::PublicKey const& key,
                                                                            CallOptions call, CallSite const& site) {
  auto request = providers::request_for(http::Method::get, keypairs_url(endpoint_), site);
  auto response = co_await exchange(std::move(request), call, site);
  if (!response) co_return response.error();
  auto body = http::parse_json_body(*response, name_, site.operation);
  if (!body) co_return providers::attribute(body.error(), site);
  auto listed = read_keypairs(*body, site);
  if (!listed) co_return listed.error();
  for (auto const& keypair : *listed) {
    // The public key decides; a list that leaves it out still prints a fingerprint (Nova: MD5 colon-hex).
    bool const holds = keypair.public_key.empty() ? key.has_fingerprint(keypair.fingerprint) : key.same_key(keypair.public_key);
    if (holds) co_return std::optional<std::string>(keypair.name);
  }
  co_return std::optional<std::string>();
}

awaitable<Result<std::string>> ByCloudProvider::ensure_keypair(providers::PublicKey const& key, CallOptions call,
                                                                CallSite const& site) {
  auto listed = co_await find_keypair(key, call, site);
  if (!listed) co_return listed.error();
  if (*listed) co_return std::move(**listed);
  // Not idempotent: a create whose answer was lost is not re-sent; the next create finds it listed.
  auto create = providers::request_for(http::Method::post, keypairs_url(endpoint_), site,
                                       keypair_body(key.registered_name(), key.line()));
  auto created = co_await exchange(std::move(create), call, site);
  if (!created) {
    // A concurrent create may have made the same keypair (the same key gives the same name) since the
    // list: Nova answers 409 for a taken name. The list, read once more, says whether it holds this key;
    // a name taken by another key stays this create's error.
    if (created.error().kind != ErrorKind::conflict) co_return created.error();
    auto relisted = co_await find_keypair(key, call, site);
    if (!relisted) co_return relisted.error();
    if (!*relisted) co_return created.error();
    co_return std::move(**relisted);
  }
  auto answer = http::parse_json_body(*created, name_, site.operation);
  if (!answer) co_return providers::attribute(answer.error(), site);
  co_return read_created_keypair(*answer, site);
}

}  // namespace polycloud::bycloud
