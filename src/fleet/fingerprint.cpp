#include "fleet/fingerprint.hpp"

#include <optional>
#include <string>

namespace polycloud::watching {
namespace {

/// FNV-1a over the bytes, then folded to 16 bits. Stable across runs and builds (std::hash need not
/// be), cheap, and good enough for telling a value from its successor.
class Hasher {
 public:
  Hasher& text(std::string_view bytes) {
    for (unsigned char const c : bytes) byte(c);
    return separator();
  }
  template <class Int>
  Hasher& number(std::optional<Int> const& value) {
    if (!value) return text("\x01null");
    return text(std::to_string(*value));
  }
  Hasher& separator() { return byte(0xff); }
  std::uint16_t fold() const {
    auto const h = state_ ^ (state_ >> 29) ^ (state_ >> 47);
    return static_cast<std::uint16_t>(h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48));
  }

 private:
  Hasher& byte(unsigned char c) {
    state_ = (state_ ^ c) * 0x100000001b3ULL;
    return *this;
  }
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

std::uint16_t hash_text(std::string_view text) { return Hasher().text(text).fold(); }

std::uint16_t hash_addresses(Instance const& instance, Address::Visibility visibility) {
  Hasher hasher;
  for (auto const& address : instance.addresses)
    if (address.visibility == visibility) hasher.text(address.ip);
  return hasher.fold();
}

}  // namespace

Fingerprint fingerprint_of(Instance const& instance) {
  Fingerprint print;
  auto& f = print.fields;
  f[0] = hash_text(instance.name);
  f[1] = hash_text(instance.region);
  f[2] = hash_text(instance.zone);
  f[3] = hash_text(instance.size);
  f[4] = Hasher().number(instance.vcpus).fold();
  f[5] = Hasher().number(instance.memory_mib).fold();
  f[6] = Hasher().number(instance.disk_gb).fold();
  f[7] = hash_text(instance.image);
  f[8] = hash_addresses(instance, Address::Visibility::public_);
  f[9] = hash_addresses(instance, Address::Visibility::private_);
  f[10] = Hasher().number(instance.created_at ? std::optional<long long>(instance.created_at->time_since_epoch().count())
                                              : std::nullopt)
              .fold();
  Hasher tags;
  for (auto const& [key, value] : instance.tags) tags.text(key).text(value);
  f[11] = tags.fold();
  return print;
}

std::vector<std::size_t> changed_fields(Fingerprint const& before, Fingerprint const& after) {
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < before.fields.size(); ++i)
    if (before.fields[i] != after.fields[i]) changed.push_back(i);
  return changed;
}

}  // namespace polycloud::watching
