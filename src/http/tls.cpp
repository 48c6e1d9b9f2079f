#include "http/tls.hpp"

#include "core/bounded_file.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

namespace polycloud::http {
namespace ssl = boost::asio::ssl;

namespace {

std::atomic<std::size_t> system_store_load_count{0};

/// The contexts built so far, by trust configuration (the ca_file path; empty: the system store).
/// A context is immutable once built and OpenSSL's SSL_CTX is safe to share across threads.
struct SharedContexts {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<ssl::context>> by_trust;
};
SharedContexts& shared_contexts() {
  static SharedContexts contexts;
  return contexts;
}

/// Computes each trusted certificate's cached extensions now, while the context has one user. OpenSSL
/// 3.0 fills that cache on first use during verification, under the certificate's lock, but another
/// thread's verification checks the "done" flag without it and reads the half-written key ids
/// (ASN1_STRING_set against ASN1_STRING_cmp: TSan saw it in two handshakes sharing one ca_file). Primed
/// here, verification only ever reads. Certificates the system store's directory lookup loads later are
/// still filled on first use, as OpenSSL does for every program.
void prime_certificate_caches(SSL_CTX* context) {
  X509_STORE* store = SSL_CTX_get_cert_store(context);
  STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store);
  for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
    if (X509* certificate = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i)); certificate != nullptr) {
      X509_check_purpose(certificate, -1, 0);  // -1: no purpose, only the extension cache
    }
  }
}

/// A ca_file larger than any trust bundle (a system bundle is ~250 KiB): refused before OpenSSL parses it.
constexpr std::size_t max_ca_file_bytes = 4u << 20;

/// The one wording of an unreadable ca_file, for the check at creation and the read at the first request.
Error unreadable_ca_file(std::string const& ca_file, std::string const& why) {
  return make_error(ErrorKind::config, "ca_file '" + ca_file + "' cannot be read: " + why);
}

/// OpenSSL's reason for the error it queued last, or `fallback` when it queued none.
std::string openssl_reason(std::string fallback) {
  unsigned long const code = ERR_peek_last_error();
  ERR_clear_error();
  char const* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
  return reason != nullptr ? std::string(reason) : fallback;
}

/// Adds the certificates and CRLs of a PEM file to the context's store, as SSL_CTX_load_verify_file
/// does, from one read of the file. OpenSSL opening the path itself, after the check that it is a
/// regular file, would block for ever on a FIFO put in its place between the two (and read any size).
Result<void> load_ca_file(SSL_CTX* context, std::string const& ca_file) {
  auto const read = read_bounded_file(ca_file, max_ca_file_bytes, FileKinds::regular_only);
  if (!read.ok()) return unreadable_ca_file(ca_file, read.failure);
  auto const not_pem = [&](std::string why) {
    return make_error(ErrorKind::config, "ca_file '" + ca_file + "' is not a PEM certificate: " + why);
  };
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(read.text.data(), static_cast<int>(read.text.size())),
                                                &BIO_free);
  if (!bio) return not_pem("out of memory");
  ERR_clear_error();
  using Infos = STACK_OF(X509_INFO);
  std::unique_ptr<Infos, void (*)(Infos*)> infos(PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr),
                                                 [](Infos* list) { sk_X509_INFO_pop_free(list, X509_INFO_free); });
  if (!infos) return not_pem(openssl_reason("no certificate in it"));
  X509_STORE* store = SSL_CTX_get_cert_store(context);
  int added = 0;
  for (int i = 0; i < sk_X509_INFO_num(infos.get()); ++i) {
    X509_INFO const* info = sk_X509_INFO_value(infos.get(), i);
    if (info->x509 != nullptr && X509_STORE_add_cert(store, info->x509) == 1) ++added;
    if (info->crl != nullptr && X509_STORE_add_crl(store, info->crl) == 1) ++added;
  }
  if (added == 0) return not_pem("no certificate in it");
  return {};
}

Result<std::shared_ptr<ssl::context>> make_tls_context(std::string const& ca_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    return make_error(ErrorKind::config, "cannot require TLS 1.2 or later");
  }
  context->set_verify_mode(ssl::verify_peer, ec);
  if (!ec && ca_file.empty()) {
    ++system_store_load_count;
    context->set_default_verify_paths(ec);
  }
  if (ec) return make_error(ErrorKind::config, "cannot load the system trust store: " + ec.message());
  if (!ca_file.empty()) {
    if (auto loaded = load_ca_file(context->native_handle(), ca_file); !loaded) return loaded.error();
  }
  prime_certificate_caches(context->native_handle());
  return context;
}

}  // namespace

Result<std::shared_ptr<ssl::context>> shared_tls_context(std::string const& ca_file) {
  auto& shared = shared_contexts();
  std::lock_guard lock(shared.mutex);
  if (auto found = shared.by_trust.find(ca_file); found != shared.by_trust.end()) return found->second;
  auto made = make_tls_context(ca_file);
  if (!made) return made;  // not remembered: a file fixed since is read again next time
  shared.by_trust.emplace(ca_file, *made);
  return made;
}

Result<void> check_ca_file_readable(std::string const& ca_file) {
  // Regular files only, checked without blocking: OpenSSL's read of a FIFO (or /dev/stdin) would wait
  // for a writer for ever, whatever the provider's timeout, even for `polycloud providers`.
  if (auto const problem = regular_file_problem(ca_file); !problem.empty()) return unreadable_ca_file(ca_file, problem);
  return {};
}

std::size_t system_store_loads() noexcept { return system_store_load_count.load(); }

void forget_shared_tls_contexts_for_tests() {
  auto& shared = shared_contexts();
  std::lock_guard lock(shared.mutex);
  shared.by_trust.clear();
}

Result<void> prepare_tls_stream(TlsStream& stream, std::string const& host) {
  SSL* ssl = stream.native_handle();
  boost::system::error_code ec;
  auto const address = boost::asio::ip::make_address(host, ec);
  // OpenSSL's own check (rather than only a verify callback) records *why* it failed:
  // X509_V_ERR_HOSTNAME_MISMATCH / X509_V_ERR_IP_ADDRESS_MISMATCH, which the error message reports.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  bool const checked = ec ? (SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                                         const_cast<char*>(host.c_str())) == 1 && SSL_set1_host(ssl, host.c_str()) == 1)
                          : X509_VERIFY_PARAM_set1_ip_asc(param, address.to_string().c_str()) == 1;
  if (!checked) return make_error(ErrorKind::tls, "cannot set up certificate verification for host '" + host + "'");
  stream.set_verify_callback(ssl::host_name_verification(host));
  return {};
}

std::string describe_handshake_failure(TlsStream& stream, boost::system::error_code const& ec,
                                       std::string const& host) {
  long const result = SSL_get_verify_result(stream.native_handle());
  switch (result) {
    case X509_V_OK:
      return "TLS handshake with '" + host + "' failed: " + ec.message();
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "hostname mismatch: the server's certificate is not valid for '" + host + "'";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return std::string{"untrusted certificate: "} + X509_verify_cert_error_string(result) + " (host '" + host +
             "'; set ca_file to trust a private CA)";
    default:
      return std::string{"certificate verification failed for '"} + host + "': " + X509_verify_cert_error_string(result);
  }
}

}  // namespace polycloud::http
