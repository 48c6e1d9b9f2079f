#include "providers/katapult/vm_mapping.hpp"

#include "providers/common/values.hpp"
#include "providers/katapult/state_table.hpp"

#include <cmath>

namespace polycloud::katapult {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

namespace {

constexpr double mib_per_gib = 1024.0;
constexpr int max_cores = 1 << 16;

std::optional<std::int64_t> to_mib(std::optional<double> gib) {
  if (!gib || *gib < 0 || *gib > 1e9) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*gib * mib_per_gib));
}

}  // namespace

void VmMapping::begin(Instance& /*instance*/) {
  hostname_.clear();
  cpu_cores_.reset();
  memory_gb_.reset();
  package_cores_.reset();
  package_memory_gb_.reset();
}

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  auto const top = path.key(0);
  if (path.size() == 1) {
    if (top == "id") {
      if (auto text = problems.string(path, value)) instance.id = std::string(*text);
    } else if (top == "name") {
      if (auto text = problems.string(path, value)) instance.name = std::string(*text);
    } else if (top == "hostname") {
      if (auto text = problems.string(path, value)) hostname_ = std::string(*text);
    } else if (top == "created_at") {
      if (auto seconds = problems.integer(path, value)) {
        instance.created_at = providers::from_unix_seconds(*seconds);
        if (!instance.created_at) problems.fail(path, "not a plausible Unix time");
      }
    } else if (top == "state") {
      if (auto text = problems.string(path, value)) {
        instance.raw_state = std::string(*text);
        instance.state = map_state(*text);
      }
    } else if (top == "cpu_cores") {
      if (auto cores = problems.integer(path, value, 0, max_cores)) cpu_cores_ = static_cast<int>(*cores);
    } else if (top == "memory_in_gb") {
      memory_gb_ = problems.number(path, value);
    }
    return;
  }
  if (top == "zone") {
    if (path.is({"zone", "permalink"})) {
      if (auto text = problems.string(path, value)) instance.zone = std::string(*text);
    } else if (path.is({"zone", "data_center", "permalink"})) {
      if (auto text = problems.string(path, value)) instance.region = std::string(*text);
    }
  } else if (top == "package") {
    package_scalar(path, value, instance, problems);
  } else if (top == "ip_addresses" && path.size() == 3 && path.is_index(1) && path.key(2) == "address") {
    auto text = problems.string(path, value);
    if (!text) return;
    // An address we cannot classify (the seed page prints "string") is kept as the API gave it:
    // Katapult's addresses sit on its public network unless their range says otherwise.
    auto address = providers::classify_address(*text);
    if (!address) {
      address = Address{std::string(*text), Address::Visibility::public_, text->find(':') != std::string_view::npos ? 6 : 4};
    }
    instance.addresses.push_back(std::move(*address));
  } else if (top == "tag_names" && path.size() == 2 && path.is_index(1)) {
    if (auto text = problems.string(path, value)) instance.tags.try_emplace(std::string(*text), std::string());
  }
}

void VmMapping::package_scalar(JsonPath const& path, JsonScalar const& value, Instance& instance,
                               ItemProblems& problems) {
  if (path.size() != 2) return;
  auto const key = path.key(1);
  if (key == "name") {
    if (auto text = problems.string(path, value)) instance.size = std::string(*text);
  } else if (key == "cpu_cores") {
    if (auto cores = problems.integer(path, value, 0, max_cores)) package_cores_ = static_cast<int>(*cores);
  } else if (key == "memory_in_gb") {
    package_memory_gb_ = problems.number(path, value);
  }
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  if (instance.id.empty()) return problems.fail("id: missing");
  if (instance.name.empty()) instance.name = hostname_;
  // The VM's own figures win (a custom-resource VM has no package); the package's fill in otherwise.
  auto const cores = cpu_cores_ ? cpu_cores_ : package_cores_;
  if (cores) instance.vcpus = *cores;
  instance.memory_mib = to_mib(memory_gb_ ? memory_gb_ : package_memory_gb_);
}

providers::BodyLayout list_layout() { return {{"virtual_machines"}, false}; }
providers::BodyLayout get_layout() { return {{"virtual_machine"}, true}; }

providers::EnvelopeSink AnnotationCollector::sink() {
  return [this](JsonPath const& path, JsonScalar const& value) {
    if (path.size() != 3 || path.key(0) != "annotations" || !path.is_index(1)) return;
    if (value.kind != JsonScalar::Kind::string) return;
    auto const index = path.index(1);
    if (annotations_.size() <= index) annotations_.resize(index + 1);
    if (path.key(2) == "key") annotations_[index].first = std::string(value.text);
    if (path.key(2) == "value") annotations_[index].second = std::string(value.text);
  };
}

void AnnotationCollector::apply(Instance& instance) const {
  for (auto const& [key, value] : annotations_) {
    if (!key.empty()) instance.tags[key] = value;
  }
}

}  // namespace polycloud::katapult
