#include "sim/exchange.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/url/url_view.hpp>

namespace polycloud::sim {

std::optional<std::string_view> SimRequest::header(std::string_view name) const {
  for (auto const& [key, value] : headers) {
    if (boost::algorithm::iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::vector<std::string> SimRequest::segments() const {
  auto const decoded = boost::urls::url_view(url).segments();
  return {decoded.begin(), decoded.end()};
}

std::optional<std::string> SimRequest::param(std::string_view key) const {
  auto const params = boost::urls::url_view(url).params();
  auto const it = params.find(key);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

std::vector<std::string> SimRequest::params(std::string_view key) const {
  std::vector<std::string> values;
  for (auto const& param : boost::urls::url_view(url).params()) {
    if (param.key == key) values.emplace_back(param.value);
  }
  return values;
}

}  // namespace polycloud::sim
