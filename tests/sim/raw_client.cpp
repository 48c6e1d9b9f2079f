#include "raw_client.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <optional>

namespace polycloud::sim::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

std::string RawResponse::header(std::string const& name) const {
  for (auto const& [key, value] : headers) {
    if (boost::algorithm::iequals(key, name)) return value;
  }
  return {};
}

struct RawClient::Impl {
  std::uint16_t port;
  std::string host;
  asio::io_context io;
  std::optional<asio::ssl::context> tls;
  std::optional<tcp::socket> plain;
  std::optional<asio::ssl::stream<tcp::socket>> secure;
  boost::beast::flat_buffer buffer;

  bool open() const { return plain.has_value() || secure.has_value(); }

  void close() {
    plain.reset();
    secure.reset();
    buffer.clear();
  }

  boost::system::error_code connect() {
    close();
    boost::system::error_code ec;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return ec;
    if (!tls) {
      plain.emplace(std::move(socket));
      return {};
    }
    secure.emplace(std::move(socket), *tls);
    secure->set_verify_mode(asio::ssl::verify_peer);
    secure->set_verify_callback(asio::ssl::host_name_verification(host));
    secure->handshake(asio::ssl::stream_base::client, ec);
    if (ec) close();
    return ec;
  }

  template <class Stream>
  RawResponse exchange(Stream& stream, http::request<http::string_body>& request) {
    RawResponse response;
    http::write(stream, request, response.error);
    if (response.error) return response;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1u << 30);
    http::read(stream, buffer, parser, response.error);
    auto const& message = parser.get();
    response.status = parser.is_header_done() ? static_cast<int>(message.result_int()) : 0;
    for (auto const& field : message) response.headers.emplace_back(field.name_string(), field.value());
    response.body = message.body();
    if (!response.error && !message.keep_alive()) close();
    return response;
  }
};

RawClient::RawClient(std::uint16_t port, std::string ca_pem, std::string host) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->host = std::move(host);
  if (!ca_pem.empty()) {
    impl_->tls.emplace(asio::ssl::context::tls_client);
    impl_->tls->add_certificate_authority(asio::buffer(ca_pem));
  }
}

RawClient::~RawClient() = default;

boost::system::error_code RawClient::connect() { return impl_->connect(); }

RawResponse RawClient::request(std::string const& method, std::string const& target, std::string const& body,
                               std::vector<std::pair<std::string, std::string>> const& headers) {
  if (!impl_->open()) {
    if (auto ec = impl_->connect()) return RawResponse{ec, 0, {}, {}};
  }
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, "127.0.0.1:" + std::to_string(impl_->port));
  for (auto const& [name, value] : headers) request.set(name, value);
  if (!body.empty() && request.find(http::field::content_type) == request.end()) {
    request.set(http::field::content_type, "application/json");
  }
  request.body() = body;
  request.prepare_payload();
  auto response = impl_->secure ? impl_->exchange(*impl_->secure, request) : impl_->exchange(*impl_->plain, request);
  if (response.error) impl_->close();
  return response;
}

RawResponse RawClient::authorized(std::string const& token, std::string const& method, std::string const& target,
                                  std::string const& body) {
  return request(method, target, body, {{"Authorization", "Bearer " + token}});
}

}  // namespace polycloud::sim::testing
