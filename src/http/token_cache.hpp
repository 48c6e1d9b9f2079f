#pragma once
// The client's copy of a fetched token: fetched on first use, kept until shortly before it expires,
// replaced once after the server refused it (a 401), and fetched once for all the requests that
// need it at the same moment (single flight). Lives on the client's strand: no locks.
#include "http/credential_source.hpp"
#include "http/scrub.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace polycloud::http {

class TokenCache {
 public:
  /// Every token fetched is added to `scrubber` (the client's), so it is REDACTED wherever the client
  /// prints or returns text.
  TokenCache(boost::asio::strand<boost::asio::any_io_executor> strand, std::shared_ptr<CredentialSource> source,
             WallClock now, CredentialScrubber& scrubber);

  /// The token to send: the cached one while it is fresh, else a fetched one.
  boost::asio::awaitable<Result<std::string>> current(Clock::time_point deadline);
  /// After the server refused `rejected`: a new token, fetched unless another request replaced it
  /// already (then that one). Never loops: a fetch that returns the same token again is still the answer.
  boost::asio::awaitable<Result<std::string>> replace(std::string rejected, Clock::time_point deadline);

  /// How many fetches were started (for tests: concurrent requests share one).
  std::uint64_t fetches() const noexcept { return fetches_; }

  /// How long before its expiry a token is fetched again: 30 s, or half its lifetime when that is
  /// shorter (a 40 s token is renewed after 20 s, not at once).
  static std::chrono::seconds renewal_margin(std::chrono::system_clock::duration lifetime);

 private:
  struct Cached {
    FetchedToken token;
    std::chrono::system_clock::time_point renew_at;  ///< max when it has no expiry
  };
  boost::asio::awaitable<Result<std::string>> obtain(std::string const* rejected, Clock::time_point deadline);
  boost::asio::awaitable<Result<std::string>> fetch(Clock::time_point deadline);

  std::shared_ptr<CredentialSource> source_;
  WallClock now_;
  CredentialScrubber& scrubber_;
  std::optional<Cached> cached_;
  bool fetching_ = false;
  /// Waiters for a fetch in flight sleep on it; the fetch cancels it when done (any outcome).
  boost::asio::steady_timer fetched_signal_;
  std::uint64_t generation_ = 0;  ///< completed fetches
  std::optional<Error> last_failure_;  ///< of the latest completed fetch, shared with its waiters
  std::uint64_t fetches_ = 0;
};

}  // namespace polycloud::http
