// One CreateSpec on every configured provider: the size and image are requirements, resolved through
// each provider's catalog to its own ids; then the same spec placed on the provider that serves it most
// cheaply, with the reasons. Each VM is deleted again. Blocking facade, no coroutines.
// Usage: portable_create CONFIG [PUBLIC_KEY_FILE]
#include <polycloud/blocking.hpp>

#include <cstdio>
#include <fstream>
#include <string>

namespace {
using polycloud::Result;
using polycloud::State;

/// Creates the resolved spec on `provider`, waits until it runs, deletes it and waits until it is gone.
Result<void> create_and_delete(polycloud::blocking::Fleet& fleet, std::string const& provider,
                               polycloud::CreateSpec const& spec) {
  auto created = fleet.create(provider, spec);
  if (!created) return created.error();
  std::printf("  created %s on %s (size %s, image %s)\n", created->id.c_str(), provider.c_str(),
              created->size.c_str(), created->image.c_str());
  if (auto running = fleet.wait_for(provider, created->id, State::running); !running) return running.error();
  if (auto removed = fleet.remove(provider, created->id); !removed) return removed.error();
  if (auto gone = fleet.wait_for(provider, created->id, State::terminated); !gone) return gone.error();
  std::printf("  deleted %s\n", created->id.c_str());
  return {};
}

int fail(polycloud::Error const& error) {
  std::fprintf(stderr, "%s\n", error.to_string().c_str());
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) return std::fprintf(stderr, "usage: portable_create CONFIG [PUBLIC_KEY_FILE]\n"), 2;
  auto config = polycloud::load_config_file(argv[1]);
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 2;
  auto fleet = polycloud::blocking::Fleet::create(*config);
  if (!fleet) return std::fprintf(stderr, "%s\n", fleet.error().to_string().c_str()), 2;

  polycloud::CreateSpec spec;
  spec.name = "portable-example";
  spec.size = "cpu>=1,mem>=2GiB";  // the cheapest size with at least 1 vCPU and 2 GiB (docs/provisioning.md)
  spec.image = "debian:12";
  if (argc == 3) {
    std::ifstream key_file(argv[2]);
    for (std::string line; std::getline(key_file, line);)
      if (!line.empty() && line.front() != '#') spec.ssh_public_keys.push_back(line);
  }

  for (auto const& provider : fleet->provider_names()) {
    auto resolution = fleet->resolve(provider, spec);
    if (!resolution) return fail(resolution.error());
    if (!resolution->ok()) {
      std::fprintf(stderr, "%s", polycloud::explain(*resolution).c_str());
      return fail(*resolution->error);
    }
    std::printf("%s: %s -> %s, %s -> %s\n", provider.c_str(), spec.size.c_str(), resolution->spec.size.c_str(),
                spec.image.c_str(), resolution->spec.image.c_str());
    if (auto done = create_and_delete(*fleet, provider, resolution->spec); !done) return fail(done.error());
  }

  auto placement = fleet->place(spec);
  if (!placement) return fail(placement.error());
  std::printf("placement:\n%s", polycloud::explain_providers(*placement).c_str());
  if (!placement->ok()) return fail(*placement->error);
  auto const& chosen = placement->chosen_resolution();
  if (auto done = create_and_delete(*fleet, chosen.provider, chosen.spec); !done) return fail(done.error());
  return 0;
}
