#include "providers/openscaler/vm_mapping.hpp"

#include "providers/openscaler/json_fields.hpp"
#include "providers/openscaler/state_table.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>

#include <algorithm>
#include <charconv>

namespace polycloud::openscaler {

namespace json = boost::json;
using namespace std::chrono;

namespace {

/// Reads exactly text[pos, pos+width) as a decimal number.
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& out) noexcept {
  if (pos + width > text.size()) return false;
  auto const* first = text.data() + pos;
  auto const* last = first + width;
  auto [end, ec] = std::from_chars(first, last, out);
  return ec == std::errc{} && end == last;
}

/// Parses "", "Z", "+hh:mm" or "-hh:mm" after the seconds; the offset east of UTC.
std::optional<seconds> parse_zone(std::string_view zone) noexcept {
  if (zone.empty() || zone == "Z" || zone == "z") return seconds{0};
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  int hours = 0, minutes = 0;
  if (!read_digits(zone, 1, 2, hours) || !read_digits(zone, 4, 2, minutes) || hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  seconds offset = hours * 1h + minutes * 1min;
  return zone[0] == '-' ? -offset : offset;
}

}  // namespace

std::optional<sys_seconds> parse_timestamp(std::string_view text) noexcept {
  // Fixed layout "YYYY-MM-DDTHH:MM:SS": 19 characters.
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (!read_digits(text, 0, 4, y) || !read_digits(text, 5, 2, mo) || !read_digits(text, 8, 2, d) ||
      !read_digits(text, 11, 2, h) || !read_digits(text, 14, 2, mi) || !read_digits(text, 17, 2, s)) {
    return std::nullopt;
  }
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;

  auto rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {  // fractional seconds: dropped, the model keeps seconds
    auto digits_end = std::min(rest.find_first_not_of("0123456789", 1), rest.size());
    if (digits_end == 1) return std::nullopt;  // a dot without digits
    rest = rest.substr(digits_end);
  }
  auto offset = parse_zone(rest);
  if (!offset) return std::nullopt;
  return sys_days{date} + hours{h} + minutes{mi} + seconds{s} - *offset;
}

std::optional<Address> parse_address(std::string_view text, Address::Visibility visibility) noexcept {
  if (boost::urls::parse_ipv4_address(text)) return Address{std::string(text), visibility, 4};
  if (boost::urls::parse_ipv6_address(text)) return Address{std::string(text), visibility, 6};
  return std::nullopt;
}

namespace {

void read_address(FieldReader& network, std::string_view key, Address::Visibility visibility,
                  std::vector<Address>& out) {
  auto text = network.string(key);
  if (!text || text->empty()) return;  // no address of this kind
  if (auto address = parse_address(*text, visibility)) {
    out.push_back(std::move(*address));
  } else {
    network.fail(key, "not an IP address: '" + *text + "'");
  }
}

/// The network part (`only=network`): public_ip and private_ip become addresses.
std::string read_network(FieldReader& vm, std::vector<Address>& out) {
  auto const* network = vm.object("network");
  if (network == nullptr) return {};
  FieldReader fields(*network, vm.path_of("network"));
  read_address(fields, "public_ip", Address::Visibility::public_, out);
  read_address(fields, "private_ip", Address::Visibility::private_, out);
  return fields.problem();
}

/// The id is an integer on every page; a string is accepted so a future change does not break us.
std::optional<std::string> read_id(json::object const& vm) {
  auto const* id = vm.if_contains("id");
  if (id == nullptr) return std::nullopt;
  if (id->is_int64() || id->is_uint64()) return json::serialize(*id);
  if (auto const* text = id->if_string(); text && !text->empty()) return std::string(*text);
  return std::nullopt;
}

Error mapping_error(CallSite const& site, std::string message) {
  return protocol_error(site, "unexpected VM object: " + message);
}

}  // namespace

Result<Instance> to_instance(json::object&& vm, CallSite const& site, std::string const& path) {
  Instance instance;
  instance.provider = site.provider;
  instance.provider_type = std::string(type_name);

  auto id = read_id(vm);
  if (!id) {
    return mapping_error(site, (path.empty() ? "" : path + ".") + "id: missing, or not an integer or string");
  }
  instance.id = std::move(*id);

  FieldReader fields(vm, path);
  instance.name = fields.string("name").value_or("");
  if (auto state = fields.string("state")) {
    instance.state = map_state(*state);
    instance.raw_state = std::move(*state);
  }
  instance.region = fields.string("region").value_or("");
  instance.size = fields.string("size").value_or("");
  instance.image = fields.string("distro").value_or("");
  if (auto vcpus = fields.integer("vcpus")) instance.vcpus = static_cast<int>(*vcpus);
  instance.memory_mib = fields.integer("memoryMB");
  instance.disk_gb = fields.integer("storageGB");
  if (auto created = fields.string("created_at")) {
    instance.created_at = parse_timestamp(*created);
    if (!instance.created_at) fields.fail("created_at", "not a timestamp: '" + *created + "'");
  }
  // Prices are not part of the neutral model; they are checked so the raw object is what we expect.
  fields.number("price_hourly");
  fields.number("price_monthly");

  auto network_problem = read_network(fields, instance.addresses);
  if (!fields.problem().empty()) return mapping_error(site, fields.problem());
  if (!network_problem.empty()) return mapping_error(site, network_problem);

  instance.raw = std::move(vm);
  return instance;
}

Result<Instance> to_instance(json::value&& vm, CallSite const& site) {
  if (auto* object = vm.if_object()) return to_instance(std::move(*object), site);
  return protocol_error(site, "expected a VM object, got " + std::string(json_kind_name(vm)));
}

Result<std::vector<Instance>> instances_from_list(json::value&& body, CallSite const& site) {
  auto* object = body.if_object();
  auto* vms = object ? object->if_contains("vms") : nullptr;
  if (vms == nullptr || !vms->is_array()) {
    return protocol_error(site, "expected an object with a \"vms\" array");
  }
  auto& array = vms->get_array();
  std::vector<Instance> instances;
  instances.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    auto path = "vms[" + std::to_string(i) + "]";
    auto* vm = array[i].if_object();
    if (vm == nullptr) return protocol_error(site, path + ": expected a VM object");
    auto instance = to_instance(std::move(*vm), site, path);
    if (!instance) return instance.error();
    instances.push_back(std::move(*instance));
  }
  return instances;
}

}  // namespace polycloud::openscaler
