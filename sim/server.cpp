#include "sim/server.hpp"

#include "sim/session.hpp"
#include "sim/temp_dir.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <optional>
#include <future>
#include <thread>

namespace polycloud::sim {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void write_file(std::filesystem::path const& path, std::string const& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

class ForeignOrigin final : public Api {
 public:
  std::string_view provider() const noexcept override { return "foreign"; }
  Reply handle(SimRequest const&) override { return Reply::json(200, "{}"); }
  std::string error_body(int, std::string_view, std::string_view message) const override {
    return boost::json::serialize(boost::json::object{{"message", message}});
  }
};

}  // namespace

struct Server::Impl {
  std::shared_ptr<Api> api;
  ServerOptions options;
  detail::ServerState state;
  // Declared before io: io's destructor destroys suspended sessions, which still use the context.
  asio::ssl::context tls_context{asio::ssl::context::tls_server};
  // Optional so stop() can destroy them: destroying io destroys the suspended sessions, closing their
  // sockets, so a client still connected sees EOF at once rather than a silent peer.
  std::optional<asio::io_context> io{std::in_place, 1};
  std::optional<tcp::acceptor> acceptor{std::in_place, *io};
  std::uint16_t port = 0;
  std::thread thread;
  std::string ca_pem;
  std::filesystem::path ca_path;
  std::optional<TempDir> owned_dir;  // when we chose where the CA goes; removed by stop()
  bool stopped = false;

  Impl(std::shared_ptr<Api> a, ServerOptions o) : api(std::move(a)), options(std::move(o)), state(*api, options.seed) {}

  void configure_tls() {
    auto certificates = options.certificates;
    if (!certificates) {
      certificates = std::make_shared<GeneratedCertificates const>(
          generate_certificates({"localhost"}, {"127.0.0.1", "::1"}));
    }
    tls_context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
    tls_context.use_certificate_chain(asio::buffer(certificates->server_cert_pem));
    tls_context.use_private_key(asio::buffer(certificates->server_key_pem), asio::ssl::context::pem);
    ca_pem = certificates->ca_pem;
    ca_path = options.ca_file;
    if (ca_path.empty()) {
      owned_dir.emplace("polycloud-sim-");
      ca_path = owned_dir->path() / "ca.pem";
    }
    write_file(ca_path, ca_pem);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      if (ec) continue;  // e.g. EMFILE under a benchmark: keep serving the connections we have
      asio::co_spawn(*io, detail::serve_connection(std::move(socket), options.tls ? &tls_context : nullptr, state),
                     asio::detached);
    }
  }
};

std::unique_ptr<Server> Server::start(std::shared_ptr<Api> api, ServerOptions options) {
  auto impl = std::make_unique<Impl>(std::move(api), std::move(options));
  if (impl->options.tls) impl->configure_tls();
  tcp::endpoint const endpoint(asio::ip::address_v4::loopback(), impl->options.port);
  impl->acceptor->open(endpoint.protocol());
  impl->acceptor->set_option(tcp::acceptor::reuse_address(true));
  impl->acceptor->bind(endpoint);
  impl->acceptor->listen(asio::socket_base::max_listen_connections);
  impl->state.latency_ms = impl->options.latency.count();
  impl->state.jitter_ms = impl->options.latency_jitter.count();
  impl->port = impl->acceptor->local_endpoint().port();
  impl->state.origin =
      std::string(impl->options.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl->port);
  asio::co_spawn(*impl->io, impl->accept_loop(), asio::detached);
  impl->thread = std::thread([io = &*impl->io] { io->run(); });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

void Server::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  asio::post(*impl_->io, [impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor->close(ignored);
    impl->io->stop();
  });
  impl_->thread.join();
  impl_->acceptor.reset();
  impl_->io.reset();
  impl_->owned_dir.reset();
}

std::uint16_t Server::port() const noexcept { return impl_->port; }

bool Server::tls() const noexcept { return impl_->options.tls; }
std::string const& Server::origin() const noexcept { return impl_->state.origin; }
std::string Server::ca_file() const { return impl_->ca_path.string(); }
std::string const& Server::ca_pem() const noexcept { return impl_->ca_pem; }
FaultQueue& Server::faults() noexcept { return impl_->state.faults; }
Stats& Server::stats() noexcept { return impl_->state.stats; }
Api& Server::api() noexcept { return *impl_->api; }

boost::json::value Server::received() {
  // On the server's thread, where the API takes its requests: no lock is needed, and none is shared.
  std::promise<boost::json::value> answer;
  asio::post(*impl_->io, [&] { answer.set_value(impl_->api->received()); });
  return answer.get_future().get();
}

void Server::set_latency(std::chrono::milliseconds fixed, std::chrono::milliseconds jitter) {
  impl_->state.latency_ms = fixed.count();
  impl_->state.jitter_ms = jitter.count();
}

std::unique_ptr<Server> start_foreign_origin(ServerOptions options) {
  return Server::start(std::make_shared<ForeignOrigin>(), std::move(options));
}

}  // namespace polycloud::sim
