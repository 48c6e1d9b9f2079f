#include "sim/certificates.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace polycloud::sim {
namespace {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

void check(bool ok, char const* what) {
  if (!ok) {
    ERR_clear_error();
    throw std::runtime_error(std::string("certificate generation failed: ") + what);
  }
}

KeyPtr make_p256_key() {
  KeyPtr key{EVP_EC_gen("P-256")};
  check(key != nullptr, "EVP_EC_gen");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, std::string const& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext{X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str())};
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  check(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

// A certificate skeleton: random serial, valid from an hour ago (clock skew) for 30 days.
CertPtr make_certificate(EVP_PKEY* key, std::string const& common_name) {
  CertPtr cert{X509_new()};
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7f;  // a positive INTEGER
  std::unique_ptr<BIGNUM, Deleter<BN_free>> bn{BN_bin2bn(serial, sizeof serial, nullptr)};
  check(bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr, "serial");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
  check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  auto const* cn = reinterpret_cast<unsigned char const*>(common_name.c_str());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<unsigned char const*>("polycloud simulator"), -1, -1, 0) == 1,
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1, "subject CN");
  return cert;
}

std::string subject_alt_names(std::vector<std::string> const& dns_names, std::vector<std::string> const& ips) {
  std::string san;
  auto append = [&san](char const* kind, std::string const& value) {
    if (!san.empty()) san += ',';
    san += kind;
    san += value;
  };
  for (auto const& dns : dns_names) append("DNS:", dns);
  for (auto const& ip : ips) append("IP:", ip);
  return san;
}

std::string to_pem(auto write) {
  BioPtr bio{BIO_new(BIO_s_mem())};
  check(bio != nullptr, "BIO_new");
  check(write(bio.get()) == 1, "PEM write");
  char* data = nullptr;
  long const size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

GeneratedCertificates generate_certificates(std::vector<std::string> const& dns_names,
                                            std::vector<std::string> const& ip_addresses) {
  KeyPtr ca_key = make_p256_key();
  CertPtr ca = make_certificate(ca_key.get(), "polycloud simulator CA");
  check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) == 1, "CA issuer");
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "CA sign");

  KeyPtr leaf_key = make_p256_key();
  std::string const common_name = dns_names.empty() ? (ip_addresses.empty() ? "localhost" : ip_addresses.front())
                                                    : dns_names.front();
  CertPtr leaf = make_certificate(leaf_key.get(), common_name);
  check(X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get())) == 1, "leaf issuer");
  add_extension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_extension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (std::string const san = subject_alt_names(dns_names, ip_addresses); !san.empty()) {
    add_extension(leaf.get(), ca.get(), NID_subject_alt_name, san);
  }
  check(X509_sign(leaf.get(), ca_key.get(), EVP_sha256()) > 0, "leaf sign");

  return GeneratedCertificates{
      .ca_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, ca.get()); }),
      .server_cert_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, leaf.get()); }),
      .server_key_pem = to_pem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, leaf_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
      }),
  };
}

}  // namespace polycloud::sim
