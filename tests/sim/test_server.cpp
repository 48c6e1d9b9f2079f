// The simulator core, driven with raw HTTP: transport modes, keep-alive, stats, latency, every fault kind.
#include "raw_client.hpp"
#include "sim/server.hpp"
#include "sim/temp_dir.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <chrono>

namespace {

using polycloud::sim::Reply;
using polycloud::sim::Server;
using polycloud::sim::ServerOptions;
using polycloud::sim::SimRequest;
using polycloud::sim::testing::RawClient;
using polycloud::sim::testing::RawResponse;
namespace json = boost::json;

// A provider-neutral API: /json answers a JSON document, /events an event stream of three events.
class EchoApi final : public polycloud::sim::Api {
 public:
  std::string_view provider() const noexcept override { return "echo"; }
  Reply handle(SimRequest const& request) override {
    if (request.path() == "/events") {
      Reply reply;
      reply.event_stream = true;
      reply.events = {{"progress", R"({"progress": 50.0})"}, {"progress", R"({"progress": 90.0})"}, {"200", "{}"}};
      return reply;
    }
    return Reply::json(200, json::serialize(json::object{{"path", request.path()}, {"padding", std::string(400, 'x')}}));
  }
  std::string error_body(int status, std::string_view, std::string_view message) const override {
    return json::serialize(json::object{{"status", status}, {"message", message}});
  }
};

std::unique_ptr<Server> start_echo(bool tls = false) {
  ServerOptions options;
  options.tls = tls;
  return Server::start(std::make_shared<EchoApi>(), options);
}

void queue(Server& server, std::string const& spec) {
  RawClient control(server.port(), server.tls() ? server.ca_pem() : std::string{});
  auto const response = control.request("POST", "/__sim/faults", spec);
  REQUIRE(response.status == 201);
}

std::string expected_json_body(std::string const& path) {
  return json::serialize(json::object{{"path", path}, {"padding", std::string(400, 'x')}});
}

template <class F>
std::chrono::milliseconds timed(F&& f) {
  auto const start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_CASE("plain HTTP: keep-alive reuses one connection and stats count routes and credentials") {
  auto server = start_echo();
  CHECK(server->origin() == "http://127.0.0.1:" + std::to_string(server->port()));
  CHECK(server->ca_file().empty());
  RawClient client(server->port());
  for (int i = 0; i < 3; ++i) {
    auto const response = client.request("GET", "/json?x=" + std::to_string(i), "", {{"Authorization", "Bearer t1"}});
    CHECK(response.status == 200);
    CHECK(response.body == expected_json_body("/json"));
  }
  client.request("GET", "/other", "", {{"X-Api-Key", "kid:secret"}});
  auto const stats = server->stats().snapshot();
  CHECK(stats.connections_accepted == 1);
  CHECK(stats.tls_handshakes == 0);
  CHECK(stats.requests_for("GET /json") == 3);
  CHECK(stats.requests_for("GET /other") == 1);
  CHECK(stats.requests_total == 4);
  auto const& seen = stats.credentials.at(server->origin());
  CHECK(seen.at("Bearer t1") == 3);
  CHECK(seen.at("kid:secret") == 1);

  auto const over_http = json::parse(client.request("GET", "/__sim/stats").body);
  CHECK(over_http.at("requests").at("GET /json").as_int64() == 3);
  CHECK(over_http.at("credentials").at(server->origin()).at("Bearer t1").as_int64() == 3);
  CHECK(client.request("DELETE", "/__sim/stats").status == 204);
  CHECK(server->stats().snapshot().requests_total == 0);
}

TEST_CASE("HTTPS: the CA file verifies the server, one handshake serves many requests") {
  auto server = start_echo(true);
  CHECK(server->origin().starts_with("https://127.0.0.1:"));
  REQUIRE_FALSE(server->ca_file().empty());
  CHECK(std::filesystem::exists(server->ca_file()));
  RawClient client(server->port(), server->ca_pem());
  CHECK(client.request("GET", "/json").status == 200);
  CHECK(client.request("GET", "/json").status == 200);
  CHECK(server->stats().snapshot().tls_handshakes == 1);
  CHECK(server->stats().snapshot().connections_accepted == 1);

  auto const other_ca = polycloud::sim::generate_certificates({"localhost"}, {"127.0.0.1"}).ca_pem;
  RawClient untrusting(server->port(), other_ca);
  CHECK(untrusting.connect());

  std::string const ca_path = server->ca_file();
  server->stop();
  CHECK_FALSE(std::filesystem::exists(ca_path));  // a temp CA file is cleaned up
}

TEST_CASE("HTTPS with a wrong-hostname leaf fails hostname verification") {
  ServerOptions options;
  options.certificates = std::make_shared<polycloud::sim::GeneratedCertificates const>(
      polycloud::sim::generate_certificates({"wrong.example"}, {}));
  polycloud::sim::TempDir const dir("polycloud-sim-test-");
  options.ca_file = dir.path() / "ca.pem";
  auto server = Server::start(std::make_shared<EchoApi>(), options);
  CHECK(server->ca_file() == options.ca_file.string());
  RawClient client(server->port(), server->ca_pem());
  CHECK(client.connect());
  RawClient right_name(server->port(), server->ca_pem(), "wrong.example");
  CHECK_FALSE(right_name.connect());
  server->stop();
  CHECK(std::filesystem::exists(options.ca_file));  // a CA file the caller placed is the caller's
}

TEST_CASE("status faults carry the provider's error body, with or without Retry-After") {
  auto server = start_echo();
  queue(*server, R"({"fault":"status","method":"GET","path":"/json","status":503,"retry_after":2,"message":"busy"})");
  queue(*server, R"({"fault":"status","path":"/json","status":429})");
  RawClient client(server->port());
  auto const first = client.request("GET", "/json");
  CHECK(first.status == 503);
  CHECK(first.header("Retry-After") == "2");
  CHECK(json::parse(first.body) == json::parse(R"({"status":503,"message":"busy"})"));
  auto const second = client.request("GET", "/json");
  CHECK(second.status == 429);
  CHECK(second.header("Retry-After").empty());
  CHECK(client.request("GET", "/json").status == 200);  // queue drained

  auto const report = json::parse(client.request("GET", "/__sim/faults").body);
  CHECK(report.at("pending").as_array().empty());
  auto const& consumed = report.at("consumed").as_array();
  REQUIRE(consumed.size() == 2);
  CHECK(consumed[0].at("fault") == "status");
  CHECK(consumed[0].at("request") == "GET /json");
  CHECK(consumed[0].at("retry_after") == "2");
}

TEST_CASE("faults match method and path glob, and count applies them to several requests") {
  auto server = start_echo();
  queue(*server, R"({"fault":"status","method":"POST","path":"/json","status":500})");
  queue(*server, R"({"fault":"status","path":"/v1/*/actions","status":408,"count":2})");
  RawClient client(server->port());
  CHECK(client.request("GET", "/json").status == 200);
  CHECK(client.request("POST", "/v1/vms/8/actions", "{}").status == 408);
  CHECK(client.request("POST", "/v1/vms/9/actions", "{}").status == 408);
  CHECK(client.request("POST", "/v1/vms/9/actions", "{}").status == 200);
  CHECK(client.request("POST", "/json", "{}").status == 500);
  CHECK(server->faults().pending().empty());
  CHECK(server->faults().consumed().size() == 3);
  CHECK(client.request("DELETE", "/__sim/faults").status == 204);
  CHECK(server->faults().consumed().empty());
}

TEST_CASE("the control endpoint rejects malformed fault specs") {
  auto server = start_echo();
  RawClient client(server->port());
  CHECK(client.request("POST", "/__sim/faults", R"({"fault":"explode"})").status == 400);
  CHECK(client.request("POST", "/__sim/faults", R"({"fault":"status","status":"x"})").status == 400);
  CHECK(client.request("POST", "/__sim/faults", "not json").status == 400);
  CHECK(client.request("POST", "/__sim/faults", R"({"fault":"stall","count":0})").status == 400);
  CHECK(client.request("GET", "/__sim/nothing").status == 404);
  auto const queued = client.request("POST", "/__sim/faults",
                                     R"({"faults":[{"fault":"stall"},{"fault":"drip","duration_ms":0}]})");
  CHECK(queued.status == 201);
  CHECK(server->faults().pending().size() == 2);
}

TEST_CASE("connection faults: reset before the response, reset mid-body, truncated body") {
  auto server = start_echo();
  RawClient client(server->port());
  std::string const full = expected_json_body("/json");

  queue(*server, R"({"fault":"reset_before_response"})");
  auto const reset = client.request("GET", "/json");
  CHECK(reset.error);
  CHECK(reset.status == 0);

  queue(*server, R"({"fault":"reset_mid_body"})");
  auto const mid = client.request("GET", "/json");
  CHECK(mid.error);
  CHECK(mid.status == 200);
  CHECK(mid.body.size() < full.size());

  queue(*server, R"({"fault":"truncated_body"})");
  auto const truncated = client.request("GET", "/json");
  CHECK(truncated.error);
  CHECK(std::stoul(truncated.header("Content-Length")) > full.size());
  CHECK(truncated.body == full);

  CHECK(client.request("GET", "/json").body == full);  // a fresh connection works again
  // Four for the client (each fault closed its connection), three for the control client in queue().
  CHECK(server->stats().snapshot().connections_accepted == 7);
}

TEST_CASE("body faults: malformed JSON, HTML error page, wrong content type") {
  auto server = start_echo();
  RawClient client(server->port());
  queue(*server, R"({"fault":"malformed_json"})");
  auto const malformed = client.request("GET", "/json");
  CHECK(malformed.status == 200);
  CHECK(malformed.header("Content-Type") == "application/json");
  boost::system::error_code ec;
  json::parse(malformed.body, ec);
  CHECK(ec);

  queue(*server, R"({"fault":"html_error","retry_after":"5"})");
  auto const html = client.request("GET", "/json");
  CHECK(html.status == 502);
  CHECK(html.header("Content-Type") == "text/html");
  CHECK(html.header("Retry-After") == "5");
  CHECK(html.body.starts_with("<html>"));

  queue(*server, R"({"fault":"wrong_content_type","content_type":"text/plain"})");
  auto const wrong = client.request("GET", "/json");
  CHECK(wrong.status == 200);
  CHECK(wrong.header("Content-Type") == "text/plain");
  CHECK(wrong.body == expected_json_body("/json"));
}

TEST_CASE("timing faults: stall, drip, latency (lower bounds only)") {
  auto server = start_echo(true);
  RawClient client(server->port(), server->ca_pem());
  queue(*server, R"({"fault":"stall","duration_ms":150})");
  RawResponse stalled;
  CHECK(timed([&] { stalled = client.request("GET", "/json"); }) >= std::chrono::milliseconds(150));
  CHECK(stalled.status == 200);

  queue(*server, R"({"fault":"drip","drip_bytes":7,"duration_ms":0})");
  auto const dripped = client.request("GET", "/json");
  CHECK(dripped.status == 200);
  CHECK(dripped.body == expected_json_body("/json"));

  queue(*server, R"({"fault":"drip","path":"/events","drip_bytes":5})");
  auto const dripped_events = client.request("GET", "/events");
  CHECK(dripped_events.body.ends_with("event: 200\ndata: {}\n\n"));

  server->set_latency(std::chrono::milliseconds(80));
  CHECK(timed([&] { client.request("GET", "/json"); }) >= std::chrono::milliseconds(80));
  CHECK(client.request("POST", "/__sim/latency", R"({"fixed_ms":0,"jitter_ms":20})").status == 204);
  CHECK(client.request("GET", "/json").status == 200);
}

TEST_CASE("event-stream faults: cut before the final event, final error event") {
  auto server = start_echo();
  RawClient client(server->port());
  auto const normal = client.request("GET", "/events");
  CHECK(normal.header("Content-Type") == "text/event-stream");
  CHECK(normal.header("Transfer-Encoding") == "chunked");
  CHECK(normal.body == "event: progress\ndata: {\"progress\": 50.0}\n\nevent: progress\ndata: {\"progress\": 90.0}\n\n"
                       "event: 200\ndata: {}\n\n");

  queue(*server, R"({"fault":"sse_cut","path":"/events"})");
  auto const cut = client.request("GET", "/events");
  CHECK(cut.error);
  CHECK(cut.body.find("event: progress") != std::string::npos);
  CHECK(cut.body.find("event: 200") == std::string::npos);

  queue(*server, R"({"fault":"sse_final_error","path":"/events","status":400,"message":"bad size"})");
  auto const failed = client.request("GET", "/events");
  CHECK_FALSE(failed.error);
  CHECK(failed.body.ends_with("event: 400\ndata: {\"status\":400,\"message\":\"bad size\"}\n\n"));

  queue(*server, R"({"fault":"sse_final_error","path":"/events"})");
  CHECK(client.request("GET", "/events").body.find("event: 500\n") != std::string::npos);
}

TEST_CASE("the foreign origin records every credential it receives, and stop() ends idle connections") {
  ServerOptions plain;
  plain.tls = false;
  auto foreign = polycloud::sim::start_foreign_origin(plain);
  RawClient client(foreign->port());
  CHECK(client.request("GET", "/v1/instances?marker=x", "", {{"Authorization", "Bearer leaked"}}).status == 200);
  CHECK(client.request("GET", "/anything").status == 200);
  auto const stats = foreign->stats().snapshot();
  CHECK(stats.credentials.at(foreign->origin()).at("Bearer leaked") == 1);
  CHECK(stats.credentials.at(foreign->origin()).size() == 1);
  foreign->stop();  // the client's connection is still open: must not hang
  CHECK(client.request("GET", "/anything").error);
}
