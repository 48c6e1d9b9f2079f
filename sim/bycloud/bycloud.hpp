#pragma once
// ByCloud API simulator, written from the seed page (seeds/004) and api-facts.md: marker pagination with
// absolute links, list filters, create 202 then BUILD → ACTIVE, start/stop/reboot (409 when not
// possible), get, delete; bearer or X-Api-Key auth; X-RateLimit-* headers and 429 with Retry-After.
#include "sim/bycloud/listing.hpp"
#include "sim/exchange.hpp"
#include "sim/katapult/rate_window.hpp"
#include "sim/katapult/timeline.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace polycloud::sim {

struct ByCloudOptions {
  std::size_t instances = 40;  ///< generated instances
  std::uint64_t seed = 1;
  std::string region = "spo1";
  std::string token = "bycloud-sim-token";         ///< for `Authorization: Bearer`
  std::string api_key = "sim-key-id:sim-key-secret";  ///< for `X-Api-Key: <key-id>:<secret>`
  /// The scheme of the absolute `links` (the host comes from the request's Host header): the API does
  /// not see whether its server speaks TLS, so whoever starts it says so.
  std::string scheme = "https";
  /// Non-empty: the origin the absolute `links` name instead ("https://127.0.0.1:PORT"), standing for a
  /// server whose links point at another host (a CDN, a misconfigured proxy). A client must build the
  /// next request from the marker; a test proves that host never receives a credential.
  std::string links_origin;
  int rate_limit_per_minute = 6000;  ///< <= 0: unlimited, and no X-RateLimit-* headers
  std::chrono::milliseconds build_duration{300};   ///< BUILD → ACTIVE
  std::chrono::milliseconds action_duration{150};  ///< start/stop/reboot transitions
  /// GET /v1/keypairs answers a bare array of bare keypairs ([{name, public_key, fingerprint}]) instead of
  /// Nova's {"keypairs": [{"keypair": {…}}]}: no page says which ByCloud serves.
  bool bare_keypairs = false;
  SimClock clock = system_clock_source();          ///< tests may drive time by hand
};

class ByCloudApi final : public Api {
 public:
  explicit ByCloudApi(ByCloudOptions options);
  std::string_view provider() const noexcept override { return "bycloud"; }
  /// {"instances_created": [{name, key_name|null}…]}: each accepted create as received.
  boost::json::value received() const override;
  Reply handle(SimRequest const& request) override;
  std::string error_body(int status, std::string_view code, std::string_view message) const override;
  ByCloudOptions const& options() const noexcept { return options_; }

  /// The id (UUID) of the index-th generated instance.
  std::string generated_id(std::size_t index) const { return bycloud::instance_id(options_.seed, index); }

  static constexpr std::int64_t kDefaultLimit = 20;
  static constexpr std::int64_t kMaxLimit = 1000;

 private:
  // An instance that is not (any more) its generated self: created, or moved by an action.
  struct Changed {
    boost::json::object document;        // its state before `transition`
    std::optional<Timeline> transition;  // phases like "ACTIVE/powering-off", then "SHUTOFF"
  };

  Reply bycloud_error(int status, std::string_view message, std::string_view details = {}) const;
  std::optional<Reply> check_auth(SimRequest const& request) const;
  Reply route(SimRequest const& request);

  std::optional<boost::json::object> document(std::size_t index) const;
  std::optional<std::size_t> find(std::string_view id) const;
  std::shared_ptr<std::vector<std::uint32_t> const> generated_matching(bycloud::Filter const& filter);
  bycloud::Listing listing(bycloud::Filter const& filter);
  void start_transition(std::size_t index, boost::json::object current, std::string during, std::string after,
                        std::chrono::milliseconds length);

  Reply list(SimRequest const& request);
  Reply get(std::size_t index) const;
  Reply create(SimRequest const& request);
  Reply remove(std::size_t index);
  Reply action(std::size_t index, std::string const& name, SimRequest const& request);
  // keypairs.cpp: GET/POST /v1/keypairs, Nova's shapes [inferred: no ByCloud page documents them].
  Reply keypairs() const;
  Reply add_keypair(SimRequest const& request);

  struct Keypair {
    std::string name;
    std::string public_key;
    std::string fingerprint;  // MD5 colon-hex, as Nova prints it
  };

  ByCloudOptions options_;
  RateWindow rate_;
  std::size_t next_index_;  // the index the next created instance gets
  std::map<std::size_t, Changed> changed_;
  std::set<std::size_t> deleted_;
  std::map<std::string, std::shared_ptr<std::vector<std::uint32_t> const>> matching_cache_;
  mutable std::uint64_t request_serial_ = 0;  // for error request ids
  // The account's keypairs: "my-keypair" (which generated instances name) to begin with.
  std::vector<Keypair> keypairs_;
  boost::json::array received_creates_;
};

}  // namespace polycloud::sim
