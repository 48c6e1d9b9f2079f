#include "providers/bycloud/bycloud_provider.hpp"

#include "providers/bycloud/build_wait.hpp"
#include "providers/bycloud/errors.hpp"
#include "providers/bycloud/inferred_routes.hpp"
#include "providers/bycloud/vm_mapping.hpp"
#include "providers/common/adapter_type.hpp"
#include "providers/common/client_options.hpp"
#include "providers/common/create_features.hpp"
#include "providers/common/error_mapping.hpp"
#include "providers/common/idempotency.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/common/page_envelope.hpp"
#include "providers/common/page_stream.hpp"
#include "providers/common/requests.hpp"
#include "providers/common/secret_forms.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

namespace polycloud::bycloud {

namespace json = boost::json;
using boost::asio::awaitable;
using providers::CallSite;

namespace {

awaitable<void> sleep_for(boost::asio::any_io_executor executor, std::chrono::milliseconds delay) {
  boost::asio::steady_timer timer(executor, delay);
  co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));  // a cancelled wait just ends
}

/// Whether a failed create may still have reached the server: the transport reports attempts == 0 when
/// the request provably never left; a caller's cancellation ends the call without a lookup.
bool may_have_been_sent(Error const& error) { return error.kind != ErrorKind::cancelled && error.attempts > 0; }

/// Why ByCloud lacks the create feature it lacks.
constexpr providers::MissingFeatureReasons missing_features{
    {}, {}, {}, "the shape of ByCloud's volumes is not printed anywhere, so the adapter does not guess it"};

}  // namespace

Result<std::unique_ptr<ByCloudProvider>> ByCloudProvider::make(ProviderConfig const& config, ProviderContext const& context) {
  return providers::make_adapter<ByCloudProvider>(config, context, read_settings(config), credential_headers(config),
                                         [&](Settings settings, std::unique_ptr<http::Client> client) {
                                           return new ByCloudProvider(config, std::move(settings), context.executor, std::move(client));
                                         });
}

ByCloudProvider::ByCloudProvider(ProviderConfig const& config, Settings settings, boost::asio::any_io_executor executor,
                                 std::unique_ptr<http::Client> client)
    : AdapterBase(config, type_name, decode_error, std::move(executor), std::move(client)),
      region_(region_of_endpoint(endpoint_.host())),
      settings_(std::move(settings)) {}

Capabilities ByCloudProvider::capabilities() const noexcept {
  Capabilities capabilities;  // every operation is available (get, delete, start, stop are inferred)
  capabilities.server_side_name_filter = true;
  capabilities.server_side_tag_filter = true;
  capabilities.catalog_sizes = capabilities.catalog_images = capabilities.catalog_regions = true;
  capabilities.create_ssh_keys = true;   // one key, as a keypair's key_name
  capabilities.create_user_data = true;  // user_data, base64
  capabilities.create_tags = true;       // tags (names) and metadata (pairs)
  return capabilities;
}

// ---- list -------------------------------------------------------------------------------------

std::unique_ptr<InstancePager> ByCloudProvider::list(ListOptions options) {
  auto query = plan_list(options, settings_.limit, site(Operation::list));
  return pager(std::move(query), std::move(options.filter), options.raw, options.call);
}

/// One per listing, its pages read one after another (marker paging loads no two at once): a stream per
/// page relearnt the items' key order and reallocated its room each time, some 20,000 instructions of a
/// page of 100 VMs (~0.9 % of a listing's).
struct ByCloudProvider::PageReader {
  PageReader(std::string const& region, providers::CallSite const& where, bool raw)
      : mapping(region), stream(list_layout(), mapping, where, options(envelope, raw), envelope.sink()) {}

  /// Ready for the next page's body.
  providers::ListStream& next_page() {
    envelope.restart();
    stream.restart();
    return stream;
  }

  static providers::StreamOptions options(providers::MarkerEnvelope const& envelope, bool raw) {
    providers::StreamOptions options;
    options.keep_raw = raw;
    options.envelope_keys = envelope.keys();
    return options;
  }

  providers::MarkerEnvelope envelope{{"meta", "marker"}, {"meta", "has_more"}};  // links.next is never followed
  VmMapping mapping;
  providers::ListStream stream;
};

std::unique_ptr<InstancePager> ByCloudProvider::pager(Result<ListQuery> query, InstanceFilter filter, bool raw,
                                                      CallOptions call) {
  providers::PagerOptions options;
  options.paging = providers::Paging::marker;
  options.site = site(Operation::list);
  options.filter = std::move(filter);
  auto reader = std::make_shared<PageReader>(region_, options.site, raw);
  auto loader = [this, query = std::move(query), reader = std::move(reader), deadline = listing_deadline(call)](
                    providers::PageCursor cursor, providers::BatchSink& sink) -> awaitable<Result<providers::PageOutcome>> {
    if (!query) return [](Error error) -> awaitable<Result<providers::PageOutcome>> { co_return error; }(query.error());
    return load_page(*query, reader, deadline->for_request(), std::move(cursor), sink);
  };
  return providers::make_pager(executor_, std::move(options), std::move(loader));
}

awaitable<Result<providers::PageOutcome>> ByCloudProvider::load_page(ListQuery query, std::shared_ptr<PageReader> reader,
                                                                     CallOptions call, providers::PageCursor cursor,
                                                                     providers::BatchSink& sink) {
  auto const where = site(Operation::list);
  // The next page is always built from the marker against the configured endpoint: links.next is an
  // absolute URL from the server and is never followed, so no credential can be sent elsewhere.
  auto request = providers::request_for(http::Method::get, list_url(endpoint_, query, cursor.marker), where);
  auto& stream = reader->next_page();
  // `call` is the listing's deadline for this page (listing_deadline.hpp).
  auto items = co_await providers::stream_page(*client_, std::move(request), call, stream, sink, where,
                                               decode_error);
  if (!items) co_return items.error();
  co_return reader->envelope.outcome(*items, where);
}

// ---- get --------------------------------------------------------------------------------------

awaitable<Result<Instance>> ByCloudProvider::get(std::string id, GetOptions options) {
  auto const where = site(Operation::get);
  if (auto keys = providers::check_option_keys(options.provider_options, {}, where); !keys) co_return keys.error();
  if (auto valid = check_resource_id(id, name_, Operation::get); !valid) co_return valid.error();
  co_return co_await fetch_instance(std::move(id), options.raw, bounded(options.call), where);
}

awaitable<Result<Instance>> ByCloudProvider::fetch_instance(std::string id, bool raw, CallOptions call,
                                                            CallSite site) {
  auto request = providers::request_for(http::Method::get, instance_url(endpoint_, id), site);
  auto response = co_await exchange(std::move(request), call, site);
  if (!response) co_return response.error();
  VmMapping mapping(region_);
  providers::StreamOptions options;
  options.keep_raw = raw;
  co_return providers::map_one(response->body, single_layout(), mapping, site, options);
}

// ---- create -----------------------------------------------------------------------------------

awaitable<Result<Instance>> ByCloudProvider::create(CreateSpec spec, ProgressCallback progress, CallOptions options) {
  auto where = site(Operation::create);
  providers::add_user_data_secret(where, spec);  // a cloud-init with credentials (issue 22)
  if (auto usable = providers::check_create_features(spec, capabilities(), missing_features, where); !usable) {
    co_return usable.error();
  }
  auto const call = bounded(options);
  if (auto checked = providers::check_idempotency_key(spec, where); !checked) co_return checked.error();
  // The spec is checked (and an SSH key's keypair found or made) before the key is looked up.
  auto body = co_await keyed_body(spec, call, where);
  if (!body) co_return body.error();
  std::optional<Instance> adopted;
  if (!spec.idempotency_key.empty()) {  // an instance already carrying the key is adopted, not created again
    std::vector<std::string> keys{spec.idempotency_key};
    auto existing = providers::adopt_or_create(co_await find_by_idempotency_keys(std::move(keys), call),
                                               spec.idempotency_key, where);
    if (!existing) co_return existing.error();
    adopted = std::move(*existing);
  }
  if (adopted && progress) {
    Progress step(std::nullopt, "instance " + adopted->id + " already carries this create's idempotency key: adopted");
    step.id = adopted->id;
    progress(step);
  }
  // Still building (the run whose answer was lost made it): waited for as a new one. In any other
  // status (stopped by its owner, ERROR) it is returned as it is: adopting is not starting.
  if (adopted && adopted->state != State::pending) co_return std::move(*adopted);
  Result<Instance> accepted = Error{};
  if (adopted) {
    accepted = std::move(*adopted);
  } else {
    accepted = co_await send_create(*body, spec, call, where);
  }

  if (!accepted) co_return accepted.error();
  bool const adopting = accepted->adopted;

  BuildWait wait;
  auto const id = accepted->id;
  wait.fetch = [this, id, call, where] { return fetch_instance(id, false, call, where); };
  wait.sleep = [executor = executor_](std::chrono::milliseconds delay) { return sleep_for(executor, delay); };
  wait.deadline = call.deadline;
  wait.progress = std::move(progress);
  wait.site = where;
  auto built = co_await wait_until_built(std::move(*accepted), wait);
  if (built) built->adopted = adopting;
  co_return built;
}

awaitable<Result<Instance>> ByCloudProvider::send_create(json::object const& body, CreateSpec const& spec,
                                                         CallOptions call, CallSite const& where) {
  // idempotent stays false: a create is never re-sent
  auto request = providers::request_for(http::Method::post, providers::resource_url(endpoint_, {"v1", "instances"}),
                                        where, json::serialize(body));
  auto response = co_await client_->send(std::move(request), call);
  if (!response) {
    auto error = providers::attribute(response.error(), where);
    if (!may_have_been_sent(error)) co_return error;
    co_return co_await find_created(spec, call, std::move(error));
  }
  if (!response->ok()) {
    auto error = error_for(*response, where);
    if (!providers::leaves_create_unknown(*response)) co_return error;
    co_return co_await find_created(spec, call, std::move(error));
  }
  VmMapping mapping(region_);
  auto accepted = providers::map_one(response->body, single_layout(), mapping, where);
  // Accepted, but the answer cannot be read: the instance exists, so look it up rather than guess.
  if (!accepted) co_return co_await find_created(spec, call, accepted.error());
  co_return accepted;
}

awaitable<Result<providers::KeyMatches>> ByCloudProvider::find_by_idempotency_keys(std::vector<std::string> keys,
                                                                                  CallOptions options) {
  if (auto checked = providers::check_idempotency_keys(keys, site(Operation::list)); !checked) co_return checked.error();
  ListQuery query;
  query.limit = settings_.limit;
  // The tag narrows the listing on the server; the metadata value, checked on each instance, decides.
  if (keys.size() == 1) query.tags.push_back(idempotency_tag(keys.front()));
  auto lookup = pager(std::move(query), {}, false, options);
  co_return co_await providers::match_stored_keys(*lookup, keys);
}

awaitable<Result<Instance>> ByCloudProvider::find_created(CreateSpec const& spec, CallOptions call, Error cause) {
  auto const where = site(Operation::create);
  if (!spec.idempotency_key.empty()) {
    std::vector<std::string> keys{spec.idempotency_key};
    co_return providers::resolve_lost_create(co_await find_by_idempotency_keys(std::move(keys), call),
                                             spec.idempotency_key, std::move(cause), "the create", where);
  }
  auto const& name = spec.name;
  auto unknown = [&](std::string const& finding) { return providers::unknown_create_outcome(cause, finding, "the create"); };
  // The name goes to the server as is (exact; a trailing '*' would make it a prefix, a superset);
  // equality is checked here, so a glob character in the name cannot widen the match.
  ListQuery query;
  query.limit = settings_.limit;
  query.name = name;
  auto lookup = pager(std::move(query), {}, false, call);
  auto found = co_await collect(*lookup);
  if (!found) co_return unknown("looking the instance up by name failed: " + found.error().to_string());
  std::erase_if(*found, [&](Instance const& instance) { return instance.name != name; });
  if (found->size() == 1) co_return std::move(found->front());
  co_return unknown(found->empty() ? "no instance is named \"" + name + "\""
                                   : std::to_string(found->size()) + " instances are named \"" + name +
                                         "\"; cannot tell which is new");
}

// ---- delete and actions -----------------------------------------------------------------------

awaitable<Result<void>> ByCloudProvider::remove(std::string id, CallOptions options) {
  auto deleted = co_await delete_resource(id, instance_url(endpoint_, id), "", options, providers::retried_404_is_gone);
  if (!deleted) co_return deleted.error();
  co_return Result<void>{};
}

awaitable<Result<void>> ByCloudProvider::action(std::string id, std::string_view action, std::string body,
                                                Operation op, CallOptions options) {
  // Accepted is done: nothing of the answer's body is read.
  auto done = co_await power_action(id, op, action_url(endpoint_, id, action), body, options);
  if (!done) co_return done.error();
  co_return Result<void>{};
}

awaitable<Result<void>> ByCloudProvider::start(std::string id, CallOptions options) {
  return action(std::move(id), "start", {}, Operation::start, options);
}

awaitable<Result<void>> ByCloudProvider::stop(std::string id, CallOptions options) {
  return action(std::move(id), "stop", {}, Operation::stop, options);
}

awaitable<Result<void>> ByCloudProvider::reboot(std::string id, CallOptions options) {
  return reboot(std::move(id), settings_.reboot_type, options);
}

awaitable<Result<void>> ByCloudProvider::reboot(std::string id, RebootType type, CallOptions options) {
  return action(std::move(id), "reboot", reboot_body(type), Operation::reboot, options);
}

}  // namespace polycloud::bycloud
