// ByCloud keypairs: no page documents them, so Nova's shapes [inferred] (api-facts.md): GET /v1/keypairs
// → {"keypairs": [{"keypair": {name, public_key, fingerprint}}]} (or, with bare_keypairs, a bare array of
// bare keypairs), POST /v1/keypairs {"keypair": {name, public_key}} → 201 {"keypair": {…}}, 409 on a
// taken name. A create's key_name must name one.
#include "sim/bycloud/bycloud.hpp"
#include "sim/ssh_public_key.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace polycloud::sim {
namespace {
namespace json = boost::json;
}  // namespace

Reply ByCloudApi::keypairs() const {
  json::array listed;
  for (auto const& pair : keypairs_) {
    json::object keypair{{"name", pair.name}, {"public_key", pair.public_key}, {"fingerprint", pair.fingerprint}};
    if (options_.bare_keypairs) {
      listed.push_back(std::move(keypair));
    } else {
      listed.push_back(json::object{{"keypair", std::move(keypair)}});
    }
  }
  if (options_.bare_keypairs) return Reply::json(200, json::serialize(listed));
  return Reply::json(200, json::serialize(json::object{{"keypairs", std::move(listed)}}));
}

Reply ByCloudApi::add_keypair(SimRequest const& request) {
  boost::system::error_code ec;
  auto const parsed = json::parse(request.body, ec);
  auto const* wrapped = !ec && parsed.is_object() ? parsed.get_object().if_contains("keypair") : nullptr;
  if (wrapped == nullptr || !wrapped->is_object()) {
    return bycloud_error(400, "Malformed request body", "expected {\"keypair\": {\"name\": …, \"public_key\": …}}");
  }
  auto const text = [&](char const* key) {
    auto const* value = wrapped->get_object().if_contains(key);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  auto const name = text("name");
  auto const public_key = text("public_key");
  bool const name_valid = !name.empty() && name.size() <= 255 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ' ' || c == '@';
  });
  if (!name_valid) return bycloud_error(400, "Keypair data is invalid", "name must be 1 to 255 of [A-Za-z0-9 ._@-]");
  // Nova generates a key when none is given; the adapter always gives one, so the simulator requires it.
  auto const key = parse_public_key(public_key);
  if (!key) return bycloud_error(400, "Keypair data is invalid", "public_key is not an OpenSSH public key");
  if (std::any_of(keypairs_.begin(), keypairs_.end(), [&](Keypair const& pair) { return pair.name == name; })) {
    return bycloud_error(409, "Key pair '" + name + "' already exists.");
  }
  keypairs_.push_back(Keypair{name, public_key, key->md5});
  return Reply::json(201, json::serialize(json::object{
                              {"keypair", json::object{{"name", name}, {"public_key", public_key}, {"fingerprint", key->md5}}}}));
}

json::value ByCloudApi::received() const { return json::object{{"instances_created", received_creates_}}; }

}  // namespace polycloud::sim
