#include "http/token_output.hpp"

#include <boost/json/parse.hpp>

#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>

namespace polycloud::http {
namespace json = boost::json;
using std::chrono::system_clock;

namespace {
constexpr std::size_t min_token_chars = 8;
constexpr std::size_t max_token_chars = 16384;
constexpr std::int64_t max_lifetime_s = 10LL * 366 * 24 * 3600;
}  // namespace

boost::system::result<void, TokenProblem> check_token(std::string_view token) {
  if (token.size() < min_token_chars || token.size() > max_token_chars) {
    return TokenProblem{"a token of " + std::to_string(token.size()) + " characters (expected 8 to 16384)"};
  }
  for (char c : token) {
    if (c < 0x21 || c > 0x7e) return TokenProblem{"a token holding a space, a control or a non-ASCII character"};
  }
  return {};
}

boost::system::result<system_clock::time_point, TokenProblem> expiry_after(json::value const& seconds,
                                                                          system_clock::time_point now) {
  if (!seconds.is_int64() || seconds.get_int64() <= 0 || seconds.get_int64() > max_lifetime_s) {
    return TokenProblem{"an expires_in that is not a whole number of seconds from 1 to 10 years"};
  }
  return now + std::chrono::seconds{seconds.get_int64()};
}

std::optional<system_clock::time_point> parse_rfc3339(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  std::tm tm{};
  std::istringstream in{std::string{text.substr(0, 19)}};
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  auto rest = text.substr(19);
  if (rest.front() == '.') {  // fractional seconds: a token's expiry needs none
    auto const digits = rest.find_first_not_of("0123456789", 1);
    if (digits == 1 || digits == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(digits);
  }
  std::chrono::seconds offset{0};
  if (rest != "Z" && rest != "z") {
    int hours = 0, minutes = 0;
    char sign = 0, colon = 0;
    std::istringstream zone{std::string{rest}};
    zone >> sign >> std::setw(2) >> hours >> colon >> std::setw(2) >> minutes;
    if (rest.size() != 6 || zone.fail() || (sign != '+' && sign != '-') || colon != ':' || hours > 23 || minutes > 59)
      return std::nullopt;
    offset = std::chrono::hours{hours} + std::chrono::minutes{minutes};
    if (sign == '-') offset = -offset;
  }
  std::time_t const seconds = timegm(&tm);
  if (seconds == -1) return std::nullopt;
  return system_clock::from_time_t(seconds) - offset;
}

boost::system::result<FetchedToken, TokenProblem> read_token_output(std::string_view output,
                                                                   system_clock::time_point now) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 16;
  auto const parsed = json::parse(output, ec, {}, options);
  if (ec || !parsed.is_object()) return TokenProblem{"no JSON object on stdout"};
  auto const& object = parsed.get_object();
  auto const* token = object.if_contains("token");
  if (token == nullptr || !token->is_string()) return TokenProblem{"JSON without a \"token\" string"};
  FetchedToken fetched{std::string(token->get_string()), std::nullopt};
  if (auto ok = check_token(fetched.value); !ok) return ok.error();
  auto const* at = object.if_contains("expires_at");
  auto const* in = object.if_contains("expires_in");
  if (at != nullptr && in != nullptr) return TokenProblem{"both \"expires_at\" and \"expires_in\" (give one)"};
  if (at != nullptr) {
    auto const when = at->is_string() ? parse_rfc3339(at->get_string()) : std::nullopt;
    if (!when) return TokenProblem{"an \"expires_at\" that is not an RFC 3339 time such as 2026-01-02T15:04:05Z"};
    fetched.expires_at = *when;
  }
  if (in != nullptr) {
    auto when = expiry_after(*in, now);
    if (!when) return when.error();
    fetched.expires_at = *when;
  }
  return fetched;
}

}  // namespace polycloud::http
