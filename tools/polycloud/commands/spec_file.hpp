#pragma once
// `create --spec FILE.json`: a CreateSpec as JSON (keys in docs/cli.md). Errors are ErrorKind::config
// naming the file and the key.
#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>

#include <cstddef>
#include <string>

namespace polycloud::cli {

/// The largest --spec, --user-data or --ssh-key file read: /dev/zero or a mistaken log file must fail
/// with a message, not exhaust memory. 4 MiB is far above any real spec or cloud-init file.
inline constexpr std::size_t max_input_file_bytes = 4u << 20;

Result<CreateSpec> read_spec_file(std::string const& path);

/// `create --print-spec-template`: every key read_spec_file accepts, with an empty value of its type
/// (indented JSON, no comments: JSON has none). Filled in, it is a valid --spec file; a key left empty
/// counts as not given.
std::string spec_template();

/// The whole file as text; ErrorKind::config naming `what`, the path and the reason (the OS's, or the
/// size cap) when unreadable.
Result<std::string> read_text_file(std::string const& path, std::string const& what);

}  // namespace polycloud::cli
