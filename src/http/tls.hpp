#pragma once
// TLS for the client: one verifying context per Client, and the per-connection setup and
// failure description. Internal: included only by src/http/*.cpp.

#include <polycloud/error.hpp>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace polycloud::http {

using TlsStream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

/// TLS >= 1.2 with verify_peer, trusting `ca_file` (PEM) *instead of* the system store when one is
/// given, else the system store. One context per trust configuration per process, shared by every
/// Client that uses it. The Client calls this on its first https connection, not at creation: the
/// system store (20-30 ms of CPU) is read once per process, and only when an https endpoint without
/// ca_file is first used. ErrorKind::config when the CA file cannot be loaded.
Result<std::shared_ptr<boost::asio::ssl::context>> shared_tls_context(std::string const& ca_file);

/// The cheap check a Client makes at creation: `ca_file` can be opened for reading (it is parsed
/// only on the first https connection). ErrorKind::config naming the file otherwise.
Result<void> check_ca_file_readable(std::string const& ca_file);

/// How often this process has read the system trust store (tests: it must be at most once, and
/// only on a connection).
std::size_t system_store_loads() noexcept;

/// Tests only: forgets the shared contexts (clients holding one keep it), so that a test can watch
/// the first load whatever ran before it in the same process.
void forget_shared_tls_contexts_for_tests();

/// SNI (for names, not IP literals) and hostname/IP verification for one connection.
Result<void> prepare_tls_stream(TlsStream& stream, std::string const& host);

/// Why a handshake failed, in words that say which: untrusted certificate, hostname mismatch…
std::string describe_handshake_failure(TlsStream& stream, boost::system::error_code const& ec,
                                       std::string const& host);

}  // namespace polycloud::http
