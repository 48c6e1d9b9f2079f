#include "providers/bycloud/keypairs.hpp"

#include "providers/common/json_fields.hpp"

#include <boost/json/serialize.hpp>

namespace polycloud::bycloud {

namespace json = boost::json;
using providers::CallSite;
using providers::protocol_error;

namespace {

/// A keypair object, unwrapped from {"keypair": {…}} when it is wrapped.
Result<Keypair> read_one(json::value const& item, std::string const& path, CallSite const& site) {
  auto const* object = item.if_object();
  if (object != nullptr) {
    if (auto const* inner = object->if_contains("keypair"); inner != nullptr && inner->is_object()) object = &inner->get_object();
  }
  if (object == nullptr) return protocol_error(site, path + ": expected a keypair object");
  providers::FieldReader reader(*object, path);
  Keypair keypair{reader.string("name").value_or(""), reader.string("public_key").value_or(""),
                  reader.string("fingerprint").value_or("")};
  if (!reader.problem().empty()) return protocol_error(site, reader.problem());
  if (keypair.name.empty()) return protocol_error(site, path + ".name: missing");
  return keypair;
}

}  // namespace

std::string keypair_body(std::string_view name, std::string_view public_key) {
  return json::serialize(json::object{{"keypair", json::object{{"name", name}, {"public_key", public_key}}}});
}

Result<std::vector<Keypair>> read_keypairs(json::value const& body, CallSite const& site) {
  auto const* listed = body.if_array();
  if (auto const* root = body.if_object()) {
    auto const* inner = root->if_contains("keypairs");
    listed = inner != nullptr ? inner->if_array() : nullptr;
  }
  if (listed == nullptr) return protocol_error(site, "the answer has no keypairs array");
  std::vector<Keypair> keypairs;
  for (std::size_t i = 0; i < listed->size(); ++i) {
    auto keypair = read_one((*listed)[i], "keypairs[" + std::to_string(i) + "]", site);
    if (!keypair) return keypair.error();
    keypairs.push_back(std::move(*keypair));
  }
  return keypairs;
}

Result<std::string> read_created_keypair(json::value const& body, CallSite const& site) {
  auto keypair = read_one(body, "keypair", site);
  if (!keypair) return keypair.error();
  return std::move(keypair->name);
}

}  // namespace polycloud::bycloud
