// The Katapult simulator's routes for building with a spec (katapult-api.md §4, §4a, §5), driven with
// raw HTTP: organization SSH keys listed and added (both fingerprint forms), build_from_spec refusing
// XML that is not well-formed (invalid_spec_xml) and unknown references (validation_error), and
// recording what it received (GET /__sim/received); only existing tags apply, PATCH tag_names creates.
#include "raw_client.hpp"
#include "sim/katapult/katapult.hpp"
#include "sim/server.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace {

using polycloud::sim::KatapultApi;
using polycloud::sim::KatapultOptions;
using polycloud::sim::Server;
using polycloud::sim::ServerOptions;
using polycloud::sim::testing::RawClient;
using polycloud::sim::testing::RawResponse;
namespace json = boost::json;

constexpr char const* kKeys = "/core/v1/organizations/_/ssh_keys";
constexpr char const* kSpecBuild = "/core/v1/organizations/_/virtual_machines/build_from_spec";
// Made by ssh-keygen for these tests; the fingerprints are what `ssh-keygen -lf` (-E md5) printed.
constexpr char const* kKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZ8tlAqybv9p5brzVjLsx/s+2CLNfWpu0819Ukgumbz ops@polycloud";
constexpr char const* kSha256 = "SHA256:wZ+axeVItlNWNxgVAkYQsAzLT3iIzLJQFHTfMWDcS1o";
constexpr char const* kMd5 = "b3:1f:79:59:f6:ac:8c:56:d9:b2:a8:36:9c:ab:cd:b0";

struct SpecSim {
  std::unique_ptr<Server> server;
  std::unique_ptr<RawClient> client;

  explicit SpecSim(KatapultOptions options = {}) {
    ServerOptions plain;
    plain.tls = false;
    server = Server::start(std::make_shared<KatapultApi>(std::move(options)), plain);
    client = std::make_unique<RawClient>(server->port());
  }
  RawResponse call(std::string const& method, std::string const& target, json::object const& body = {}) {
    return client->authorized("katapult-sim-token", method, target, body.empty() ? "" : json::serialize(body));
  }
  json::value answer(RawResponse const& response, int status) {
    INFO(response.body);
    REQUIRE(response.status == status);
    return json::parse(response.body);
  }
  json::object add_key(std::string const& name, std::string const& key) {
    return {{"organization", {{"sub_domain", "polycloud-sim"}}}, {"ssh_key", {{"name", name}, {"key", key}}}};
  }
  RawResponse build(std::string const& xml) {
    return call("POST", kSpecBuild, {{"organization", {{"sub_domain", "polycloud-sim"}}}, {"xml", xml}});
  }
  json::array received() {
    auto const response = client->request("GET", "/__sim/received");
    return answer(response, 200).at("builds_from_spec").as_array();
  }
};

std::string spec(std::string const& inside) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><VirtualMachineSpec>)" + inside + "</VirtualMachineSpec>";
}

/// The error object's code and its detail.errors.
std::pair<std::string, json::value> error_of(json::value const& body) {
  auto const& error = body.at("error").as_object();
  return {std::string(error.at("code").as_string()), error.at("detail").at("errors")};
}

}  // namespace

TEST_CASE("katapult sim ssh keys: added once - listed with GK's SHA256 form or the CLI's MD5 form") {
  for (bool const md5 : {false, true}) {
    CAPTURE(md5);
    KatapultOptions options;
    options.md5_fingerprints = md5;
    SpecSim sim(options);
    auto const added = sim.answer(sim.call("POST", kKeys, sim.add_key("laptop", kKey)), 201).at("ssh_key");
    CHECK(added.at("name") == "laptop");
    CHECK(added.at("fingerprint") == (md5 ? json::string(kMd5) : json::string(std::string(kSha256) + " ops@polycloud")));
    // The same key again: one copy per organization.
    auto const again = sim.answer(sim.call("POST", kKeys, sim.add_key("again", kKey)), 422);
    CHECK(error_of(again).first == "validation_error");
    auto const listed = sim.answer(sim.call("GET", std::string(kKeys) + "?organization%5Bsub_domain%5D=polycloud-sim"), 200);
    REQUIRE(listed.at("ssh_keys").as_array().size() == 1);
    CHECK(listed.at("ssh_keys").at(0).at("id") == added.at("id"));
    CHECK(listed.at("pagination").at("total") == 1);
  }
}

TEST_CASE("katapult sim ssh keys: a key that is not a public key - or no name - is a validation_error") {
  SpecSim sim;
  for (auto const& entry : std::vector<std::pair<std::string, std::string>>{
           {"x", "ssh-ed25519 AAAA"}, {"x", "not a key"}, {"", kKey}}) {  // no structured binding under CAPTURE (clang 14)
    CAPTURE(entry.second);
    auto const refused = sim.answer(sim.call("POST", kKeys, sim.add_key(entry.first, entry.second)), 422);
    CHECK(error_of(refused).first == "validation_error");
  }
  // The organization is required, as on every organization route.
  auto const missing = sim.call("POST", kKeys, {{"ssh_key", {{"name", "x"}, {"key", kKey}}}});
  CHECK(missing.status == 400);
}

TEST_CASE("katapult sim build_from_spec: XML that is not well-formed is invalid_spec_xml - its position in detail") {
  SpecSim sim;
  for (std::string const& xml : {std::string("<VirtualMachineSpec><Resources></VirtualMachineSpec>"),
                                 std::string("<VirtualMachineSpec>"), std::string("not xml at all <")}) {
    CAPTURE(xml);
    auto const refused = sim.answer(sim.build(xml), 400);
    auto const [code, errors] = error_of(refused);
    CHECK(code == "invalid_spec_xml");
    REQUIRE(errors.is_string());  // a string for this code, a list for validation_error (katapult-api.md §0)
    CHECK(std::string(errors.as_string()).starts_with("line 1, column "));
  }
  CHECK(sim.received().empty());
}

TEST_CASE("katapult sim build_from_spec: unknown package - zone or SSH key is a validation_error naming each") {
  SpecSim sim;
  auto const refused = sim.answer(
      sim.build(spec(R"(<DataCenter by="permalink">nowhere</DataCenter><Resources><Package by="permalink">rock-999</Package>)"
                     R"(</Resources><Hostname><Hostname>web-1</Hostname></Hostname>)"
                     R"(<AuthorizedKeys><SSHKeys><SSHKey>key_unknown</SSHKey></SSHKeys></AuthorizedKeys>)")),
      422);
  auto const [code, errors] = error_of(refused);
  CHECK(code == "validation_error");
  auto const text = json::serialize(errors);
  CHECK(text.find("rock-999") != std::string::npos);
  CHECK(text.find("zone or data center") != std::string::npos);
  CHECK(text.find("key_unknown") != std::string::npos);
  // A package is required, and `by` takes only the documented values.
  auto const bare = sim.answer(sim.build(spec(R"(<Resources><Package by="name">Rock-3</Package></Resources>)")), 422);
  CHECK(json::serialize(error_of(bare).second).find("cannot be looked up by \\\"name\\\"") != std::string::npos);
  CHECK(sim.received().empty());
}

TEST_CASE("katapult sim build_from_spec: builds - records the key it authorized - applies only existing tags") {
  SpecSim sim;
  auto const key_id = sim.answer(sim.call("POST", kKeys, sim.add_key("laptop", kKey)), 201).at("ssh_key").at("id");
  std::string const xml =
      spec(R"(<DataCenter by="permalink">uk-lon-01</DataCenter><Resources><Package by="permalink">rock-3</Package>)"
           R"(</Resources><Hostname><Hostname>keyed-1</Hostname></Hostname><AuthorizedKeys><SSHKeys><SSHKey>)" +
           std::string(key_id.as_string()) +
           R"(</SSHKey></SSHKeys></AuthorizedKeys><Tags><Tag>production</Tag><Tag>brand-new</Tag></Tags>)");
  auto const built = sim.answer(sim.build(xml), 201);
  CHECK(built.at("hostname") == "keyed-1");
  auto const received = sim.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].at("xml").as_string() == xml);
  CHECK(received[0].at("ssh_keys") == json::array{json::object{{"id", key_id}, {"key", kKey}}});
  CHECK(received[0].at("tags") == json::array{"production", "brand-new"});

  // "production" exists in the organization; "brand-new" does not, so the build left it out.
  auto const fqdn = "keyed-1.polycloud-sim.kpult.cloud";
  auto vm = sim.answer(sim.call("GET", std::string("/core/v1/virtual_machines/_?virtual_machine%5Bfqdn%5D=") + fqdn), 200);
  CHECK(vm.at("virtual_machine").at("tag_names") == json::array{"production"});
  auto const id = vm.at("virtual_machine").at("id");
  // PATCH tag_names replaces the set, creating the tag it lacks.
  auto const patched = sim.answer(sim.call("PATCH", "/core/v1/virtual_machines/_",
                                           {{"virtual_machine", {{"id", id}}},
                                            {"properties", {{"tag_names", json::array{"production", "brand-new"}}}}}),
                                  200);
  CHECK(patched.at("virtual_machine").at("tag_names") == json::array{"production", "brand-new"});
  vm = sim.answer(sim.call("GET", std::string("/core/v1/virtual_machines/_?virtual_machine%5Bid%5D=") +
                                      std::string(id.as_string())),
                  200);
  CHECK(vm.at("virtual_machine").at("tag_names") == json::array{"production", "brand-new"});
}
