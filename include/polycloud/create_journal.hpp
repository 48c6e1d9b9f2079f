#pragma once
// The journal of creates in flight (issue 19): before a create that carries an idempotency key is
// sent, one line naming it (provider, key, a summary of the spec, time) is appended to
// pending-creates.ndjson and flushed to disk; the line is removed once the outcome is known. A process
// killed mid-create leaves its line, and `polycloud pending --resolve` (or rerunning the same create)
// settles it by looking the key up. Never written: a credential, a password, user data, provider
// options, tags or ssh keys (only name, size, image and region of the spec).
//
// A per-key lock file (flock) beside the journal makes two processes on one host that create the same
// key take turns: the second waits, then finds the first one's VM by the key and adopts it. Two hosts
// racing on one key can still both create: no server enforces the key (docs/provisioning.md).
//
// Embedders that keep their own records use no journal at all: Fleet::set_create_journal(nullptr).

#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polycloud {

/// One create in flight, as one line of the journal.
struct PendingCreate {
  PendingCreate() {}  // not an aggregate (see CallOptions)

  std::string provider;  ///< configured name
  std::string type;      ///< adapter type
  std::string key;       ///< CreateSpec::idempotency_key
  std::string name, size, image, region;  ///< the spec's summary: nothing secret
  std::string started;   ///< UTC, RFC 3339 ("2026-12-06T07:40:00Z")
  long pid = 0;          ///< the process that wrote it
  std::string host;      ///< the host it ran on

  /// The summary of `spec` for a create on `provider`, stamped now with this process and host.
  static PendingCreate of(Provider const& provider, CreateSpec const& spec);
};

/// The journal's files under one directory: pending-creates.ndjson (0600), pending-creates.lock and a
/// locks/ directory of per-key lock files (0700 directories). Nothing is touched before the first call.
/// Every failure is ErrorKind::config naming the file and the reason, never a silent skip: a create
/// that cannot be journaled is not sent. Safe for several processes (and threads) at once: every
/// change is made under an flock of pending-creates.lock.
class CreateJournal {
 public:
  explicit CreateJournal(std::filesystem::path directory);

  /// $XDG_STATE_HOME/polycloud, else $HOME/.local/state/polycloud; ErrorKind::config when neither is set.
  static Result<std::filesystem::path> default_directory();
  /// A journal in default_directory(); when that has none, one whose every call fails with that error.
  static std::shared_ptr<CreateJournal> at_default_directory();

  std::filesystem::path const& directory() const noexcept { return directory_; }
  std::filesystem::path file() const;

  /// Every line, in the order written; a line that is not a pending create fails the whole read
  /// (naming the line), as does an unreadable file. A missing file is an empty journal.
  Result<std::vector<PendingCreate>> pending() const;
  /// Appends `entry` and fsyncs the file (and the directory when the file is new) before returning.
  /// A line already there for the same provider and key is kept as it is (a rerun of the same create).
  Result<void> record(PendingCreate const& entry);
  /// Removes the lines of `provider` and `key`: the rest is written to a temporary file, fsynced and
  /// renamed over the journal, so a reader sees the old journal or the new one, never a part.
  Result<void> clear(std::string_view provider, std::string_view key);

  /// An flock held on one key's lock file, released when destroyed (or by the kernel if the process dies).
  /// Released, the file is removed too: a journal used for years does not keep one file per key ever
  /// created. (try_lock_key makes that safe: it keeps an flock only on the file still at the path.)
  class KeyLock {
   public:
    KeyLock(KeyLock&& other) noexcept;
    KeyLock& operator=(KeyLock&& other) noexcept;
    KeyLock(KeyLock const&) = delete;
    KeyLock& operator=(KeyLock const&) = delete;
    ~KeyLock();

   private:
    friend class CreateJournal;
    KeyLock(int fd, std::filesystem::path file) noexcept : fd_(fd), file_(std::move(file)) {}
    void release() noexcept;
    int fd_ = -1;
    std::filesystem::path file_;
  };
  /// The lock of (provider, key) if no one else holds it now; empty when another process (or another
  /// KeyLock of this one) holds it. Never blocks.
  Result<std::optional<KeyLock>> try_lock_key(std::string_view provider, std::string_view key) const;
  /// The lock file's path (for messages).
  std::filesystem::path key_lock_file(std::string_view provider, std::string_view key) const;

 private:
  std::filesystem::path directory_;
  std::optional<Error> unusable_;  ///< at_default_directory() without a directory
};

/// `provider.create(spec)` made safe to interrupt, when spec carries an idempotency key and `journal`
/// is set:
/// 1. the key is checked (invalid_argument before anything else);
/// 2. the key's lock is taken, waiting (polling) while another process holds it, never past
///    options.deadline (then ErrorKind::timeout; the default deadline means default_lock_wait); when it
///    must wait, `progress` is told so once, in words;
/// 3. the line is journaled (a journal error ends the call: nothing is sent);
/// 4. provider.create runs (which looks the key up and adopts a VM carrying it);
/// 5. the line is cleared when the outcome is known: success, or an error that says the create was
///    refused (invalid_argument, unauthenticated, permission_denied, not_found, conflict, not_supported,
///    config, tls). After unknown_outcome, cancelled, timeout or any error that may follow a sent
///    create, the line stays for `polycloud pending --resolve`. A failure to clear is told to `progress`
///    as a message (the result stands: the VM exists, and the stale line only costs a later lookup).
/// Without a key or without a journal: provider.create(spec) as it is.
boost::asio::awaitable<Result<Instance>> create_journaled(Provider& provider, CreateJournal* journal, CreateSpec spec,
                                                          ProgressCallback progress, CallOptions options);

/// How long create_journaled waits for another process's create of the same key when the caller set
/// no deadline (Katapult and ByCloud creates wait for their build, which takes minutes).
inline constexpr std::chrono::minutes default_lock_wait{10};

/// True when a create that failed with `error` may still have made a VM (its journal line stays).
bool create_outcome_unknown(Error const& error) noexcept;

}  // namespace polycloud
