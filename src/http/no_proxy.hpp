#pragma once
// NO_PROXY as curl (7.86 and later) reads it: which hosts are reached directly although a proxy is set.

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::http {

class NoProxy {
 public:
  /// A list separated by commas or blanks. Each entry is `*` (every host), an IP literal or a CIDR
  /// range (IPv6 without brackets), or a name matching itself and every name under it ("example.com"
  /// and ".example.com" both match example.com and api.example.com, never notexample.com). A `:port`
  /// after an entry is ignored: the entry applies to every port. Nothing is exempt unless listed,
  /// loopback included (as with curl).
  explicit NoProxy(std::string_view list);

  /// `host` as an Origin holds it: lower case, an IPv6 literal without brackets.
  bool matches(std::string const& host) const;

 private:
  bool all_ = false;
  std::vector<std::string> entries_;  ///< lower case, without leading dots, `*.`, trailing dots or ports
};

}  // namespace polycloud::http
