#include "sim/certificates.hpp"

#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

namespace {

using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

CertPtr parse_certificate(std::string const& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio{BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free};
  return CertPtr{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free};
}

// Verifies `leaf` against `ca` only, the way a client given `ca_file` would.
bool chains_to(X509* leaf, X509* ca) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), X509_STORE_free};
  X509_STORE_add_cert(store.get(), ca);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx{X509_STORE_CTX_new(), X509_STORE_CTX_free};
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
  return X509_verify_cert(ctx.get()) == 1;
}

}  // namespace

TEST_CASE("generated leaf chains to its own CA and carries the requested SANs") {
  auto const pki = polycloud::sim::generate_certificates({"localhost"}, {"127.0.0.1", "::1"});
  auto ca = parse_certificate(pki.ca_pem);
  auto leaf = parse_certificate(pki.server_cert_pem);
  REQUIRE(ca);
  REQUIRE(leaf);
  CHECK(pki.server_key_pem.find("BEGIN PRIVATE KEY") != std::string::npos);
  CHECK(chains_to(leaf.get(), ca.get()));
  CHECK(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_ip_asc(leaf.get(), "::1", 0) == 1);
  CHECK(X509_check_host(leaf.get(), "example.com", 0, 0, nullptr) == 0);
}

TEST_CASE("a wrong-hostname leaf fails the hostname check but still chains") {
  auto const pki = polycloud::sim::generate_certificates({"wrong.example"}, {});
  auto ca = parse_certificate(pki.ca_pem);
  auto leaf = parse_certificate(pki.server_cert_pem);
  CHECK(chains_to(leaf.get(), ca.get()));
  CHECK(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) == 0);
  CHECK(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) == 0);
  CHECK(X509_check_host(leaf.get(), "wrong.example", 0, 0, nullptr) == 1);
}

TEST_CASE("every call makes a fresh CA: leaves of one do not chain to another") {
  auto const first = polycloud::sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  auto const second = polycloud::sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  CHECK(first.ca_pem != second.ca_pem);
  auto leaf = parse_certificate(first.server_cert_pem);
  auto other_ca = parse_certificate(second.ca_pem);
  CHECK_FALSE(chains_to(leaf.get(), other_ca.get()));
}
