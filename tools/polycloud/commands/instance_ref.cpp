#include "commands/instance_ref.hpp"

#include "commands/exit_code.hpp"
#include "commands/session.hpp"
#include "output/visible_text.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

std::optional<std::string> control_in_id(std::string_view id) {
  auto const shown = visible_controls(id);
  if (shown == id) return std::nullopt;
  for (unsigned char byte : id)
    if (byte < 0x20 || byte == 0x7f)
      return fmt::format("id \"{}\" holds a control character (U+{:04X})", shown, static_cast<unsigned>(byte));
  // Not a C0 control: a hidden code point or a byte that is not UTF-8, shown escaped in `shown`.
  return fmt::format("id \"{}\" holds a control or invisible character", shown);
}

Error naming_id(Error error, std::string_view id) {
  if (error.kind != ErrorKind::not_found || error.message.find(id) != std::string::npos) return error;
  error.message = fmt::format("instance \"{}\": {}", visible_controls(id), error.message);
  return error;
}

namespace {
/// The ids of the instances named exactly `name`, streamed page by page (memory: one page).
boost::asio::awaitable<Result<std::vector<std::string>>> ids_named(Provider& provider, std::string name,
                                                                    CallOptions call) {
  ListOptions options;
  options.call = call;
  // Pushed down where the API filters by name; a name holding glob characters is matched here only.
  if (name.find_first_of("*?[") == std::string::npos) options.filter.name_glob = name;
  auto pager = provider.list(std::move(options));
  std::vector<std::string> ids;
  while (true) {
    auto page = co_await pager->next();
    if (!page) co_return page.error();
    if (!*page) co_return ids;
    for (auto const& instance : **page)
      if (instance.name == name) ids.push_back(instance.id);
  }
}
}  // namespace

CliResult<std::string> id_of_name(Session& session, Provider& provider, std::string const& id, Error not_found,
                               CallOptions call) {
  if (not_found.kind != ErrorKind::not_found) return not_found;
  auto ids = session.run(ids_named(provider, id, call));
  if (!ids) return naming_id(std::move(not_found), id);  // the 404 is the news, not the listing's failure
  if (ids->size() == 1) return ids->front();
  if (ids->empty()) {
    // The provider's own text is kept unless it only said the same ("no instance with id web-9").
    bool const says_id = not_found.message.find(id) != std::string::npos;
    not_found.message = fmt::format("no instance has the id or the name \"{}\"{}", visible_controls(id),
                                    says_id ? "" : ": " + not_found.message);
    return not_found;
  }
  std::string listed;
  for (auto const& each : *ids) listed += (listed.empty() ? "" : ", ") + visible_controls(each);
  return usage_error(fmt::format("{} instances are named \"{}\" ({}): give one of their ids", ids->size(),
                                 visible_controls(id), listed),
                     not_found.provider, not_found.operation);
}

}  // namespace polycloud::cli
