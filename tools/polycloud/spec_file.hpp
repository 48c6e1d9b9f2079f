#pragma once
// `create --spec FILE.json`: a CreateSpec as JSON (keys in docs/cli.md). Errors are ErrorKind::config
// naming the file and the key.
#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>

#include <string>

namespace polycloud::cli {

Result<CreateSpec> read_spec_file(std::string const& path);

/// The whole file as text; ErrorKind::config naming `what` and the path when unreadable.
Result<std::string> read_text_file(std::string const& path, std::string const& what);

}  // namespace polycloud::cli
