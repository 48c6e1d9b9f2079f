#pragma once
// TLS plumbing shared by the transport tests: a server context from generated certificates
// (sim/certificates.hpp) and the CA written to a file for `ca_file`.

#include "sim/certificates.hpp"
#include "sim/temp_dir.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace polycloud::test {

inline std::shared_ptr<boost::asio::ssl::context> server_context(sim::GeneratedCertificates const& pki) {
  namespace asio = boost::asio;
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  context->use_certificate_chain(asio::buffer(pki.server_cert_pem));
  context->use_private_key(asio::buffer(pki.server_key_pem), asio::ssl::context::pem);
  return context;
}

/// The CA written to a file for `ca_file`, in a directory of its own (parallel test processes never
/// share it), removed with the object.
struct CaFile {
  explicit CaFile(std::string const& pem) : path(dir.path() / "ca.pem") { std::ofstream{path} << pem; }
  sim::TempDir dir{"polycloud-http-test-ca-"};
  std::filesystem::path path;
};

}  // namespace polycloud::test
