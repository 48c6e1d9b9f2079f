#pragma once
// Internal HTTP client: the only door to the network. No Beast or OpenSSL in this header;
// they live in the .cpp files of src/http/. Adapters build Requests and read Responses; the
// client owns pooling, TLS, deadlines, retries, rate limits, the credential guard and tracing.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::http {

class Resolver;          // resolver.hpp: name lookups, injectable for tests
class CredentialSource;  // credential_source.hpp: a token fetched by a command or from an OAuth server

enum class Method { get, post, put, patch, delete_ };
std::string_view to_string(Method method) noexcept;

struct Header {
  std::string name;
  std::string value;
};
using Headers = std::vector<Header>;

/// Case-insensitive lookup; empty when absent.
std::string_view find_header(Headers const& headers, std::string_view name) noexcept;

struct Request {
  Method method = Method::get;
  boost::urls::url url;  ///< absolute; built with Boost.URL (segments and params percent-encoded)
  Headers headers;       ///< extra headers (Content-Type…); never credentials: the client adds those
  std::string body;
  /// GET is always idempotent. Other methods are retried only when an adapter declares them so.
  bool idempotent = false;
  /// For a request that must not run twice but may be sent again when the server surely did not act
  /// on it: a power action (a second reboot would reboot twice). Besides what every request is
  /// retried after (it never left the client: pool wait, connect, TLS), it is re-sent only after a
  /// 429 or a 503 carrying Retry-After, the two answers that say the request was refused unprocessed.
  /// Never after a 500/502/504, a reset or a timeout once it was sent: the server may have acted on
  /// it. Ignored when `idempotent` is set (which retries more).
  bool resend_if_unprocessed = false;
  std::string operation;  ///< "list", "get", "create"… for errors and the trace
  /// A 2xx answer with a body must carry a media type that the request's Accept names
  /// (application/json unless it sets its own, e.g. text/event-stream); else the exchange ends with a
  /// `protocol` error naming the Content-Type, before any byte of the body reaches a chunk handler.
  /// An empty body needs no Content-Type. providers::request_for sets this for every adapter request.
  bool check_content_type = false;
  /// Values in this request that are credentials the caller handed over (a VM password in the body):
  /// REDACTED, like the credential headers' values, in its dry run, its trace lines and its errors.
  std::vector<std::string> secrets;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;  ///< empty for a streamed 2xx response (the bytes went to the chunk handler)
  int attempts = 1;  ///< how many attempts the client made to get this response
  /// Why the client stopped retrying a retryable status, e.g. "retry policy exhausted"; empty when
  /// no retry was due. Adapters append it to the Error they map; the count is `attempts`, which
  /// Error::to_string prints, so the note does not repeat it.
  std::string retry_note;
  /// The server's Retry-After (delta-seconds or HTTP-date), parsed once here and clamped to
  /// [0, 1 day]; empty when absent or malformed. Adapters copy it to Error::retry_after.
  std::optional<std::chrono::seconds> retry_after;

  std::string_view header(std::string_view name) const noexcept { return find_header(headers, name); }
  bool ok() const noexcept { return status >= 200 && status < 300; }
};

/// Waits on behalf of the retry loop and rate limiter. Tests inject one that records the delays
/// instead of sleeping.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual boost::asio::awaitable<void> sleep(std::chrono::milliseconds delay) = 0;
};

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{200};  ///< full jitter: uniform(0, min(cap, base * 2^n))
  std::chrono::milliseconds max_delay{20'000};
  std::chrono::milliseconds max_retry_after{60'000};  ///< Retry-After is clamped to this
  std::uint64_t jitter_seed = 0;                      ///< 0: seeded from getentropy (core/random_seed.hpp)
  /// Client-wide retry budget (token bucket, as AWS "standard" mode): a retry costs retry_cost tokens
  /// (timeout_retry_cost after a timeout), a success earns one back; an empty bucket stops retrying.
  int budget_tokens = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
};

struct ClientOptions {
  std::string provider;     ///< configured name, for errors and the trace
  boost::urls::url origin;  ///< the configured endpoint; credentials are sent to this origin only
  /// Sent only to `origin` (scheme, host and port equal); shown as REDACTED in the trace. A fixed
  /// credential: a token (Authorization: Bearer) or an API key header.
  Headers credential_headers;
  /// Set: a bearer token fetched from it is added (Authorization: Bearer) to what goes to `origin`,
  /// kept until shortly before it expires, fetched once more after a 401 (the request is then sent
  /// once more), and scrubbed like any credential. See credential_source.hpp.
  std::shared_ptr<CredentialSource> credential_source;
  /// With a credential_source: whether an answer says the server refused the token (then one fresh
  /// token, one more send). Empty: a 401 does. For an API that says it otherwise (Katapult answers an
  /// expired token with 403 invalid_api_token); called with the collected body of a non-2xx answer.
  std::function<bool(Response const&)> refuses_token;
  /// The wall clock a fetched token's expiry is compared with; empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> wall_clock;
  /// Trusted CA certificates (PEM), used *instead of* the system store (a private CA's endpoint then
  /// trusts nothing else). Empty: the system store. Read on the first https connection; creation only
  /// checks that the file can be opened.
  std::string ca_file;
  bool allow_insecure_http = false;
  std::size_t max_connections = 8;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds attempt_timeout{30'000};
  std::chrono::milliseconds idle_timeout{30'000};
  RetryPolicy retry;
  /// Client-side rate limits; with both, the stricter applies. Per minute is how Katapult and ByCloud
  /// publish theirs (e.g. 60/min: one request a second, no burst beyond one).
  std::optional<double> rate_limit_per_second;
  std::optional<double> rate_limit_per_minute;
  std::size_t max_body_bytes = 64u << 20;
  std::size_t max_event_bytes = 1u << 20;  ///< per SSE event on streamed responses
  TraceSink trace;
  TraceSink dry_run;  ///< set: nothing is sent; the request (redacted) goes here, the call ends cancelled
  std::shared_ptr<Sleeper> sleeper;  ///< null: a real timer
  std::shared_ptr<Resolver> resolver;  ///< null: the system's (getaddrinfo on a background thread)
  /// The provider's `proxy` setting: an http:// proxy URL (HTTP CONNECT), or "" / "none" for no proxy.
  /// Unset: the environment decides as curl's variables do (https_proxy, http_proxy, all_proxy,
  /// no_proxy: http/proxy.hpp). Credentials are written only inside the tunnel.
  std::optional<std::string> proxy;
  Environment environment;  ///< where the proxy variables are read; null: the process environment
};

/// Thread safety: one Client may be used from any number of threads at once (e.g. every thread of a
/// multi-threaded io_context): each operation runs on a strand owned by the client, where all its
/// state (pools, waiters, limiter, retry budget) lives, and resumes the caller on the caller's own
/// executor. Chunk handlers are called on that strand. Destroy the Client only after its operations
/// have finished, and before its io_context.
class Client {
 public:
  /// Fails with ErrorKind::config for an http:// origin that is not loopback (unless allowed) or an
  /// unreadable ca_file. Loads no trust store: that waits for the first https connection.
  static Result<std::unique_ptr<Client>> create(boost::asio::any_io_executor executor, ClientOptions options);
  ~Client();
  Client(Client const&) = delete;
  Client& operator=(Client const&) = delete;

  /// Sends with retries. Any HTTP status is a Response (the adapter maps error bodies); a Result error
  /// means no usable response: transport, tls, timeout, protocol (limits, truncation), cancelled.
  boost::asio::awaitable<Result<Response>> send(Request request, CallOptions call);

  /// Like send, but a 2xx body is handed to `on_chunk` as bytes arrive instead of being collected.
  /// Returning an error from `on_chunk` aborts the exchange with that error. A streamed exchange is
  /// never retried once its response headers have arrived.
  boost::asio::awaitable<Result<Response>> stream(Request request,
                                                  std::function<Result<void>(std::string_view)> on_chunk,
                                                  CallOptions call);

  /// Lowers the rate limit to at most `requests_per_minute` (never raises it), for a limit learnt at
  /// runtime, e.g. Katapult's 429 body names its `total_permitted` per minute. Safe from any thread;
  /// applies to every attempt started after it returns. It queues no work: the Client may be destroyed
  /// right after it.
  void lower_rate_limit_per_minute(double requests_per_minute);

  /// How many times the credential source was asked for a token (0 without one). For tests: concurrent
  /// requests share one fetch. Read it only while no operation is in flight.
  std::uint64_t credential_fetches() const noexcept;

  /// The paced form of stream: the exchange reads no further until `on_chunk` completes, so a
  /// consumer that waits (e.g. for the caller to take a batch) bounds memory to one chunk.
  boost::asio::awaitable<Result<Response>> stream_paced(
      Request request, std::function<boost::asio::awaitable<Result<void>>(std::string_view)> on_chunk,
      CallOptions call);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Parses a JSON response body with the library's limits (depth 64). A non-JSON content type,
/// invalid JSON or excess depth is ErrorKind::protocol naming provider, operation and cause.
Result<boost::json::value> parse_json_body(Response const& response, std::string const& provider,
                                           std::string const& operation);

}  // namespace polycloud::http
