// The Client: validation at creation, then per request the retry loop around single attempts
// (pool slot → connection → exchange), with rate limiting, the credential guard and the trace.
#include "http/client.hpp"

#include "http/connection.hpp"
#include "http/credential_source.hpp"
#include "http/header_safety.hpp"
#include "http/origin.hpp"
#include "http/pool.hpp"
#include "http/proxy.hpp"
#include "http/rate_limiter.hpp"
#include "http/request_writer.hpp"
#include "http/resolver.hpp"
#include "http/retry.hpp"
#include "http/scrub.hpp"
#include "http/tls.hpp"
#include "http/token_cache.hpp"
#include "http/trace.hpp"

#include "core/trace_file.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <map>

namespace polycloud::http {
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

class TimerSleeper final : public Sleeper {
 public:
  asio::awaitable<void> sleep(milliseconds delay) override {
    asio::steady_timer timer{co_await asio::this_coro::executor, delay};
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
};

/// What one attempt produced, and what that means for retrying it.
struct AttemptOutcome {
  ExchangeResult exchange;
  bool never_sent = false;  ///< failed before any request byte left the client (pool wait, connect, TLS)
  bool permanent = false;   ///< another attempt cannot go differently (the host name does not exist)
};

bool is_retryable_failure(ErrorKind kind) noexcept {
  return kind == ErrorKind::transport || kind == ErrorKind::timeout || kind == ErrorKind::unavailable;
}

}  // namespace

struct Client::Impl {
  /// Every piece of client state below is touched only on this strand: that is what makes one
  /// Client safe to call from any thread of a multi-threaded io_context.
  asio::strand<asio::any_io_executor> strand;
  ClientOptions options;
  Origin origin;
  ProxyChoice proxies;
  std::shared_ptr<asio::ssl::context> tls_context;  ///< set on the first https connection (shared_tls_context)
  std::map<std::string, std::shared_ptr<OriginPool>> pools;
  Backoff backoff;
  RetryBudget budget;
  RateLimiter limiter;
  /// A rate learnt at runtime (lower_rate_limit_per_minute), in requests per second; 0: none. Set from
  /// any thread without touching the strand, so nothing is left queued to outlive the Client; the
  /// strand folds it into the limiter before every attempt.
  std::atomic<double> learnt_rate{0};
  std::shared_ptr<Sleeper> sleeper;
  std::shared_ptr<Resolver> resolver;
  CredentialScrubber scrubber;
  /// The fetched bearer token, when ClientOptions::credential_source names where to get it.
  std::unique_ptr<TokenCache> tokens;
  /// POLYCLOUD_TRACE_FILE (core/trace_file.hpp): trace lines, dry runs and errors also go there.
  detail::TraceFile const* trace_file = detail::process_trace_file();

  Impl(asio::any_io_executor executor, ClientOptions options_in, Origin origin_in, ProxyChoice proxies_in)
      : strand(asio::make_strand(std::move(executor))),
        options(std::move(options_in)),
        origin(std::move(origin_in)),
        proxies(std::move(proxies_in)),
        backoff(options.retry),
        budget(options.retry.budget_tokens),
        limiter(combined_rate(options.rate_limit_per_second, options.rate_limit_per_minute)),
        sleeper(options.sleeper ? options.sleeper : std::make_shared<TimerSleeper>()),
        resolver(options.resolver ? options.resolver : system_resolver()),
        scrubber(with_proxy_secrets(options.credential_headers, proxies)) {
    if (options.credential_source) {
      tokens = std::make_unique<TokenCache>(strand, options.credential_source, options.wall_clock, scrubber);
    }
  }

  static Headers with_proxy_secrets(Headers secrets, ProxyChoice const& proxies) {
    for (auto& secret : proxies.secrets()) secrets.push_back(std::move(secret));
    return secrets;
  }

  /// The credential headers for a request to the configured origin: the fixed ones, and the fetched
  /// token when there is one.
  Headers credentials_with(std::string const& token) const {
    Headers headers = options.credential_headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return headers;
  }

  Error error(ErrorKind kind, std::string message, Request const& request) const {
    return make_error(kind, std::move(message), options.provider, request.operation);
  }

  /// A token that could not be fetched ends the call: the source's error, as this request's.
  Error token_failure(Error failure, Request const& request) const {
    scrubber.scrub(failure.message);
    failure.provider = options.provider;
    failure.operation = request.operation;
    return failure;
  }

  Result<Origin> checked_origin(Request const& request) const {
    auto target = origin_of(request.url);
    if (!target) return error(ErrorKind::config, target.error().message, request);
    if (!target->tls() && !is_loopback_host(target->host) && !options.allow_insecure_http) {
      return error(ErrorKind::config,
                   "plain http:// to '" + target->host +
                       "' is refused (only loopback may skip TLS; set \"allow_insecure_http\": true to allow it)",
                   request);
    }
    return target;
  }

  /// One pool per origin and route: a connection tunnelled through a proxy never serves a direct request.
  OriginPool& pool_for(Origin const& target, std::optional<Proxy> const& proxy) {
    auto& pool = pools[target.to_string() + (proxy ? " via " + proxy->to_string() : "")];
    if (!pool) pool = std::make_shared<OriginPool>(strand, options.max_connections, options.idle_timeout);
    return *pool;
  }

  asio::awaitable<AttemptOutcome> attempt_once(Origin const& target, std::optional<Proxy> const& proxy,
                                               std::string const& bytes, bool idempotent,
                                               std::string_view required_media, ChunkHandler const* on_chunk,
                                               CallOptions const& call);
  asio::awaitable<Result<Response>> run(Request request, ChunkHandler const* on_chunk, CallOptions call);
  asio::awaitable<Result<Response>> guarded_run(Request request, ChunkHandler on_chunk, CallOptions call);
  asio::awaitable<Result<Response>> on_strand(Request request, ChunkHandler on_chunk, CallOptions call);
  void trace(Request const& request, SerializedRequest const& sent, int attempt, AttemptOutcome const& outcome,
             Clock::time_point started) const;
};

asio::awaitable<AttemptOutcome> Client::Impl::attempt_once(Origin const& target, std::optional<Proxy> const& proxy,
                                                           std::string const& bytes, bool idempotent,
                                                           std::string_view required_media,
                                                           ChunkHandler const* on_chunk, CallOptions const& call) {
  auto const attempt_deadline = std::min(Clock::now() + options.attempt_timeout, call.deadline);
  auto lease = co_await pool_for(target, proxy).acquire(attempt_deadline);
  if (!lease) co_return AttemptOutcome{.exchange = {.response = lease.error()}, .never_sent = true};

  for (;;) {
    if (lease->connection() == nullptr) {
      auto const connect_deadline = std::min(Clock::now() + options.connect_timeout, attempt_deadline);
      if (target.tls() && !tls_context) {
        // The first https connection of this client (its endpoint's, or a server-given absolute URL's):
        // the process-wide context for this trust, built now if no client needed it before.
        auto shared = shared_tls_context(options.ca_file);
        if (!shared) co_return AttemptOutcome{.exchange = {.response = shared.error()}, .never_sent = true};
        tls_context = std::move(*shared);
      }
      auto opened = co_await Connection::open(target, proxy ? &*proxy : nullptr, tls_context.get(), resolver,
                                              connect_deadline);
      if (!opened.connection) {
        co_return AttemptOutcome{
            .exchange = {.response = opened.connection.error()}, .never_sent = true, .permanent = opened.permanent};
      }
      lease->attach(std::move(*opened.connection));
    }
    ExchangeLimits const limits{.max_body_bytes = options.max_body_bytes,
                                .attempt_deadline = attempt_deadline,
                                .stream_idle_timeout = options.attempt_timeout,
                                .call_deadline = call.deadline,
                                .required_media = required_media};
    auto exchange = co_await lease->connection()->exchange(bytes, limits, on_chunk);
    bool const stale = !exchange.response && lease->reused() && !exchange.response_started &&
                       exchange.response.error().kind == ErrorKind::transport;
    if (stale && idempotent) {
      lease->discard();  // the server dropped the idle connection: once more on a fresh one, not an attempt
      continue;
    }
    if (exchange.reusable) lease->keep();
    co_return AttemptOutcome{.exchange = std::move(exchange)};
  }
}

void Client::Impl::trace(Request const& request, SerializedRequest const& sent, int attempt,
                         AttemptOutcome const& outcome, Clock::time_point started) const {
  if (!options.trace && trace_file == nullptr) return;
  auto const& response = outcome.exchange.response;
  std::string const url{request.url.buffer()};
  auto line = format_trace_line({.provider = options.provider,
                                 .operation = request.operation,
                                 .method = request.method,
                                 .url = url,
                                 .sent_headers = &sent.sent_headers,
                                 .secret_headers = &options.credential_headers,
                                 .attempt = attempt,
                                 .status = response ? response->status : 0,
                                 .bytes = outcome.exchange.body_bytes,
                                 .duration = std::chrono::duration_cast<milliseconds>(Clock::now() - started),
                                 .error = response ? std::string_view{} : response.error().message});
  scrubber.scrub(line, request.secrets);  // header values and error text may echo a credential under another name
  if (options.trace) options.trace(line);
  if (trace_file != nullptr) trace_file->append("trace", line);
}

asio::awaitable<Result<Response>> Client::Impl::run(Request request, ChunkHandler const* on_chunk, CallOptions call) {
  auto const target = checked_origin(request);
  if (!target) co_return target.error();
  if (auto const unsafe = first_unsafe_header(request.headers); !unsafe.empty()) {
    co_return error(ErrorKind::invalid_argument, unsafe + "; nothing was sent", request);
  }
  auto const proxy = proxies.for_origin(*target);
  if (!proxy) co_return error(ErrorKind::config, proxy.error().message, request);
  bool const idempotent = request.method == Method::get || request.idempotent;
  bool const resend_if_unprocessed = !idempotent && request.resend_if_unprocessed;
  // Why a request that must not run twice was not sent again: a create never is; a power action
  // only when the answer said it was refused unprocessed (Request::resend_if_unprocessed).
  std::string const not_resent = resend_if_unprocessed ? "not sent again: the server may have acted on it"
                                                       : "non-idempotent request not retried";
  // The credential guard: credentials go to the configured origin and nowhere else; a token is fetched
  // only for a request going there, and never for a dry run (which sends nothing).
  bool const to_origin = *target == origin;
  std::string token;
  if (tokens && to_origin) {
    // Not a conditional expression around the co_await: g++ 12 mishandles the temporaries of one.
    Result<std::string> fetched = std::string("fetched-when-sent");
    if (!options.dry_run) fetched = co_await tokens->current(call.deadline);
    if (!fetched) co_return token_failure(fetched.error(), request);
    token = std::move(*fetched);
  }
  Headers credentials = credentials_with(token);
  auto sent = serialize_request(request, to_origin ? &credentials : nullptr);
  bool refreshed = false;  // a 401 refreshes the fetched token once per request, never in a loop
  if (options.dry_run) {
    auto shown = format_dry_run(request, sent.sent_headers, options.credential_headers);
    scrubber.scrub(shown, request.secrets);  // a VM password in the body (the headers are REDACTED already)
    if (trace_file != nullptr) trace_file->append("dry-run", shown);
    options.dry_run(shown);
    auto stopped = error(ErrorKind::cancelled, "dry run: the request was shown, not sent", request);
    stopped.attempts = 0;  // nothing left this process: a create's outcome is known
    co_return stopped;
  }
  auto const cancellation = co_await asio::this_coro::cancellation_state;
  // What a 2xx body must be: what the request's Accept asked for (request_writer sends application/json
  // unless the request sets its own).
  auto const accept = find_header(request.headers, "Accept");
  std::string const required_media = !request.check_content_type ? std::string()
                                     : accept.empty()            ? std::string("application/json")
                                                                 : std::string(accept);

  // Whether any attempt may have reached the server (a byte of it was written, or that is unknown).
  bool any_sent = false;
  // Ends the loop: the outcome of the last attempt, with the reason retrying stopped.
  auto finish = [&](AttemptOutcome&& outcome, int attempts, std::string const& why_stopped) -> Result<Response> {
    auto& result = outcome.exchange.response;
    if (result) {
      result->attempts = attempts;
      result->retry_note = why_stopped;  // the count is Response::attempts: the note never repeats it
      return std::move(result);
    }
    Error failure = result.error();
    scrubber.scrub(failure.message, request.secrets);
    failure.provider = options.provider;
    failure.operation = request.operation;
    failure.attempts = attempts;
    // The count is Error::attempts, which Error::to_string prints: the message never repeats it.
    if (!why_stopped.empty()) failure.message += " (" + why_stopped + ")";
    if (!any_sent) {
      // Error::attempts is 0 when nothing was sent (error.hpp): what lets a create that never left
      // (DNS, connect or TLS failed or timed out) report its own kind instead of an unknown outcome,
      // which a look-up could only guess at (issue 22). The tries are still said.
      failure.attempts = 0;
      failure.message += "; nothing was sent (" + std::to_string(attempts) + (attempts == 1 ? " try)" : " tries)");
    }
    return failure;
  };

  // The limiter's slot for the next attempt (a limit learnt since is folded in first).
  auto reserve_slot = [&] {
    if (double const learnt = learnt_rate.load(std::memory_order_relaxed); learnt > 0) limiter.lower_to(learnt);
    return limiter.reserve(Clock::now());
  };
  milliseconds wait{0};
  for (int attempt = 1;; ++attempt) {
    if (attempt == 1) wait = reserve_slot();  // a retry's slot is reserved with its backoff, below
    if (wait > milliseconds{0}) {
      if (attempt == 1 && saturating_add(Clock::now(), wait) >= call.deadline) {
        co_return error(ErrorKind::timeout,
                        "the rate limit wait of " + std::to_string(wait.count()) + " ms would pass the deadline",
                        request);
      }
      co_await sleeper->sleep(wait);
      if (cancellation.cancelled() != asio::cancellation_type::none) {
        co_return error(ErrorKind::cancelled, "cancelled by the caller while waiting to retry", request);
      }
    }
    if (Clock::now() >= call.deadline) {
      auto failure = error(ErrorKind::timeout, "deadline passed before attempt " + std::to_string(attempt), request);
      failure.attempts = any_sent ? attempt - 1 : 0;  // 0: nothing was sent (see finish)
      co_return failure;
    }

    auto const started = Clock::now();
    auto outcome = co_await attempt_once(*target, *proxy, sent.bytes, idempotent, required_media, on_chunk, call);
    any_sent = any_sent || !outcome.never_sent;
    trace(request, sent, attempt, outcome, started);
    auto& result = outcome.exchange.response;

    int cost = options.retry.retry_cost;
    std::optional<milliseconds> retry_after;
    if (result) {
      for (auto& header : result->headers) scrubber.scrub(header.value, request.secrets);  // e.g. an X-Request-Id echoing the token
      result->retry_after = advised_retry_after(result->header("Retry-After"), std::chrono::system_clock::now());
      if (result->retry_after) retry_after = std::min(milliseconds{*result->retry_after}, options.retry.max_retry_after);
      limiter.observe({.status = result->status,
                       .retry_after = retry_after,
                       .limit = result->header("X-RateLimit-Limit"),
                       .remaining = result->header("X-RateLimit-Remaining"),
                       .reset = result->header("X-RateLimit-Reset")},
                      Clock::now(), std::chrono::system_clock::now(), options.retry.max_retry_after);
      if (tokens && !result->ok()) scrubber.scrub(result->body);  // an error body may echo a fetched token
      bool const refused = !token.empty() && !result->ok() &&
                           (options.refuses_token ? options.refuses_token(*result) : result->status == 401);
      if (refused && !refreshed) {
        // The server refused the fetched token (revoked, or expired early): one fresh token, one more
        // send. Safe even for a create: a 401 says the request was not acted on.
        refreshed = true;
        auto renewed = co_await tokens->replace(token, call.deadline);
        if (!renewed) co_return token_failure(renewed.error(), request);
        token = std::move(*renewed);
        credentials = credentials_with(token);
        sent = serialize_request(request, &credentials);
        wait = reserve_slot();
        continue;
      }
      if (!is_retryable_status(result->status) || (on_chunk != nullptr && result->ok())) {
        if (result->ok()) budget.earn();
        bool const refused_again = refreshed && refused;
        co_return finish(std::move(outcome), attempt, refused_again ? "a freshly fetched token was refused too" : "");
      }
      bool const unprocessed =
          resend_if_unprocessed && says_unprocessed(result->status, result->retry_after.has_value());
      if (!idempotent && !unprocessed) co_return finish(std::move(outcome), attempt, not_resent);
    } else {
      auto const kind = result.error().kind;
      if (kind == ErrorKind::cancelled || !is_retryable_failure(kind)) co_return finish(std::move(outcome), attempt, "");
      if (outcome.permanent) co_return finish(std::move(outcome), attempt, "the name does not exist: not retried");
      if (Clock::now() >= call.deadline) {
        if (kind != ErrorKind::timeout) {
          outcome.exchange.response = error(ErrorKind::timeout, "deadline passed after: " + result.error().message, request);
        }
        co_return finish(std::move(outcome), attempt, "");
      }
      bool const headers_arrived = outcome.exchange.response_started;
      if (on_chunk != nullptr && headers_arrived) {
        co_return finish(std::move(outcome), attempt, "a streamed response is not retried");
      }
      if (!idempotent && !outcome.never_sent) co_return finish(std::move(outcome), attempt, not_resent);
      if (kind == ErrorKind::timeout) cost = options.retry.timeout_retry_cost;
    }

    if (attempt >= options.retry.max_attempts) co_return finish(std::move(outcome), attempt, "retry policy exhausted");
    if (!budget.try_spend(cost)) co_return finish(std::move(outcome), attempt, "client retry budget exhausted");
    // The backoff, the server's Retry-After and the rate limit together: a retry whose wait would pass
    // the deadline is not waited for (it was slept through when the limiter's share came after this check).
    wait = std::max({backoff.delay_before_retry(attempt), retry_after.value_or(milliseconds{0}), reserve_slot()});
    if (saturating_add(Clock::now(), wait) >= call.deadline) {
      co_return finish(std::move(outcome), attempt, "the deadline leaves no time to wait for another attempt");
    }
  }
}

/// Caller cancellation surfaces inside Asio as an operation_aborted exception at the next co_await
/// (throw_if_cancelled); here it becomes the value the interface promises.
asio::awaitable<Result<Response>> Client::Impl::guarded_run(Request request, ChunkHandler on_chunk, CallOptions call) {
  std::string const operation = request.operation;
  try {
    auto result = co_await run(std::move(request), on_chunk ? &on_chunk : nullptr, call);
    if (!result && trace_file != nullptr) trace_file->append_error(result.error());
    co_return result;
  } catch (boost::system::system_error const& failure) {
    if (failure.code() != asio::error::operation_aborted) throw;
  }
  co_return make_error(ErrorKind::cancelled, "cancelled by the caller", options.provider, operation);
}

/// Runs the request on the client's strand; co_spawn resumes the caller on its own executor when it
/// is done and forwards the caller's cancellation slot into the strand.
asio::awaitable<Result<Response>> Client::Impl::on_strand(Request request, ChunkHandler on_chunk, CallOptions call) {
  co_return co_await asio::co_spawn(strand, guarded_run(std::move(request), std::move(on_chunk), call),
                                    asio::use_awaitable);
}

Result<std::unique_ptr<Client>> Client::create(asio::any_io_executor executor, ClientOptions options) {
  auto origin = origin_of(options.origin);
  auto config_error = [&](std::string message) {
    return make_error(ErrorKind::config, std::move(message), options.provider, "config");
  };
  if (!origin) return config_error("endpoint: " + origin.error().message);
  // Every exchange runs on this executor: without one the first call dereferences nothing (a segfault),
  // so the mistake is reported where it is made, as Fleet::create's and make_provider's error.
  if (!executor) return config_error("ProviderContext::executor is not set: give it the executor the calls run on");
  if (!origin->tls() && !is_loopback_host(origin->host) && !options.allow_insecure_http) {
    return config_error("endpoint '" + std::string{options.origin.buffer()} +
                        "' uses plain http:// to a non-loopback host; use https or set \"allow_insecure_http\": true");
  }
  if (auto const unsafe = first_unsafe_header(options.credential_headers); !unsafe.empty()) {
    return config_error("credentials: " + unsafe);
  }
  // TLS trust is loaded on the first https connection (attempt_once), not here: the CLI creates a
  // client for every configured provider, and the system store costs 20-30 ms of CPU that a listing of
  // another (or a plain-http) provider should not pay. A missing ca_file is still a config error now,
  // checked cheaply; one that is not PEM is reported by the first request, as the same config error.
  if (origin->tls() && !options.ca_file.empty()) {
    if (auto readable = check_ca_file_readable(options.ca_file); !readable) {
      return config_error(readable.error().message);
    }
  }
  auto proxies = ProxyChoice::from(options.proxy, options.environment ? options.environment : process_environment());
  if (!proxies) return config_error(proxies.error().message);
  if (auto endpoint_proxy = proxies->for_origin(*origin); !endpoint_proxy) {
    return config_error(endpoint_proxy.error().message);  // a malformed variable that the endpoint would use
  }
  return std::unique_ptr<Client>{new Client{
      std::make_unique<Impl>(std::move(executor), std::move(options), std::move(*origin), std::move(*proxies))}};
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

asio::awaitable<Result<Response>> Client::send(Request request, CallOptions call) {
  return impl_->on_strand(std::move(request), nullptr, call);
}

asio::awaitable<Result<Response>> Client::stream(Request request,
                                                 std::function<Result<void>(std::string_view)> on_chunk,
                                                 CallOptions call) {
  ChunkHandler paced;
  if (on_chunk) {
    paced = [on_chunk = std::move(on_chunk)](std::string_view chunk) -> asio::awaitable<Result<void>> {
      co_return on_chunk(chunk);
    };
  }
  return impl_->on_strand(std::move(request), std::move(paced), call);
}

void Client::lower_rate_limit_per_minute(double requests_per_minute) {
  double const rate = requests_per_minute / 60;
  if (!(rate > 0)) return;
  // The lowest rate learnt wins; the limiter itself stays on the strand (Impl::learnt_rate).
  auto& learnt = impl_->learnt_rate;
  double current = learnt.load(std::memory_order_relaxed);
  while ((current == 0 || rate < current) && !learnt.compare_exchange_weak(current, rate, std::memory_order_relaxed)) {
  }
}

std::uint64_t Client::credential_fetches() const noexcept {
  return impl_->tokens ? impl_->tokens->fetches() : 0;
}

asio::awaitable<Result<Response>> Client::stream_paced(
    Request request, std::function<asio::awaitable<Result<void>>(std::string_view)> on_chunk, CallOptions call) {
  return impl_->on_strand(std::move(request), std::move(on_chunk), call);
}

}  // namespace polycloud::http
