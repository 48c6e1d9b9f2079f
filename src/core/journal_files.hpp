#pragma once
// The file operations the journal of creates in flight is made of, each durable before it returns:
// a private directory, an flock held for a scope, a bounded read, an fsynced append and an atomic
// replace (temp + fsync + rename + fsync of the directory). Errors are ErrorKind::config naming the
// path and the OS reason.
#include <polycloud/error.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace polycloud::detail {

/// Creates `directory` (0700) and its parents if missing; an existing one is used as it is.
Result<void> private_directory(std::filesystem::path const& directory);

/// An exclusive flock on `path` (created 0600), held until destroyed.
class FileLock {
 public:
  /// Waits for the lock: only ever held for a few file operations.
  static Result<FileLock> exclusive(std::filesystem::path const& path);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(FileLock const&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) noexcept : fd_(fd) {}
  int fd_ = -1;
};

/// Whether the open file `fd` is still the one at `path` (same device and inode, the path itself not
/// followed): false once that file was removed, or removed and made again.
bool is_file_at(int fd, std::filesystem::path const& path) noexcept;

/// What try_lock_file_at did: `fd` >= 0, the locked file's descriptor (the caller's to close); else
/// `error` 0, another holds the lock; else the OS error of `failed_to` ("cannot open the lock file"…).
struct LockAttempt {
  int fd = -1;
  int error = 0;
  std::string_view failed_to;
};
/// An exclusive flock, without waiting, on the file at `path` (made 0600 if missing; a link there is
/// refused). The lock's holder removes the file as it releases it, so the flock won on a file opened
/// before that removal is no lock at all (another may have made and locked a new one at the path): such a
/// file is let go and the path's present one tried, up to a few times (then it reads as held).
/// `opened` (tests) runs after each open(), where such a release can come in.
LockAttempt try_lock_file_at(std::filesystem::path const& path, std::function<void()> const& opened = {});

/// The whole file; an empty string when it does not exist; an error when it cannot be read or holds
/// more than `max_bytes`.
Result<std::string> read_journal_text(std::filesystem::path const& file, std::size_t max_bytes);
/// Appends `text` (created 0600) and fsyncs it; a new file's directory is fsynced too.
Result<void> append_durably(std::filesystem::path const& file, std::string const& text);
/// Writes `text` to a temporary file beside `file` (0600), fsyncs it, renames it over `file` and
/// fsyncs the directory.
Result<void> replace_durably(std::filesystem::path const& file, std::string const& text);

}  // namespace polycloud::detail
