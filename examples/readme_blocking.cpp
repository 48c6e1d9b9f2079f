// The README's blocking example: every VM of every configured provider, no coroutines.
#include <polycloud/blocking.hpp>

#include <iostream>

int main(int argc, char** argv) {
  auto config = polycloud::load_config_file(argc > 1 ? argv[1] : "config.json");
  if (!config) return std::cerr << config.error() << '\n', 2;
  auto fleet = polycloud::blocking::Fleet::create(*config);
  if (!fleet) return std::cerr << fleet.error() << '\n', 2;

  for (auto const& listing : fleet->list_all()) {
    if (!listing.instances) std::cerr << listing.instances.error() << '\n';
    else
      for (auto const& vm : *listing.instances)
        std::cout << listing.provider << ' ' << vm.id << ' ' << vm.name << ' ' << vm.state << '\n';
  }
}
