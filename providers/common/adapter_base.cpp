#include "providers/common/adapter_base.hpp"

#include "providers/common/power_action.hpp"
#include "providers/common/requests.hpp"

namespace polycloud::providers {

using boost::asio::awaitable;

AdapterBase::AdapterBase(ProviderConfig const& config, std::string_view type, ErrorBodyDecoder decode,
                         boost::asio::any_io_executor executor, std::unique_ptr<http::Client> client)
    : name_(config.name),
      endpoint_(config.endpoint),
      // The one credential configured (ByCloud may take an api_key instead of a token).
      secret_(config.token.empty() ? config.api_key : config.token),
      aliases_(config.aliases),
      timeout_(config.timeout),
      list_timeout_(config.list_timeout),
      executor_(std::move(executor)),
      client_(std::move(client)),
      type_(type),
      decode_(decode) {}

AdapterBase::~AdapterBase() = default;

CallSite AdapterBase::site(Operation op) const { return {name_, type_, std::string(to_string(op)), &secret_}; }

CallSite AdapterBase::site(CatalogPart part) const { return {name_, type_, catalog_operation(part), &secret_}; }

CallOptions AdapterBase::bounded(CallOptions options) const {
  if (options.deadline == Clock::time_point::max()) options.deadline = Clock::now() + timeout_;
  return options;
}

std::shared_ptr<ListingDeadline> AdapterBase::listing_deadline(CallOptions options) const {
  return std::make_shared<ListingDeadline>(options, timeout_, list_timeout_);
}

awaitable<Result<http::Response>> AdapterBase::exchange(http::Request request, CallOptions call,
                                                        CallSite const& site) {
  auto response = co_await client_->send(std::move(request), call);
  if (!response) co_return attribute(response.error(), site);
  if (!response->ok()) co_return error_for(*response, site);
  co_return response;
}

Error AdapterBase::error_for(http::Response const& response, CallSite const& site) {
  return error_from_response(response, site, decode_);
}

awaitable<Result<std::optional<http::Response>>> AdapterBase::delete_resource(std::string const& id,
                                                                            boost::urls::url url, std::string_view body,
                                                                            CallOptions options, GoneRule gone) {
  if (auto valid = check_resource_id(id, name_, Operation::remove); !valid) co_return valid.error();
  auto const where = site(Operation::remove);
  auto request = request_for(http::Method::delete_, std::move(url), where, std::string(body));
  request.idempotent = true;
  auto response = co_await exchange(std::move(request), bounded(options), where);
  if (!response && already_gone(response.error(), gone)) co_return std::optional<http::Response>{};
  if (!response) co_return response.error();
  co_return std::optional<http::Response>(std::move(*response));
}

awaitable<Result<std::optional<http::Response>>> AdapterBase::power_action(std::string const& id, Operation op,
                                                                         boost::urls::url url, std::string_view body,
                                                                         CallOptions options) {
  if (auto valid = check_resource_id(id, name_, op); !valid) co_return valid.error();
  auto const where = site(op);
  auto request = power_action_request(std::move(url), where, std::string(body));
  auto response = co_await exchange(std::move(request), bounded(options), where);
  if (!response && accepted_before_failing(response.error())) co_return std::optional<http::Response>{};
  if (!response) co_return response.error();
  co_return std::optional<http::Response>(std::move(*response));
}

}  // namespace polycloud::providers
