#pragma once
// An adapter for an invented API, written as docs/adding-a-provider.md teaches: only what the API does
// differently (routes, the mapping, the state table, the error envelope, its one setting). The API:
//   GET    /v1/machines?limit=N[&cursor=C]  {"machines":[…],"next_cursor":"C2"}  (null on the last page)
//   GET    /v1/machines/{id}                {"machine":{"id","name","status","region","created_at"}}
//   POST   /v1/machines/{id}/actions        {"type":"power_on"|"power_off"|"reboot"}, answered 202
//   DELETE /v1/machines/{id}                204; {"error":{"code":"machine_not_found"}} when gone
// Errors are {"error":{"code","message","request_id"}}. There is no create.

#include "providers/common/adapter_base.hpp"

#include <vector>

namespace polycloud::example_cursor {

inline constexpr std::string_view type_name = "example_cursor";

struct Settings {
  std::size_t page_size = 100;  ///< "page_size": machines per page, 1..500
};
Result<Settings> read_settings(ProviderConfig const& config);
std::vector<std::string> setting_keys();

class ExampleProvider final : public Provider, private providers::AdapterBase {
 public:
  static Result<std::unique_ptr<ExampleProvider>> make(ProviderConfig const& config, ProviderContext const& context);

  POLYCLOUD_ADAPTER_OPERATIONS(type_name)

 private:
  ExampleProvider(ProviderConfig const& config, Settings settings, ProviderContext const& context,
                  std::unique_ptr<http::Client> client);
  boost::asio::awaitable<Result<void>> act(std::string id, Operation op, std::string_view type, CallOptions options);

  Settings settings_;
};

}  // namespace polycloud::example_cursor
