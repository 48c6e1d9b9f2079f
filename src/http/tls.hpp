#pragma once
// TLS for the client: one verifying context per Client, and the per-connection setup and
// failure description. Internal: included only by src/http/*.cpp.

#include <polycloud/error.hpp>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <memory>
#include <string>

namespace polycloud::http {

using TlsStream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

/// TLS >= 1.2 with verify_peer, trusting `ca_file` (PEM) when one is given, else the system store.
/// One context per trust configuration per process, shared by every Client that uses it: the
/// system store is read once, and only when an https endpoint without ca_file first needs it.
/// ErrorKind::config when the CA file cannot be loaded.
Result<std::shared_ptr<boost::asio::ssl::context>> shared_tls_context(std::string const& ca_file);

/// SNI (for names, not IP literals) and hostname/IP verification for one connection.
Result<void> prepare_tls_stream(TlsStream& stream, std::string const& host);

/// Why a handshake failed, in words that say which: untrusted certificate, hostname mismatch…
std::string describe_handshake_failure(TlsStream& stream, boost::system::error_code const& ec,
                                       std::string const& host);

}  // namespace polycloud::http
