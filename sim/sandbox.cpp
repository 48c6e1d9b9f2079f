#include "sim/sandbox.hpp"

#include "sim/bycloud/bycloud.hpp"
#include "sim/katapult/katapult.hpp"
#include "sim/openscaler/openscaler.hpp"
#include "sim/temp_dir.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace polycloud::sim {

namespace {
/// `small` and `debian` on every type, so the portable create of `create --help` and the demo works on
/// each sandbox provider: the simulators' own catalogue entries, as a user's config would alias them.
boost::json::object sandbox_aliases(std::string const& type) {
  struct Entry {
    char const* type;
    char const* size;
    char const* image;
  };
  static constexpr Entry catalogue[] = {
      {"openscaler", "b-1-500mb-10", "debian-13"},
      {"katapult", "rock-3", "debian-12"},
      {"bycloud", "6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01", "9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f02"},
  };
  for (auto const& entry : catalogue)
    if (type == entry.type)
      return {{"size", {{"small", entry.size}}}, {"image", {{"debian", entry.image}}}};
  return {};
}
}  // namespace

boost::json::object SandboxProvider::to_config() const {
  boost::json::object config{{"type", type}, {"endpoint", endpoint}, {"token", token}};
  if (auto aliases = sandbox_aliases(type); !aliases.empty()) config["aliases"] = std::move(aliases);
  if (!ca_file.empty()) config["ca_file"] = ca_file;
  for (auto const& [key, value] : settings) config[key] = value;
  return config;
}

namespace {

/// The `catalog` block the sandbox writes for OpenScaler: sizes named as its VMs name theirs
/// (`b-<vcpus>-<memory>mb-<disk>`), priced as its VMs are (0.01786 an hour per vCPU); the distros and
/// regions its VMs run; images besides them (debian-12, ubuntu-22.04) that a create may ask for.
boost::json::object openscaler_catalog() {
  boost::json::array sizes;
  for (int vcpus : {1, 2, 4, 8}) {
    auto const memory_mb = 512 * vcpus * vcpus;  // 512, 2048, 8192, 32768
    auto const disk_gb = 10 * vcpus;
    sizes.push_back(boost::json::object{
        {"id", "b-" + std::to_string(vcpus) + "-" + std::to_string(memory_mb) + "mb-" + std::to_string(disk_gb)},
        {"vcpus", vcpus},
        {"memory_mib", memory_mb},
        {"disk_gb", disk_gb},
        {"price_hourly", 0.01786 * vcpus},
        {"price_monthly", 12.5 * vcpus},
        {"currency", "EUR"}});
  }
  boost::json::array images;
  for (char const* distro : {"debian-12", "debian-13", "ubuntu-22.04", "ubuntu-24.04", "rocky-9"}) {
    images.push_back(boost::json::object{{"id", distro}});
  }
  boost::json::array regions{boost::json::object{{"id", "alg1"}, {"name", "Algiers"}, {"country", "DZ"}},
                             boost::json::object{{"id", "alg2"}, {"name", "Oran"}, {"country", "DZ"}}};
  return {{"sizes", std::move(sizes)}, {"images", std::move(images)}, {"regions", std::move(regions)}};
}

/// The `prices` block the sandbox writes for a provider whose catalog carries no price (Katapult's packages,
/// ByCloud's flavors): what a user who knows their prices declares, so that `create any` makes a real choice
/// instead of ranking every unpriced provider after OpenScaler. In EUR as OpenScaler's, as placement compares
/// amounts without converting currencies. Katapult's keyed by package id, ByCloud's by flavor name (both work).
boost::json::object sandbox_prices(std::string const& type) {
  struct Entry {
    char const* size;
    double hourly;
    double monthly;
  };
  static constexpr Entry katapult[] = {
      {"rock-3", 0.015, 11}, {"rock-6", 0.03, 22}, {"rock-12", 0.06, 44}, {"rock-24", 0.12, 88}};
  static constexpr Entry bycloud[] = {
      {"m1.small", 0.019, 14}, {"m1.medium", 0.038, 28}, {"m1.large", 0.076, 55}, {"g1.xlarge", 0.24, 175}};
  boost::json::object prices;
  auto const add = [&](auto const& entries) {
    for (auto const& entry : entries)
      prices[entry.size] = {{"price_hourly", entry.hourly}, {"price_monthly", entry.monthly}, {"currency", "EUR"}};
  };
  if (type == "katapult") add(katapult);
  if (type == "bycloud") add(bycloud);
  return prices;
}

}  // namespace

struct Sandbox::Impl {
  SandboxOptions options;
  std::filesystem::path state_dir;
  std::optional<TempDir> owned_state_dir;  // when the caller gave none; removed by stop()
  std::string ca_file;
  std::unique_ptr<Server> openscaler;
  std::unique_ptr<Server> katapult;
  std::unique_ptr<Server> bycloud;
  std::unique_ptr<Server> foreign;
  std::vector<SandboxProvider> providers;
  bool stopped = false;

  ServerOptions server_options(std::shared_ptr<GeneratedCertificates const> const& certificates,
                               std::uint16_t port) const {
    ServerOptions server;
    server.tls = options.tls;
    server.certificates = certificates;
    server.ca_file = options.tls ? state_dir / "ca.pem" : std::filesystem::path{};
    server.port = port;
    server.latency = options.latency;
    server.latency_jitter = options.latency_jitter;
    server.seed = options.seed;
    return server;
  }

  void add(std::string name, std::string type, Server& server, std::string path, std::string token,
           boost::json::object settings) {
    providers.push_back(SandboxProvider{std::move(name), std::move(type), server.origin() + path, std::move(token),
                                        ca_file, std::move(settings), &server});
  }

  void start_openscaler(std::shared_ptr<GeneratedCertificates const> const& certificates) {
    OpenScalerOptions api;
    api.instances = options.instances;
    api.seed = options.seed;
    api.create_progress_interval = options.create_progress_interval;
    openscaler = Server::start(std::make_shared<OpenScalerApi>(api), server_options(certificates, options.openscaler_port));
    // Two configured providers over the two projects of one endpoint: a fleet of two from one server.
    // OpenScaler has no catalog route: the config declares one (sizes with prices, images, regions).
    add("alg", "openscaler", *openscaler, "", api.token, {{"project_id", "default"}, {"catalog", openscaler_catalog()}});
    add("alg-staging", "openscaler", *openscaler, "", api.token,
        {{"project_id", "staging"}, {"catalog", openscaler_catalog()}});
  }

  void start_katapult(std::shared_ptr<GeneratedCertificates const> const& certificates) {
    KatapultOptions api;
    api.instances = options.instances;
    api.seed = options.seed;
    api.extra_disk_templates = options.extra_images;
    katapult = Server::start(std::make_shared<KatapultApi>(api), server_options(certificates, options.katapult_port));
    add("kat", "katapult", *katapult, std::string(KatapultApi::kBasePath), api.token,
        {{"organization", {{"sub_domain", api.organization_sub_domain}}}, {"prices", sandbox_prices("katapult")}});
  }

  void start_bycloud(std::shared_ptr<GeneratedCertificates const> const& certificates) {
    ByCloudOptions api;
    api.instances = options.instances;
    api.seed = options.seed;
    api.scheme = options.tls ? "https" : "http";
    api.extra_images = options.extra_images;
    bycloud = Server::start(std::make_shared<ByCloudApi>(api), server_options(certificates, options.bycloud_port));
    add("byc", "bycloud", *bycloud, "", api.token, {{"prices", sandbox_prices("bycloud")}});
  }
};

std::unique_ptr<Sandbox> Sandbox::start(SandboxOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  if (impl->options.state_dir.empty()) {
    impl->state_dir = impl->owned_state_dir.emplace("polycloud-sandbox-").path();
  } else {
    impl->state_dir = impl->options.state_dir;
  }
  std::shared_ptr<GeneratedCertificates const> certificates;
  if (impl->options.tls) {
    certificates = std::make_shared<GeneratedCertificates const>(
        generate_certificates({"localhost"}, {"127.0.0.1", "::1"}));
    impl->ca_file = (impl->state_dir / "ca.pem").string();
  }
  impl->start_openscaler(certificates);
  impl->start_katapult(certificates);
  impl->start_bycloud(certificates);
  impl->foreign = start_foreign_origin(impl->server_options(certificates, 0));
  return std::unique_ptr<Sandbox>(new Sandbox(std::move(impl)));
}

Sandbox::Sandbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Sandbox::~Sandbox() { stop(); }

void Sandbox::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  for (auto* server : {&impl_->openscaler, &impl_->katapult, &impl_->bycloud, &impl_->foreign}) {
    if (*server) (*server)->stop();
  }
  impl_->owned_state_dir.reset();
}

std::string Sandbox::config_json(std::vector<std::string> const& types) const {
  boost::json::object providers;
  for (auto const& provider : impl_->providers) {
    if (types.empty() || std::find(types.begin(), types.end(), provider.type) != types.end()) {
      providers[provider.name] = provider.to_config();
    }
  }
  return pretty_json(boost::json::object{{"providers", std::move(providers)}});
}

std::vector<SandboxProvider> const& Sandbox::providers() const noexcept { return impl_->providers; }
std::string const& Sandbox::ca_file() const noexcept { return impl_->ca_file; }
Server& Sandbox::openscaler() noexcept { return *impl_->openscaler; }
Server& Sandbox::katapult() noexcept { return *impl_->katapult; }
Server& Sandbox::bycloud() noexcept { return *impl_->bycloud; }
Server& Sandbox::foreign_origin() noexcept { return *impl_->foreign; }

}  // namespace polycloud::sim
