// The credential-source blocks of a provider ("token_command", "oauth"): shapes, ranges and the same
// secret handling as "token"/"token_file" (config.cpp lends its readers through KeyReader).
#include "core/config_parse.hpp"
#include "core/suggest.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>

namespace polycloud::detail {

namespace json = boost::json;

namespace {

/// The longest a token command may run: longer is surely a hung login prompt, not a credential helper.
constexpr std::int64_t max_command_timeout_s = 300;
/// As for "token": a shorter secret could not be scrubbed from text without pointing at it.
constexpr std::size_t min_secret_chars = 8;

Result<std::vector<std::string>> read_argv(json::value const& value, std::string const& path, KeyReader const& read) {
  auto const* array = value.if_array();
  if (array == nullptr || array->empty()) {
    return read.error(path, "expected a non-empty array of strings: the program and its arguments (no shell)");
  }
  std::vector<std::string> argv;
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto text = read.string((*array)[i], path + "[" + std::to_string(i) + "]");
    if (!text) return text.error();
    if (i == 0 && text->empty()) return read.error(path + "[0]", "the program must not be empty");
    argv.push_back(std::move(*text));
  }
  return argv;
}

/// Unknown keys of a block are errors with a near-miss hint, as everywhere in the config.
Result<void> known_keys(json::object const& block, std::vector<std::string> const& keys, std::string const& path,
                        KeyReader const& read) {
  for (auto const& [key, unused] : block) {
    std::string const k(key);
    if (std::find(keys.begin(), keys.end(), k) == keys.end())
      return read.error(path + "." + k, "unknown key" + did_you_mean(k, keys));
  }
  return {};
}

Result<std::string> required_string(json::object const& block, std::string_view key, std::string const& path,
                                    KeyReader const& read) {
  auto const* value = block.if_contains(key);
  if (value == nullptr) return read.error(path + "." + std::string(key), "missing required key");
  auto text = read.string(*value, path + "." + std::string(key));
  if (text && text->empty()) return read.error(path + "." + std::string(key), "must not be empty");
  return text;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

}  // namespace

Result<TokenCommand> parse_token_command(json::value const& value, std::string const& path, KeyReader const& read) {
  TokenCommand command;
  if (value.is_array()) {
    auto argv = read_argv(value, path, read);
    if (!argv) return argv.error();
    command.argv = std::move(*argv);
    return command;
  }
  auto const* block = value.if_object();
  if (block == nullptr) return read.error(path, "expected an array [\"program\", \"arg\"…] or {\"argv\": […], \"timeout_s\": N}");
  if (auto ok = known_keys(*block, {"argv", "timeout_s"}, path, read); !ok) return ok.error();
  auto const* argv_value = block->if_contains("argv");
  if (argv_value == nullptr) return read.error(path + ".argv", "missing required key");
  auto argv = read_argv(*argv_value, path + ".argv", read);
  if (!argv) return argv.error();
  command.argv = std::move(*argv);
  if (auto const* timeout = block->if_contains("timeout_s")) {
    if (!timeout->is_int64() || timeout->get_int64() <= 0 || timeout->get_int64() > max_command_timeout_s)
      return read.error(path + ".timeout_s", "expected a whole number of seconds from 1 to 300");
    command.timeout = std::chrono::seconds(timeout->get_int64());
  }
  return command;
}

Result<OAuthClient> parse_oauth(json::value const& value, std::string const& path, KeyReader const& read,
                                bool allow_insecure_http) {
  auto const* block = value.if_object();
  if (block == nullptr) return read.error(path, "expected an object with \"token_url\", \"client_id\" and \"client_secret\"");
  if (auto ok = known_keys(*block, {"token_url", "client_id", "client_secret", "client_secret_file", "scope"}, path, read); !ok)
    return ok.error();
  OAuthClient oauth;
  auto url = required_string(*block, "token_url", path, read);
  if (!url) return url.error();
  auto parsed = boost::urls::parse_absolute_uri(*url);
  std::string const url_path = path + ".token_url";
  if (parsed && parsed->has_userinfo()) return read.error(url_path, "must not hold credentials (user:password@)");
  if (!parsed || (parsed->scheme() != "https" && parsed->scheme() != "http") || parsed->host().empty())
    return read.error(url_path, "expected an absolute http(s) URL");
  if (parsed->scheme() == "http" && !allow_insecure_http && !is_loopback(parsed->host()))
    return read.error(url_path, "plain http is only allowed to loopback; set \"allow_insecure_http\": true to override");
  oauth.token_url = std::move(*url);

  auto id = required_string(*block, "client_id", path, read);
  if (!id) return id.error();
  oauth.client_id = std::move(*id);

  bool const inline_secret = block->contains("client_secret");
  if (inline_secret == block->contains("client_secret_file"))
    return read.error(path, "give exactly one of \"client_secret\" or \"client_secret_file\"");
  std::string const secret_path = path + (inline_secret ? ".client_secret" : ".client_secret_file");
  auto secret = inline_secret ? read.string(block->at("client_secret"), secret_path)
                              : required_string(*block, "client_secret_file", path, read);
  if (secret && !inline_secret) secret = read.secret_file(*secret, secret_path);
  if (!secret) return secret.error();
  if (secret->size() < min_secret_chars)
    return read.error(secret_path, "a credential must be at least " + std::to_string(min_secret_chars) + " characters");
  if (inline_secret && read.holds_literal_secret != nullptr &&
      block->at("client_secret").get_string().find("${") == json::string::npos) {
    *read.holds_literal_secret = true;
  }
  oauth.client_secret = Secret(std::move(*secret));

  if (auto const* scope = block->if_contains("scope")) {
    auto text = read.string(*scope, path + ".scope");
    if (!text) return text.error();
    oauth.scope = std::move(*text);
  }
  return oauth;
}

}  // namespace polycloud::detail
