#pragma once
// --ssh-key's rule (docs/cli.md): a value that is an OpenSSH public key line is the key; anything else
// names a file whose every non-empty line must be one. What is sent is always a checked key, never a
// path that happened not to exist.
#include <polycloud/deadline.hpp>
#include <polycloud/error.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

/// Whether `line` is `TYPE BASE64 [COMMENT]` with TYPE a public key type OpenSSH writes (ssh-ed25519,
/// ssh-rsa, ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com),
/// BASE64 valid base64 whose decoded blob starts with TYPE itself (as every key blob does).
bool is_public_key_line(std::string_view line);

/// The keys `value` stands for: itself when it is a key line, else every line of the file it names.
/// The file may be a regular file, a pipe (`<(ssh-add -L)`) or /dev/stdin: read up to 64 KiB, and for
/// no longer than `deadline`; a SIGINT or SIGTERM during the wait calls `check_signals`, which throws to
/// end it (Session::check_interrupted). Anything else (missing, a directory, /dev/zero, text that is
/// not keys) is a config error naming the path and the reason.
Result<std::vector<std::string>> ssh_keys_from(std::string const& value, Clock::time_point deadline,
                                               std::function<void()> const& check_signals);

}  // namespace polycloud::cli
