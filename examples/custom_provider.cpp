// A fourth provider registered from outside the library: an in-house inventory that only lists.
// Once registered, its type works in any config, the Fleet and the CLI's code paths alike.
#include <polycloud/blocking.hpp>
#include <polycloud/registry.hpp>

#include <cstdio>

namespace {
using namespace polycloud;

/// The whole listing in one page.
class OnePage final : public InstancePager {
 public:
  explicit OnePage(std::vector<Instance> instances) : instances_(std::move(instances)) {}
  boost::asio::awaitable<Result<std::optional<std::vector<Instance>>>> next() override {
    if (done_) co_return std::optional<std::vector<Instance>>();
    done_ = true;
    co_return std::optional<std::vector<Instance>>(std::move(instances_));
  }

 private:
  std::vector<Instance> instances_;
  bool done_ = false;
};

class Inventory final : public Provider {
 public:
  Inventory(std::string name, std::int64_t machines) : name_(std::move(name)), machines_(machines) {}
  std::string const& name() const noexcept override { return name_; }
  std::string_view type() const noexcept override { return "inventory"; }
  Capabilities capabilities() const noexcept override {
    Capabilities only_list;
    only_list.get = only_list.create = only_list.remove = only_list.start = only_list.stop = only_list.reboot = false;
    return only_list;
  }
  std::unique_ptr<InstancePager> list(ListOptions) override {
    std::vector<Instance> machines;
    for (std::int64_t i = 0; i < machines_; ++i) {
      Instance machine;
      machine.provider = name_;
      machine.provider_type = "inventory";
      machine.id = "rack-" + std::to_string(i);
      machine.name = "db-" + std::to_string(i);
      machine.state = State::running;
      machines.push_back(std::move(machine));
    }
    return std::make_unique<OnePage>(std::move(machines));
  }
  boost::asio::awaitable<Result<Instance>> get(std::string, GetOptions) override { co_return no(Operation::get); }
  boost::asio::awaitable<Result<Instance>> create(CreateSpec, ProgressCallback, CallOptions) override {
    co_return no(Operation::create);
  }
  boost::asio::awaitable<Result<void>> remove(std::string, CallOptions) override { co_return no(Operation::remove); }
  boost::asio::awaitable<Result<void>> start(std::string, CallOptions) override { co_return no(Operation::start); }
  boost::asio::awaitable<Result<void>> stop(std::string, CallOptions) override { co_return no(Operation::stop); }
  boost::asio::awaitable<Result<void>> reboot(std::string, CallOptions) override { co_return no(Operation::reboot); }

 private:
  Error no(Operation op) const { return not_supported(name_, op); }
  std::string name_;
  std::int64_t machines_;
};

ProviderType inventory_type() {
  ProviderType type;
  type.name = "inventory";
  type.default_endpoint = "http://127.0.0.1:9";  // never contacted
  type.own_keys = {"machines"};
  type.validate = [](ProviderConfig const& config) -> Result<void> {
    auto const* machines = config.settings.if_contains("machines");
    if (!machines || !machines->is_int64())
      return make_error(ErrorKind::config, "providers." + config.name + ".machines: expected an integer", config.name);
    return {};
  };
  type.factory = [](ProviderConfig const& config, ProviderContext const&) -> Result<std::unique_ptr<Provider>> {
    return std::make_unique<Inventory>(config.name, config.settings.at("machines").as_int64());
  };
  return type;
}
}  // namespace

int main() {
  register_provider_type(inventory_type());
  auto config = parse_config(R"({"providers": {"basement": {"type": "inventory", "machines": 3}}})", "(example)");
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 2;
  auto fleet = blocking::Fleet::create(*config);
  if (!fleet) return std::fprintf(stderr, "%s\n", fleet.error().to_string().c_str()), 2;

  auto listings = fleet->list_all();
  auto const& listed = listings.at(0).instances;
  if (!listed) return std::fprintf(stderr, "%s\n", listed.error().to_string().c_str()), 1;
  for (auto const& machine : *listed) std::printf("%s %s\n", machine.id.c_str(), machine.name.c_str());
  auto refused = fleet->start("basement", "rack-0");  // typed refusal, nothing sent anywhere
  std::printf("start: %s\n", refused ? "ok" : std::string(to_string(refused.error().kind)).c_str());
  return listed->size() == 3 && !refused ? 0 : 1;
}
