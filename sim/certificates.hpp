#pragma once
// Test PKI for the simulators: a fresh CA per call and one leaf it signed, all in PEM.
#include <string>
#include <vector>

namespace polycloud::sim {

struct GeneratedCertificates {
  std::string ca_pem;           // the self-signed CA: what a client trusts (`ca_file`)
  std::string server_cert_pem;  // the leaf, signed by that CA, carrying the requested SANs
  std::string server_key_pem;   // the leaf's private key (PKCS#8)
};

// A new EC P-256 CA and a leaf with subjectAltName DNS:dns_names…, IP:ip_addresses….
// Passing dns_names={"wrong.example"} and no IP gives a leaf that fails hostname checks for 127.0.0.1.
// Throws std::runtime_error if OpenSSL fails (it has no reason to; not an expected failure).
GeneratedCertificates generate_certificates(std::vector<std::string> const& dns_names,
                                            std::vector<std::string> const& ip_addresses);

}  // namespace polycloud::sim
