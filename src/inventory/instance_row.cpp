#include "inventory/instance_row.hpp"

#include <polycloud/snapshot.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace polycloud::inventory {

char const* const insert_instance_sql =
    "INSERT INTO instances (observed_at, provider, id, type, name, state, raw_state, region, zone, size, vcpus, "
    "memory_mb, disk_gb, image, public_ips, private_ips, created_at, tags, raw) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

char const* const instance_columns =
    "provider, id, type, name, state, raw_state, region, zone, size, vcpus, memory_mb, disk_gb, image, public_ips, "
    "private_ips, created_at, tags, raw";

namespace {

/// A JSON array of strings, written without a DOM (an export writes a million of them).
void append_json_string(std::string& out, std::string_view text) {
  out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
}

std::string ips_json(Instance const& instance, Address::Visibility visibility) {
  std::string out = "[";
  for (auto const& address : instance.addresses) {
    if (address.visibility != visibility) continue;
    if (out.size() > 1) out += ',';
    append_json_string(out, address.ip);
  }
  return out += ']';
}

std::string tags_json(Instance const& instance) {
  std::string out = "{";
  for (auto const& [key, value] : instance.tags) {
    if (out.size() > 1) out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  }
  return out += '}';
}

template <class Int>
void bind_optional(Statement& statement, int index, std::optional<Int> const& value) {
  if (value)
    statement.bind(index, static_cast<std::int64_t>(*value));
  else
    statement.bind_null(index);
}

}  // namespace

void bind_instance(Statement& insert, std::string_view observed_at, Instance const& instance, bool with_raw) {
  insert.bind(1, observed_at);
  insert.bind(2, instance.provider);
  insert.bind(3, instance.id);
  insert.bind(4, instance.provider_type);
  insert.bind_text_or_null(5, instance.name);
  insert.bind(6, to_string(instance.state));
  insert.bind_text_or_null(7, instance.raw_state);
  insert.bind_text_or_null(8, instance.region);
  insert.bind_text_or_null(9, instance.zone);
  insert.bind_text_or_null(10, instance.size);
  bind_optional(insert, 11, instance.vcpus);
  bind_optional(insert, 12, instance.memory_mib);
  bind_optional(insert, 13, instance.disk_gb);
  insert.bind_text_or_null(14, instance.image);
  insert.bind(15, ips_json(instance, Address::Visibility::public_));
  insert.bind(16, ips_json(instance, Address::Visibility::private_));
  if (instance.created_at)
    insert.bind(17, format_rfc3339(*instance.created_at));
  else
    insert.bind_null(17);
  insert.bind(18, tags_json(instance));
  if (with_raw)
    insert.bind(19, boost::json::serialize(instance.raw));
  else
    insert.bind_null(19);
}

namespace {

Result<boost::json::value> json_column(Statement const& row, int column, Database const& db) {
  boost::system::error_code ec;
  auto value = boost::json::parse(row.text(column), ec);
  if (ec) return db.error(ErrorKind::config, " is damaged: a column holds no JSON (" + ec.message() + ")");
  return value;
}

Result<void> add_addresses(Instance& instance, boost::json::value const& ips, Address::Visibility visibility,
                           Database const& db) {
  if (!ips.is_array()) return db.error(ErrorKind::config, " is damaged: an address list is not a JSON array");
  for (auto const& ip : ips.get_array()) {
    if (!ip.is_string()) return db.error(ErrorKind::config, " is damaged: an address is not a string");
    std::string text(ip.get_string());
    int const version = text.find(':') == std::string::npos ? 4 : 6;
    instance.addresses.push_back({std::move(text), visibility, version});
  }
  return {};
}

std::string text_or_empty(Statement const& row, int column) { return std::string(row.text(column)); }

}  // namespace

Result<Instance> read_instance(Statement const& row, Database const& db) {
  Instance instance;
  instance.provider = text_or_empty(row, 0);
  instance.id = text_or_empty(row, 1);
  instance.provider_type = text_or_empty(row, 2);
  instance.name = text_or_empty(row, 3);
  instance.state = parse_state(row.text(4)).value_or(State::unknown);
  instance.raw_state = text_or_empty(row, 5);
  instance.region = text_or_empty(row, 6);
  instance.zone = text_or_empty(row, 7);
  instance.size = text_or_empty(row, 8);
  if (!row.is_null(9)) instance.vcpus = static_cast<int>(row.integer(9));
  if (!row.is_null(10)) instance.memory_mib = row.integer(10);
  if (!row.is_null(11)) instance.disk_gb = row.integer(11);
  instance.image = text_or_empty(row, 12);
  for (auto [column, visibility] : {std::pair{13, Address::Visibility::public_}, std::pair{14, Address::Visibility::private_}}) {
    auto ips = json_column(row, column, db);
    if (!ips) return ips.error();
    if (auto added = add_addresses(instance, *ips, visibility, db); !added) return added.error();
  }
  if (!row.is_null(15)) {
    auto const created = parse_snapshot_time(row.text(15));
    if (!created) return db.error(ErrorKind::config, " is damaged: created_at is not an RFC 3339 UTC time");
    instance.created_at = *created;
  }
  auto tags = json_column(row, 16, db);
  if (!tags) return tags.error();
  if (!tags->is_object()) return db.error(ErrorKind::config, " is damaged: tags are not a JSON object");
  for (auto const& [key, value] : tags->get_object())
    instance.tags[std::string(key)] = value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value);
  if (!row.is_null(17)) {
    auto raw = json_column(row, 17, db);
    if (!raw) return raw.error();
    if (raw->is_object()) instance.raw = std::move(raw->get_object());
  }
  return instance;
}

}  // namespace polycloud::inventory
