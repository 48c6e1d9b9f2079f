#pragma once
// Builders shared by the fleet tests: fake providers seeded with named instances.
#include <polycloud/fleet.hpp>
#include <polycloud/testing/fake_provider.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

inline polycloud::Instance make_instance(std::string id, std::string name, polycloud::State state,
                                         std::map<std::string, std::string> tags = {}) {
  polycloud::Instance instance;
  instance.id = std::move(id);
  instance.name = std::move(name);
  instance.state = state;
  instance.tags = std::move(tags);
  return instance;
}

/// A fake provider with `count` instances named "<name>-vm-<i>", all running.
inline std::unique_ptr<polycloud::testing::FakeProvider> fake_with(std::string const& name, int count,
                                                                   std::size_t page_size = 2) {
  auto provider = std::make_unique<polycloud::testing::FakeProvider>(name, page_size);
  for (int i = 0; i < count; ++i)
    provider->add(
        make_instance(name + "-" + std::to_string(i), name + "-vm-" + std::to_string(i), polycloud::State::running));
  return provider;
}

/// A fleet over the given fakes; the raw pointers stay usable for injecting failures.
inline polycloud::Fleet fleet_of(std::vector<std::unique_ptr<polycloud::testing::FakeProvider>> fakes) {
  std::vector<std::unique_ptr<polycloud::Provider>> providers;
  for (auto& fake : fakes) providers.push_back(std::move(fake));
  return polycloud::Fleet::from_providers(std::move(providers)).value();
}
