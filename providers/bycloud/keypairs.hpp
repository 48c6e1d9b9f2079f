#pragma once
// ByCloud keypairs [inferred, Nova-shaped]: the create body and reading the list and create answers,
// in the wrapped ({"keypairs": [{"keypair": {…}}]}) and the bare ([{…}]) forms alike. No I/O.

#include "providers/common/call_site.hpp"

#include <polycloud/error.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::bycloud {

struct Keypair {
  std::string name;
  std::string public_key;   ///< empty when the answer leaves it out
  std::string fingerprint;  ///< opaque; Nova prints MD5 colon-hex
};

/// {"keypair": {"name": …, "public_key": …}}
std::string keypair_body(std::string_view name, std::string_view public_key);

/// The list answer: {"keypairs": [item…]} or a bare [item…], each item {"keypair": {…}} or bare {…}.
Result<std::vector<Keypair>> read_keypairs(boost::json::value const& body, providers::CallSite const& site);

/// The create answer's keypair name: {"keypair": {name, …}} or a bare {name, …}.
Result<std::string> read_created_keypair(boost::json::value const& body, providers::CallSite const& site);

}  // namespace polycloud::bycloud
