#pragma once
// The ID a person or a script passes to get, wait and the actions: checked before any request, and named
// in the error when the provider does not know it.
#include "commands/exit_code.hpp"
#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace polycloud::cli {

/// `id "vm-1\r" holds a control character (U+000D)` when the id holds a C0 control, DEL or a character a
/// terminal hides (hidden_code_point); nullopt when it is clean. A CSV line read by `while read` keeps
/// its "\r": sending it would only 404.
std::optional<std::string> control_in_id(std::string_view id);

/// A not_found error that names the id it was about (the providers' own 404 texts mostly do not).
Error naming_id(Error error, std::string_view id);

class Session;

/// After `id` was not found: the id of the one instance *named* `id` on the provider, so that
/// `get alg web-1` works when web-1 is a unique name. Ids win: this runs only after a 404, and costs one
/// listing then. Several instances of that name: a usage error listing their ids (exit 2). None (or the
/// listing failed): `not_found`, naming the id, saying no name matched either.
CliResult<std::string> id_of_name(Session& session, Provider& provider, std::string const& id, Error not_found,
                               CallOptions call);

}  // namespace polycloud::cli
