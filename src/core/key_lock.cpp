// The per-key lock of the journal of creates in flight: one file per (provider, key) under locks/,
// flocked for the whole of a create and removed by its holder as it releases it (before the flock goes),
// so that a journal used for years keeps no file per key ever created. detail::try_lock_file_at makes
// the removal safe: a taker keeps an flock only on the file still at the path.
#include "core/idempotency_key.hpp"
#include "core/journal_files.hpp"

#include <polycloud/create_journal.hpp>

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

namespace polycloud {

namespace {
/// A provider name as a file name: letters, digits, '.', '_' and '-' as they are, the rest as %XX.
std::string file_safe(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char const c : text) {
    if (std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}
}  // namespace

CreateJournal::KeyLock::KeyLock(KeyLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), file_(std::move(other.file_)) {}

CreateJournal::KeyLock& CreateJournal::KeyLock::operator=(KeyLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
    file_ = std::move(other.file_);
  }
  return *this;
}

CreateJournal::KeyLock::~KeyLock() { release(); }

void CreateJournal::KeyLock::release() noexcept {
  if (fd_ < 0) return;
  // Removed while still locked: whoever locks this file from now on finds it gone from the path. A failed
  // removal leaves an empty file, as before: the next create of the key locks it, and removes it.
  ::unlink(file_.c_str());
  ::close(fd_);  // the last descriptor: the flock goes
  fd_ = -1;
}

std::filesystem::path CreateJournal::key_lock_file(std::string_view provider, std::string_view key) const {
  // "key@provider": a key of "." or ".." is still a plain file name with the suffix after it.
  return directory_ / "locks" / (std::string(key) + "@" + file_safe(provider) + ".lock");
}

Result<std::optional<CreateJournal::KeyLock>> CreateJournal::try_lock_key(std::string_view provider,
                                                                          std::string_view key) const {
  if (unusable_) return *unusable_;
  if (!valid_idempotency_key(key))
    return idempotency_key_refusal(key, std::string(provider), "create");
  auto const path = key_lock_file(provider, key);
  for (auto const& directory : {directory_, path.parent_path()})  // both 0700, the journal's first
    if (auto made = detail::private_directory(directory); !made) return made.error();
  // Each open() is its own open file description, so a second KeyLock of this process is refused too.
  auto const attempt = detail::try_lock_file_at(path);
  if (attempt.fd >= 0) return std::optional<KeyLock>(KeyLock(attempt.fd, path));
  if (attempt.error == 0) return std::optional<KeyLock>();  // held by another
  return make_error(ErrorKind::config, std::string(attempt.failed_to) + " " + path.string() + ": " + std::strerror(attempt.error),
                    std::string(provider), "create");
}

}  // namespace polycloud
