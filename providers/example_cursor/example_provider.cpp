#include "providers/example_cursor/example_provider.hpp"

#include "providers/common/adapter_type.hpp"
#include "providers/common/error_envelope.hpp"
#include "providers/common/page_envelope.hpp"
#include "providers/common/page_stream.hpp"
#include "providers/common/requests.hpp"
#include "providers/common/settings_table.hpp"
#include "providers/common/state_table.hpp"
#include "providers/common/values.hpp"

#include <array>

namespace polycloud::example_cursor {

using boost::asio::awaitable;
using providers::JsonPath;
using providers::JsonScalar;

namespace {

inline constexpr std::array<providers::StateEntry, 6> state_table{{
    {"running", State::running}, {"starting", State::pending}, {"stopping", State::stopping},
    {"stopped", State::stopped}, {"rebooting", State::rebooting}, {"error", State::error},
}};

inline constexpr std::array<providers::CodeKind, 2> error_codes{{
    {"machine_not_found", ErrorKind::not_found},
    {"invalid_token", ErrorKind::unauthenticated},
}};

providers::DecodedError decode_error(int status, std::string_view body) {
  static constexpr providers::ErrorEnvelope envelope{.request_id = "request_id", .kinds = error_codes};
  return providers::decode_envelope(envelope, status, body);
}

providers::SettingsTable<Settings> const& table() {
  static providers::SettingsTable<Settings> const table{providers::count("page_size", &Settings::page_size, 1, 500)};
  return table;
}

/// One machine object → Instance.
class MachineMapping final : public providers::ItemMapping {
 public:
  void begin(Instance&) override {}
  void scalar(JsonPath const& path, JsonScalar const& value, Instance& instance,
              providers::ItemProblems& problems) override {
    auto const key = path.size() == 1 ? path.key(0) : std::string_view();
    if (key == "id") problems.assign_string(path, value, instance.id);
    if (key == "name") problems.assign_string(path, value, instance.name);
    if (key == "region") problems.assign_string(path, value, instance.region);
    if (key == "status") providers::read_state(path, value, state_table, instance, problems);
    if (key == "created_at") {
      if (auto text = problems.string(path, value)) instance.created_at = providers::parse_timestamp(*text);
    }
  }
  void end(Instance& instance, providers::ItemProblems& problems) override {
    if (instance.id.empty()) problems.fail("a machine without an id");
  }
};

boost::urls::url machine_url(boost::urls::url_view endpoint, std::string_view id) {
  return providers::resource_url(endpoint, {"v1", "machines", id});
}

}  // namespace

Result<Settings> read_settings(ProviderConfig const& config) { return table().read(config); }
std::vector<std::string> setting_keys() { return table().keys(); }

Result<std::unique_ptr<ExampleProvider>> ExampleProvider::make(ProviderConfig const& config, ProviderContext const& context) {
  return providers::make_adapter<ExampleProvider>(config, context, read_settings(config), providers::bearer_credentials(config),
                                         [&](Settings settings, std::unique_ptr<http::Client> client) {
                                           return new ExampleProvider(config, settings, context, std::move(client));
                                         });
}

ExampleProvider::ExampleProvider(ProviderConfig const& config, Settings settings, ProviderContext const& context,
                                 std::unique_ptr<http::Client> client)
    : AdapterBase(config, type_name, decode_error, context.executor, std::move(client)), settings_(settings) {}

Capabilities ExampleProvider::capabilities() const noexcept {
  Capabilities capabilities;
  capabilities.create = false;
  return capabilities;
}

std::unique_ptr<InstancePager> ExampleProvider::list(ListOptions options) {
  providers::PagerOptions paging;
  paging.paging = providers::Paging::marker;  // a cursor is a marker the server hands out
  paging.site = site(Operation::list);
  paging.filter = options.filter;
  return providers::make_pager(
      executor_, std::move(paging),
      [this, options](providers::PageCursor cursor, providers::BatchSink& sink) -> awaitable<Result<providers::PageOutcome>> {
        auto const where = site(Operation::list);
        auto url = providers::resource_url(endpoint_, {"v1", "machines"});
        auto const limit = options.page_size > 0 ? options.page_size : settings_.page_size;
        providers::append_query_param(url, "limit", std::to_string(limit));
        if (!cursor.marker.empty()) providers::append_query_param(url, "cursor", cursor.marker);
        providers::CursorEnvelope envelope({"next_cursor"});
        MachineMapping mapping;
        providers::StreamOptions stream_options;
        stream_options.keep_raw = options.raw;
        stream_options.envelope_keys = envelope.keys();
        providers::ListStream stream({{"machines"}, false}, mapping, where, stream_options, envelope.sink());
        auto request = providers::request_for(http::Method::get, std::move(url), where);
        auto items = co_await providers::stream_page(*client_, std::move(request), bounded(options.call), stream, sink,
                                                     where, decode_error);
        if (!items) co_return items.error();
        co_return envelope.outcome(*items, where);
      });
}

awaitable<Result<Instance>> ExampleProvider::get(std::string id, GetOptions options) {
  if (auto valid = check_resource_id(id, name_, Operation::get); !valid) co_return valid.error();
  auto const where = site(Operation::get);
  auto request = providers::request_for(http::Method::get, machine_url(endpoint_, id), where);
  auto response = co_await exchange(std::move(request), bounded(options.call), where);
  if (!response) co_return response.error();
  MachineMapping mapping;
  providers::StreamOptions stream_options;
  stream_options.keep_raw = options.raw;
  co_return providers::map_one(response->body, {{"machine"}, true}, mapping, where, stream_options);
}

awaitable<Result<Instance>> ExampleProvider::create(CreateSpec, ProgressCallback, CallOptions) {
  co_return not_supported(name_, Operation::create);
}

awaitable<Result<void>> ExampleProvider::remove(std::string id, CallOptions options) {
  static providers::GoneRule const gone{false, {"machine_not_found"}};
  auto deleted = co_await delete_resource(id, machine_url(endpoint_, id), "", options, gone);
  if (!deleted) co_return deleted.error();
  co_return Result<void>{};
}

awaitable<Result<void>> ExampleProvider::act(std::string id, Operation op, std::string_view type, CallOptions options) {
  auto url = providers::resource_url(endpoint_, {"v1", "machines", id, "actions"});
  auto done = co_await power_action(id, op, std::move(url), R"({"type":")" + std::string(type) + R"("})", options);
  if (!done) co_return done.error();
  co_return Result<void>{};
}

awaitable<Result<void>> ExampleProvider::start(std::string id, CallOptions options) {
  return act(std::move(id), Operation::start, "power_on", options);
}
awaitable<Result<void>> ExampleProvider::stop(std::string id, CallOptions options) {
  return act(std::move(id), Operation::stop, "power_off", options);
}
awaitable<Result<void>> ExampleProvider::reboot(std::string id, CallOptions options) {
  return act(std::move(id), Operation::reboot, "reboot", options);
}

}  // namespace polycloud::example_cursor
