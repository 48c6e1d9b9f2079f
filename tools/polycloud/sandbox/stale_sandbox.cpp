#include "sandbox/stale_sandbox.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/url/parse.hpp>
#include <fmt/core.h>

#include <cstdint>
#include <filesystem>
#include <system_error>

namespace polycloud::cli {

namespace {
namespace fs = std::filesystem;

/// sim::Sandbox puts its CA at <temp>/polycloud-sandbox-<random>/ca.pem when no state dir is given, as
/// `polycloud sandbox` never gives one (sim/sandbox.cpp; the CLI sandbox test breaks if that changes).
bool in_sandbox_state_dir(fs::path const& ca_file) {
  return ca_file.filename() == "ca.pem" && ca_file.parent_path().filename().string().rfind("polycloud-sandbox-", 0) == 0;
}

enum class Probe { refused, listening, not_probed };

/// A TCP connect to a loopback endpoint: instant either way, so it answers "is anything still there?"
/// without a timeout. Any other host is not probed (a sandbox serves on loopback only).
Probe probe_loopback(std::string const& endpoint) {
  auto url = boost::urls::parse_uri(endpoint);
  if (!url) return Probe::not_probed;
  boost::system::error_code ec;
  auto host = std::string(url->encoded_host_address());
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  auto const address = boost::asio::ip::make_address(host, ec);
  if (ec || !address.is_loopback()) return Probe::not_probed;
  std::uint16_t const port = url->has_port() ? url->port_number() : (url->scheme() == "https" ? 443 : 80);
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({address, port}, ec);
  return ec ? Probe::refused : Probe::listening;
}
}  // namespace

std::optional<Error> stale_sandbox_error(Config const& config) {
  for (auto const& provider : config.providers) {
    if (provider.ca_file.empty()) continue;
    fs::path const ca_file = provider.ca_file;
    std::error_code ec;
    bool const gone = !fs::exists(ca_file, ec) && !ec;  // unreadable is not gone: the usual error says why
    if (!gone || !in_sandbox_state_dir(ca_file)) continue;
    switch (probe_loopback(provider.endpoint)) {
      case Probe::listening:
        return make_error(ErrorKind::config,
                          fmt::format("the `polycloud sandbox` that wrote this config has stopped (it deleted its CA {}); "
                                      "something listens at {} again (a new sandbox?): it has a new CA and new tokens, "
                                      "so use the config it printed or wrote",
                                      provider.ca_file, provider.endpoint),
                          provider.name, "config");
      case Probe::refused:
      case Probe::not_probed:
        return make_error(ErrorKind::unavailable,
                          fmt::format("endpoint {} is unreachable: is the sandbox still running? This config was "
                                      "written by `polycloud sandbox`, which deleted its CA ({}) when it stopped: "
                                      "start it again with `polycloud sandbox --write-config FILE` and use the config "
                                      "it writes",
                                      provider.endpoint, provider.ca_file),
                          provider.name, "config");
    }
  }
  return std::nullopt;
}

}  // namespace polycloud::cli
