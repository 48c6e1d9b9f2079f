#include "providers/common/secret_forms.hpp"

#include <boost/archive/iterators/base64_from_binary.hpp>
#include <boost/archive/iterators/transform_width.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>

namespace polycloud::providers {

std::string base64_encode(std::string_view bytes) {
  using namespace boost::archive::iterators;
  using Encoder = base64_from_binary<transform_width<std::string_view::const_iterator, 6, 8>>;
  std::string encoded(Encoder(bytes.begin()), Encoder(bytes.end()));
  encoded.append((3 - bytes.size() % 3) % 3, '=');
  return encoded;
}

std::vector<std::string> secret_forms(std::string_view secret) {
  if (secret.empty()) return {};
  auto quoted = boost::json::serialize(boost::json::string(secret));  // the quotes are not part of it
  std::vector<std::string> forms{std::string(secret), quoted.substr(1, quoted.size() - 2), base64_encode(secret)};
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  return forms;
}

void add_call_secret(CallSite& site, std::string_view secret) {
  for (auto& form : secret_forms(secret))
    if (std::find(site.call_secrets.begin(), site.call_secrets.end(), form) == site.call_secrets.end())
      site.call_secrets.push_back(std::move(form));
}

void add_user_data_secret(CallSite& site, CreateSpec const& spec) {
  if (spec.user_data_is_secret) add_call_secret(site, spec.user_data);
}

}  // namespace polycloud::providers
