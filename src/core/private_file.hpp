#pragma once
// Writing a file that is private to its owner, atomically: created 0600 under a unique name next to its
// target, written, fsync'd, then renamed over the target (and the directory fsync'd), so a reader (another
// polycloud, a harness polling for a sandbox config) sees the old file or the new one, never half of one,
// and nobody else can read it at any moment. A crash mid-write leaves the old file and a stray temporary
// (".<name>.tmp-<pid>-<n>"), which nothing reads. Used by the CLI's config writes and the catalog cache.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace polycloud {

/// Test seam: called after the first half of the text is written to the temporary, before the rest
/// (a test forks and _exits there to crash mid-write).
struct PrivateFileFaults {
  std::function<void()> mid_write;
};

/// Empty on success, else why not: "cannot write <file>: <OS reason>" (the temporary is removed).
std::string write_private_file_atomically(std::filesystem::path const& path, std::string_view text,
                                          PrivateFileFaults const* faults = nullptr);

/// Creates `directory` and any missing parent with mode 0700 (as the XDG base directory spec asks of
/// the directories it writes to); an existing one is left as it is. Empty on success, else
/// "cannot create <dir>: <OS reason>" or "<dir> is not a directory".
std::string make_private_directories(std::filesystem::path const& directory);

}  // namespace polycloud
