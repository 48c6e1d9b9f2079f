#include "http/token_cache.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace polycloud::http {
namespace asio = boost::asio;
using std::chrono::system_clock;

TokenCache::TokenCache(asio::strand<asio::any_io_executor> strand, std::shared_ptr<CredentialSource> source,
                       WallClock now, CredentialScrubber& scrubber)
    : source_(std::move(source)),
      now_(std::move(now)),
      scrubber_(scrubber),
      fetched_signal_(std::move(strand), asio::steady_timer::time_point::max()) {
  if (!now_) now_ = [] { return system_clock::now(); };
  for (auto const& secret : source_->own_secrets()) scrubber_.add(secret);
}

std::chrono::seconds TokenCache::renewal_margin(system_clock::duration lifetime) {
  auto const half = std::chrono::duration_cast<std::chrono::seconds>(lifetime / 2);
  return std::clamp(half, std::chrono::seconds{0}, std::chrono::seconds{30});  // an expired token: renewed next time
}

asio::awaitable<Result<std::string>> TokenCache::current(Clock::time_point deadline) {
  return obtain(nullptr, deadline);
}

asio::awaitable<Result<std::string>> TokenCache::replace(std::string rejected, Clock::time_point deadline) {
  co_return co_await obtain(&rejected, deadline);
}

asio::awaitable<Result<std::string>> TokenCache::obtain(std::string const* rejected, Clock::time_point deadline) {
  while (fetching_) {
    // Another request is fetching: its outcome is this one's too.
    auto const seen = generation_;
    co_await fetched_signal_.async_wait(asio::as_tuple(asio::use_awaitable));
    auto const cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
    if (cancelled != asio::cancellation_type::none) {
      co_return make_error(ErrorKind::cancelled, "cancelled by the caller while a token was fetched", {}, "credentials");
    }
    if (generation_ != seen) {
      if (last_failure_) co_return *last_failure_;
      if (cached_) co_return cached_->token.value;
    }
  }
  bool const usable = cached_ && now_() < cached_->renew_at && (rejected == nullptr || cached_->token.value != *rejected);
  if (usable) co_return cached_->token.value;
  co_return co_await fetch(deadline);
}

asio::awaitable<Result<std::string>> TokenCache::fetch(Clock::time_point deadline) {
  // Whatever ends this fetch, the waiters wake. One that ended with an answer or an error (generation_
  // moved on) is theirs too; one abandoned because its caller cancelled is not: they fetch themselves.
  struct Done {
    TokenCache& cache;
    ~Done() {
      cache.fetching_ = false;
      cache.fetched_signal_.cancel();
    }
  };
  fetching_ = true;
  ++fetches_;
  cached_.reset();
  Done const done{*this};
  auto const fetched_at = now_();
  auto fetched = co_await source_->fetch(deadline);
  ++generation_;
  if (!fetched) {
    last_failure_ = fetched.error();
    co_return fetched.error();
  }
  last_failure_.reset();
  scrubber_.add(fetched->value);
  auto const renew_at = fetched->expires_at ? *fetched->expires_at - renewal_margin(*fetched->expires_at - fetched_at)
                                            : system_clock::time_point::max();
  cached_ = Cached{std::move(*fetched), renew_at};
  co_return cached_->token.value;
}

}  // namespace polycloud::http
