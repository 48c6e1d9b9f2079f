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
  std::string operation;  ///< "list", "get", "create"… for errors and the trace
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;  ///< empty for a streamed 2xx response (the bytes went to the chunk handler)
  int attempts = 1;  ///< how many attempts the client made to get this response
  /// Why the client stopped retrying a retryable status, e.g. "after 3 attempts: retry policy
  /// exhausted"; empty when no retry was due. Adapters append it to the Error they map.
  std::string retry_note;
  /// The server's Retry-After (seconds or HTTP-date), parsed once and clamped; empty when absent.
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
  std::uint64_t jitter_seed = 0;                      ///< 0: seeded from std::random_device
  /// Client-wide retry budget (token bucket, as AWS "standard" mode): a retry costs retry_cost tokens
  /// (timeout_retry_cost after a timeout), a success earns one back; an empty bucket stops retrying.
  int budget_tokens = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
};

struct ClientOptions {
  std::string provider;     ///< configured name, for errors and the trace
  boost::urls::url origin;  ///< the configured endpoint; credentials are sent to this origin only
  /// Sent only to `origin` (scheme, host and port equal); shown as REDACTED in the trace.
  Headers credential_headers;
  std::string ca_file;  ///< extra trusted CA (PEM), besides the system store
  bool allow_insecure_http = false;
  std::size_t max_connections = 8;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds attempt_timeout{30'000};
  std::chrono::milliseconds idle_timeout{30'000};
  RetryPolicy retry;
  std::optional<double> rate_limit_per_second;
  std::size_t max_body_bytes = 64u << 20;
  std::size_t max_event_bytes = 1u << 20;  ///< per SSE event on streamed responses
  TraceSink trace;
  std::shared_ptr<Sleeper> sleeper;  ///< null: a real timer
};

class Client {
 public:
  /// Fails with ErrorKind::config for an http:// origin that is not loopback (unless allowed) or an
  /// unreadable ca_file.
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
