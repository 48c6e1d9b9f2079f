// The per-key lock of the journal of creates in flight: one file per (provider, key) under locks/,
// flocked for the whole of a create. The files are never deleted: removing a lock file another process
// has open (and may be about to flock) would let a third create a new file and lock that instead.
#include "core/idempotency_key.hpp"
#include "core/journal_files.hpp"

#include <polycloud/create_journal.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

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

CreateJournal::KeyLock::KeyLock(KeyLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

CreateJournal::KeyLock& CreateJournal::KeyLock::operator=(KeyLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

CreateJournal::KeyLock::~KeyLock() {
  if (fd_ >= 0) ::close(fd_);
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
  int const fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return make_error(ErrorKind::config, "cannot open the lock file " + path.string() + ": " + std::strerror(errno),
                      std::string(provider), "create");
  // Each open() is its own open file description, so a second KeyLock of this process is refused too.
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int const reason = errno;
    if (reason == EINTR) continue;
    ::close(fd);
    if (reason == EWOULDBLOCK) return std::optional<KeyLock>();
    return make_error(ErrorKind::config, "cannot lock " + path.string() + ": " + std::strerror(reason),
                      std::string(provider), "create");
  }
  return std::optional<KeyLock>(KeyLock(fd));
}

}  // namespace polycloud
