#pragma once
// Reading small files that a user names (config, token_file, --spec): never more than a cap, so a
// path such as /dev/zero or a huge log fails with a message instead of std::bad_alloc; failures carry
// the OS reason. Also the ssh-style check that a file holding secrets is private to its owner.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace polycloud {

inline constexpr std::size_t max_token_file_bytes = 64u << 10;  // 64 KiB
inline constexpr std::size_t max_config_file_bytes = 4u << 20;  // 4 MiB

struct BoundedRead {
  std::string text;     ///< the whole file, when `failure` is empty
  std::string failure;  ///< why not: the OS reason ("No such file or directory") or the cap exceeded
  bool ok() const noexcept { return failure.empty(); }
};

/// Which files a read accepts. A FIFO, a socket or a terminal (/dev/stdin) blocks the open or the read
/// until someone writes, so a value that only ever names a small file refuses them up front.
enum class FileKinds { any, regular_only };

/// Reads the whole of `path` if it holds at most `max_bytes`; reads at most max_bytes + 1 to find out.
/// With FileKinds::regular_only, anything but a regular file (after symlinks) fails without blocking:
/// "not a regular file (a FIFO)".
BoundedRead read_bounded_file(std::filesystem::path const& path, std::size_t max_bytes,
                              FileKinds accept = FileKinds::any);

/// Empty when `path` opens for reading and is a regular file (after symlinks); otherwise why not, as
/// read_bounded_file words it ("not a regular file (a FIFO)", "No such file or directory"). Never blocks:
/// for a file that is read later by code that would block on a FIFO (OpenSSL reading a ca_file).
std::string regular_file_problem(std::filesystem::path const& path);

/// What a file of this st_mode is, for "not a regular file (a FIFO)": "a FIFO", "a directory", ….
std::string kind_text(unsigned mode);
/// The permission bits of an st_mode as "0644".
std::string mode_text(unsigned mode);

/// "64 KiB", "4 MiB": how a cap reads in a message.
std::string describe_size(std::size_t bytes);

/// A warning when `path` can be read or written by group or others (mode & 077), e.g.
/// "token file /x is readable by group/others (mode 0644); run chmod 600 /x". Empty when private or
/// when its mode cannot be read.
std::optional<std::string> exposure_warning(std::filesystem::path const& path, std::string const& what);

/// Like exposure_warning, but only for a mode that lets group or others write (mode & 022): a file
/// that holds no secret can still redirect them (an endpoint).
std::optional<std::string> writable_by_others_warning(std::filesystem::path const& path, std::string const& what);

}  // namespace polycloud
