// Lists every configured provider at once with the blocking facade; a provider that fails is reported
// next to the others' instances instead of hiding them.   Usage: list_everywhere CONFIG
#include <polycloud/blocking.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  auto report = [](polycloud::Error const& e) { return std::fprintf(stderr, "%s\n", e.to_string().c_str()), 2; };
  auto config = polycloud::load_config_file(argc > 1 ? argv[1] : "config.json");
  if (!config) return report(config.error());
  auto fleet = polycloud::blocking::Fleet::create(*config);
  if (!fleet) return report(fleet.error());

  int failed = 0;
  for (auto const& listing : fleet->list_all()) {
    if (!listing.instances) failed = report(listing.instances.error());
    else
      for (auto const& vm : *listing.instances)
        std::printf("%-12s %-10s %-30s %s\n", listing.provider.c_str(), vm.id.c_str(), vm.name.c_str(),
                    polycloud::to_string(vm.state).data());
  }
  return failed;
}
