// A keyed create made safe to interrupt: the key's lock, then the journal line, then the create, then
// the line cleared once the outcome is known (create_journal.hpp). Waiting for the lock polls a
// non-blocking flock on a timer: a blocking flock would hold the executor's thread and could be
// neither cancelled nor bounded by the deadline.
#include "core/idempotency_key.hpp"

#include <polycloud/create_journal.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>

namespace polycloud {

namespace asio = boost::asio;

namespace {

constexpr std::chrono::milliseconds first_poll{10};
constexpr std::chrono::milliseconds longest_poll{250};

/// The key's lock, waiting while another process holds it; ErrorKind::timeout at the deadline.
asio::awaitable<Result<CreateJournal::KeyLock>> lock_key(CreateJournal const& journal, Provider const& provider,
                                                        std::string const& key, Clock::time_point deadline,
                                                        ProgressCallback const& progress) {
  auto interval = first_poll;
  bool told = false;
  for (;;) {
    auto lock = journal.try_lock_key(provider.name(), key);
    if (!lock) {
      auto error = lock.error();
      error.provider = provider.name();
      error.operation = "create";
      co_return error;
    }
    if (*lock) co_return std::move(**lock);
    std::string const holder = "another polycloud process is creating key " + key + " on " + provider.name() +
                               " (lock " + journal.key_lock_file(provider.name(), key).string() + ")";
    if (!told && progress) progress(Progress(std::nullopt, holder + "; waiting for it to finish"));
    told = true;
    auto const now = Clock::now();
    if (now >= deadline)
      co_return make_error(ErrorKind::timeout, "deadline passed while " + holder + "; nothing was sent",
                           provider.name(), "create");
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    asio::steady_timer timer(co_await asio::this_coro::executor,
                             std::max(std::chrono::milliseconds(1), std::min(interval, left)));
    co_await timer.async_wait(asio::use_awaitable);
    interval = std::min(longest_poll, interval * 2);
  }
}

}  // namespace

bool create_outcome_unknown(Error const& error) noexcept {
  switch (error.kind) {
    // The provider refused the create, or it was never sent: no VM came of it.
    case ErrorKind::invalid_argument:
    case ErrorKind::unauthenticated:
    case ErrorKind::permission_denied:
    case ErrorKind::not_found:
    case ErrorKind::conflict:
    case ErrorKind::not_supported:
    case ErrorKind::config:
    case ErrorKind::tls:
      return false;
    default:
      return true;
  }
}

asio::awaitable<Result<Instance>> create_journaled(Provider& provider, CreateJournal* journal, CreateSpec spec,
                                                   ProgressCallback progress, CallOptions options) {
  if (journal == nullptr || spec.idempotency_key.empty())
    co_return co_await provider.create(std::move(spec), std::move(progress), options);
  auto const key = spec.idempotency_key;
  if (!valid_idempotency_key(key))
    co_return idempotency_key_refusal(key, provider.name(), "create");
  std::optional<CreateJournal::KeyLock> held;
  try {
    auto const deadline =
        options.deadline == Clock::time_point::max() ? deadline_after(default_lock_wait) : options.deadline;
    auto locked = co_await lock_key(*journal, provider, key, deadline, progress);
    if (!locked) co_return locked.error();
    held.emplace(std::move(*locked));
  } catch (boost::system::system_error const& failure) {
    if (failure.code() != asio::error::operation_aborted) throw;
  }
  if (!held)
    co_return make_error(ErrorKind::cancelled, "cancelled while waiting for another process creating key " + key,
                         provider.name(), "create");
  if (auto recorded = journal->record(PendingCreate::of(provider, spec)); !recorded) {
    auto error = recorded.error();
    error.provider = provider.name();
    error.operation = "create";
    co_return error;
  }
  auto created = co_await provider.create(std::move(spec), progress, options);
  if (created || !create_outcome_unknown(created.error())) {
    if (auto cleared = journal->clear(provider.name(), key); !cleared && progress)
      progress(Progress(std::nullopt, "the create's journal line stays (" + cleared.error().message +
                                          "); `polycloud pending --resolve` clears it"));
  }
  co_return created;
}

}  // namespace polycloud
