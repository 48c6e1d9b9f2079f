#include "http/no_proxy.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <algorithm>

namespace polycloud::http {
namespace {

namespace ip = boost::asio::ip;

/// "[::1]:8080" → "::1", "host:8080" → "host"; a bare IPv6 literal (two or more colons) is kept whole.
std::string without_port(std::string entry) {
  if (entry.starts_with('[')) {
    auto const close = entry.find(']');
    return close == std::string::npos ? entry : entry.substr(1, close - 1);
  }
  if (std::count(entry.begin(), entry.end(), ':') == 1) entry.erase(entry.find(':'));
  return entry;
}

/// `host` is in `network` ("10.0.0.0/8", "fd00::/8"); false for anything that is not both.
bool in_network(ip::address const& host, std::string const& network) {
  boost::system::error_code ec;
  if (host.is_v4()) {
    auto const net = ip::make_network_v4(network, ec);
    return !ec && (host.to_v4().to_uint() & net.netmask().to_uint()) == net.network().to_uint();
  }
  auto const net = ip::make_network_v6(network, ec);
  if (ec) return false;
  auto const canonical = ip::make_network_v6(host.to_v6(), net.prefix_length()).canonical();
  return canonical.network() == net.network();
}

}  // namespace

NoProxy::NoProxy(std::string_view list) {
  std::size_t at = 0;
  while (at < list.size()) {
    auto const end = std::min(list.find_first_of(", \t", at), list.size());
    auto entry = boost::algorithm::to_lower_copy(std::string(list.substr(at, end - at)));
    at = end + 1;
    if (entry == "*") all_ = true;
    if (entry.starts_with("*.")) entry.erase(0, 2);
    while (entry.starts_with('.')) entry.erase(0, 1);
    entry = without_port(std::move(entry));
    while (entry.ends_with('.')) entry.pop_back();
    if (!entry.empty() && entry != "*") entries_.push_back(std::move(entry));
  }
}

bool NoProxy::matches(std::string const& host_in) const {
  if (all_) return true;
  std::string host = host_in;
  while (host.ends_with('.')) host.pop_back();
  boost::system::error_code ec;
  auto const address = ip::make_address(host, ec);
  for (auto const& entry : entries_) {
    if (!ec) {  // an address matches an equal address or a range holding it, never a name
      boost::system::error_code entry_ec;
      auto const listed = ip::make_address(entry, entry_ec);
      if (!entry_ec ? listed == address : entry.find('/') != std::string::npos && in_network(address, entry)) {
        return true;
      }
      continue;
    }
    if (host == entry) return true;
    if (host.size() > entry.size() && host.ends_with(entry) && host[host.size() - entry.size() - 1] == '.') return true;
  }
  return false;
}

}  // namespace polycloud::http
