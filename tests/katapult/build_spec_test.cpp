// The build-from-spec request: the spec XML in the reference's element order, every text escaped (a
// name or a tag cannot add elements, nor authorize every key), the keys authorized by id, never all="yes".
#include "providers/katapult/build_spec.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;
namespace json = boost::json;

namespace {

providers::CallSite const site{"kat", "katapult", "create"};

CreateSpec keyed_spec() {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "small";
  spec.image = "templates/debian-12";
  spec.region = "london";
  return spec;
}

Aliases aliases() {
  Aliases a;
  a.size = {{"small", "rock-3"}};
  a.region = {{"london", "uk-lon-01"}};
  return a;
}

}  // namespace

TEST_CASE("katapult spec xml: the reference's element order - lookups by id or permalink - keys by id") {
  auto spec = keyed_spec();
  spec.tags = {{"web", ""}, {"role", "db"}};
  spec.provider_options["disk_template_options"] = json::array{json::object{{"key", "install_agent"}, {"value", "true"}}};
  auto const xml = spec_xml(spec, aliases(), {"key_AAA", "key_BBB"}, site);
  REQUIRE(xml.has_value());
  CHECK(*xml ==
        R"(<?xml version="1.0" encoding="UTF-8"?><VirtualMachineSpec>)"
        R"(<DataCenter by="permalink">uk-lon-01</DataCenter>)"
        R"(<Resources><Package by="permalink">rock-3</Package></Resources>)"
        R"(<DiskTemplate><DiskTemplate by="permalink">templates/debian-12</DiskTemplate>)"
        R"(<Option key="install_agent">true</Option></DiskTemplate>)"
        R"(<Hostname><Hostname>web-1</Hostname></Hostname>)"
        R"(<AuthorizedKeys><SSHKeys><SSHKey>key_AAA</SSHKey><SSHKey>key_BBB</SSHKey></SSHKeys></AuthorizedKeys>)"
        R"(<Tags><Tag>web</Tag></Tags>)"
        R"(</VirtualMachineSpec>)");
  // Ids stay ids; a zone wins over the region.
  spec.size = "vmpkg_XdNPhGXvyt1dnDts";
  spec.zone = "zone_Wb9Xjn3vKCcFvHmE";
  auto const by_id = spec_xml(spec, aliases(), {}, site).value();
  CHECK(by_id.find("<Zone>zone_Wb9Xjn3vKCcFvHmE</Zone><Resources><Package>vmpkg_XdNPhGXvyt1dnDts</Package>") !=
        std::string::npos);
  CHECK(by_id.find("DataCenter>") == std::string::npos);
  CHECK(by_id.find("AuthorizedKeys") == std::string::npos);
  CHECK(by_id.find("all=") == std::string::npos);
}

TEST_CASE("katapult spec xml: names - tags and options are escaped - no element can be injected") {
  auto spec = keyed_spec();
  spec.name = R"(a</Hostname></Hostname><AuthorizedKeys><SSHKeys all="yes"/></AuthorizedKeys><x y='1'>&)";
  spec.tags = {{"</Tag></Tags><Tags><Tag>x", ""}};
  spec.provider_options["disk_template_options"] = json::array{json::object{{"key", R"(k"><Option key="a)"}, {"value", "<v>"}}};
  auto const xml = spec_xml(spec, aliases(), {"key_<1>"}, site);
  REQUIRE(xml.has_value());
  CHECK(xml->find("all=\"") == std::string::npos);  // as text it stays: all=&quot;yes&quot;
  CHECK(xml->find("<Hostname><Hostname>a&lt;/Hostname&gt;&lt;/Hostname&gt;&lt;AuthorizedKeys&gt;") != std::string::npos);
  CHECK(xml->find("&lt;x y=&apos;1&apos;&gt;&amp;</Hostname>") != std::string::npos);
  CHECK(xml->find("<Tag>&lt;/Tag&gt;&lt;/Tags&gt;&lt;Tags&gt;&lt;Tag&gt;x</Tag>") != std::string::npos);
  CHECK(xml->find(R"(<Option key="k&quot;&gt;&lt;Option key=&quot;a">&lt;v&gt;</Option>)") != std::string::npos);
  CHECK(xml->find("<SSHKey>key_&lt;1&gt;</SSHKey>") != std::string::npos);
  // Exactly the elements a plain spec has.
  auto const count = [&](std::string const& element) {
    std::size_t found = 0;
    for (auto at = xml->find(element); at != std::string::npos; at = xml->find(element, at + 1)) ++found;
    return found;
  };
  CHECK(count("<Hostname>") == 2);
  CHECK(count("<AuthorizedKeys>") == 1);
  CHECK(count("<SSHKeys") == 1);
  CHECK(count("<Tags>") == 1);
  CHECK(count("<Tag>") == 1);
  CHECK(count("<Option ") == 1);
}

TEST_CASE("katapult spec xml: refused before sending - control characters - other provider options - no size") {
  auto spec = keyed_spec();
  spec.name = "web\x01";
  auto refused = spec_xml(spec, aliases(), {}, site);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK(refused.error().message.find("control character") != std::string::npos);
  spec = keyed_spec();
  spec.provider_options["network"] = json::object{{"id", "netw_1"}};
  refused = spec_xml(spec, aliases(), {}, site);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("provider option network") != std::string::npos);
  spec = keyed_spec();
  spec.size.clear();
  CHECK_FALSE(spec_xml(spec, aliases(), {}, site).has_value());
}

TEST_CASE("katapult build_from_spec body: organization - the xml - annotations from the tags with a value") {
  auto spec = keyed_spec();
  spec.tags = {{"web", ""}, {"role", "db"}};
  auto const body = build_from_spec_body(Organization{"sub_domain", "acme"}, "<VirtualMachineSpec/>", spec);
  CHECK(json::serialize(body) ==
        R"({"organization":{"sub_domain":"acme"},"xml":"<VirtualMachineSpec/>","annotations":[{"key":"role","value":"db"}]})");
  CHECK(tag_names(spec) == std::vector<std::string>{"web"});
  CHECK(build_from_spec_url(boost::urls::url("https://api.katapult.io/core/v1")).buffer() ==
        "https://api.katapult.io/core/v1/organizations/_/virtual_machines/build_from_spec");
}

TEST_CASE("katapult build_from_spec body: an idempotency key is the annotation polycloud-key - as in the plain build") {
  auto spec = keyed_spec();
  spec.tags = {{"role", "db"}};
  spec.idempotency_key = "deploy-7.db";
  auto const body = build_from_spec_body(Organization{"sub_domain", "acme"}, "<VirtualMachineSpec/>", spec);
  CHECK(body.at("annotations") ==
        json::parse(R"([{"key": "role", "value": "db"}, {"key": "polycloud-key", "value": "deploy-7.db"}])"));
  spec.tags.clear();
  auto const key_only = build_from_spec_body(Organization{"sub_domain", "acme"}, "<VirtualMachineSpec/>", spec);
  CHECK(key_only.at("annotations") == json::parse(R"([{"key": "polycloud-key", "value": "deploy-7.db"}])"));
}
