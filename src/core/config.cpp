#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include "core/bounded_file.hpp"
#include "core/config_parse.hpp"
#include "core/config_values.hpp"
#include "core/duplicate_keys.hpp"
#include "core/proxy_url.hpp"
#include "core/scrub.hpp"
#include "core/suggest.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstdlib>

namespace polycloud {

namespace {

namespace json = boost::json;

/// Builds config errors that name the source file, the key path and what was expected.
struct ConfigErrors {
  std::string const& source;
  Error at(std::string const& path, std::string const& what) const {
    return make_error(ErrorKind::config, source + ": " + path + ": " + what, {}, "config");
  }
};

/// What parsing one file gathers besides the providers.
struct ParseState {
  ConfigErrors errors;
  Environment const& env;
  std::vector<std::string> warnings;
  bool holds_literal_secret = false;
};

std::vector<std::string> const common_keys{"type",    "endpoint",        "token",   "token_file",
                                           "api_key", "ca_file",         "timeout_s", "max_connections",
                                           "aliases", "allow_insecure_http", "rate_limit_per_second", "rate_limit_per_minute",
                                           "max_body_mb", "proxy", "list_timeout_s", "token_command", "oauth",
                                           "catalog_ttl_s"};

/// One day: longer is surely a typo, and every deadline computed from it stays far from overflow.
constexpr std::int64_t max_timeout_s = 24 * 60 * 60;
/// Thirty days: a catalog older than that is surely not what the user wants to build from.
constexpr std::int64_t max_catalog_ttl_s = 30 * 24 * 60 * 60;
/// Rate limits, in requests per second: at least one request an hour, at most a million a second. A
/// slower limit is surely a typo (2e-11 once meant "wait 1,500 years" and overflowed the limiter's
/// wait into "send now"); nothing is ever paced faster than the upper bound.
constexpr double min_rate_per_second = 1.0 / 3600;
constexpr double max_rate_per_second = 1e6;
/// Credentials shorter than this are refused: scrubbing a short token from text would give it away
/// (scrubbing "t" marks every "t"), and no real API issues one.
constexpr std::size_t min_credential_chars = 8;

/// CR or LF in a value that becomes a header would start a new header line (injection); NUL ends it
/// early in C APIs. Such a value is refused at load, naming the key but never the value.
Result<void> check_header_safe(std::string_view value, std::string const& path, ConfigErrors const& errors) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos) return {};
  return errors.at(path, "contains a CR, LF or NUL character, which a credential or header value must not hold");
}

/// Expands ${VAR} in one string; an unset variable is an error naming it.
Result<std::string> expand_variables(std::string const& text, std::string const& path, Environment const& env,
                                     ConfigErrors const& errors) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("${", pos);
    if (open == std::string::npos) break;
    auto close = text.find('}', open + 2);
    if (close == std::string::npos) return errors.at(path, "unterminated ${ in value");
    out.append(text, pos, open - pos);
    auto name = text.substr(open + 2, close - open - 2);
    auto value = env(name);
    if (!value) return errors.at(path, "environment variable " + name + " is not set");
    out += *value;
    pos = close + 1;
  }
  out.append(text, pos);
  if (auto safe = check_header_safe(out, path, errors); !safe) return safe.error();
  return out;
}

/// Expands variables in every string of a JSON tree (provider-specific settings).
Result<void> expand_tree(json::value& value, std::string const& path, Environment const& env,
                         ConfigErrors const& errors) {
  if (auto* text = value.if_string()) {
    auto expanded = expand_variables(std::string(*text), path, env, errors);
    if (!expanded) return expanded.error();
    *text = *expanded;
  } else if (auto* object = value.if_object()) {
    for (auto& [key, child] : *object)
      if (auto r = expand_tree(child, path + "." + std::string(key), env, errors); !r) return r;
  } else if (auto* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i)
      if (auto r = expand_tree((*array)[i], path + "[" + std::to_string(i) + "]", env, errors); !r) return r;
  }
  return {};
}

Result<std::string> string_at(json::object const& block, std::string_view key, std::string const& path,
                              Environment const& env, ConfigErrors const& errors) {
  auto const& value = block.at(key);
  if (!value.is_string()) return errors.at(path, "expected a string");
  return expand_variables(std::string(value.get_string()), path, env, errors);
}

/// "~/x" is $HOME/x. With HOME unset or empty it is an error: it would otherwise name the literal
/// file "~/x", or "./x" under the current directory, which is not the file the user meant.
Result<std::filesystem::path> expand_home(std::string const& text, std::string const& path, Environment const& env,
                                          ConfigErrors const& errors) {
  if (!text.starts_with("~/")) return std::filesystem::path(text);
  auto home = env("HOME");
  if (!home || home->empty()) return errors.at(path, "starts with ~/ but HOME is not set (or empty)");
  return std::filesystem::path(*home) / text.substr(2);
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

Result<std::string> read_token_file(std::filesystem::path const& file, std::string const& path, ParseState& state) {
  // A token file is a small regular file: a FIFO or /dev/stdin would block loading the config.
  auto read = read_bounded_file(file, max_token_file_bytes, FileKinds::regular_only);
  if (!read.ok()) return state.errors.at(path, "cannot read token file " + file.string() + ": " + read.failure);
  auto token = std::move(read.text);
  auto const last = token.find_last_not_of(" \t\r\n");
  token.erase(last == std::string::npos ? 0 : last + 1);
  if (token.empty()) return state.errors.at(path, "token file " + file.string() + " is empty");
  if (auto safe = check_header_safe(token, path, state.errors); !safe) return safe.error();
  if (auto warning = exposure_warning(file, "token file")) state.warnings.push_back(std::move(*warning));
  return token;
}

/// A credential becomes a header value: beyond CR/LF/NUL (check_header_safe), every control character
/// (TAB, VT, FF, ESC, DEL…) is refused, and so is a leading or trailing space (RFC 9110 field-value).
/// Short ones are refused too. The error names the key, never the value.
Result<void> check_credential(Secret const& secret, std::string const& path, ConfigErrors const& errors) {
  if (!detail::is_header_field_value(secret.reveal()))
    return errors.at(path, "holds a control character or a leading or trailing space, which an HTTP header value "
                           "must not (RFC 9110 field-value)");
  if (secret.reveal().size() >= min_credential_chars) return {};
  return errors.at(path, "a credential must be at least " + std::to_string(min_credential_chars) + " characters");
}

/// The endpoint as it may be shown in an error: never with a user:password@ part, nor with the
/// provider's own credential (a ${VAR} may have put it there; found by fuzz_config).
std::string shown_endpoint(ProviderConfig const& config) {
  if (config.endpoint.find('@') != std::string::npos) return "a URL holding '@' (not shown)";
  // A query or fragment may hold a credential of its own (?api_key=…): never shown.
  auto const cut = config.endpoint.find_first_of("?#");
  std::string const shown = config.endpoint.substr(0, cut) + (cut == std::string::npos ? "" : "?… (not shown)");
  return "\"" + scrub_credential(scrub_credential(shown, config.token.reveal()), config.api_key.reveal()) + "\"";
}

Result<void> check_endpoint(ProviderConfig const& config, std::string const& path, ConfigErrors const& errors) {
  auto url = boost::urls::parse_uri(config.endpoint);  // not parse_absolute_uri: a fragment gets its own message
  if (url && url->has_userinfo())
    return errors.at(path, "must not hold credentials (user:password@); give them as \"token\" or \"token_file\"");
  if (!url || (url->scheme() != "https" && url->scheme() != "http") || url->host().empty())
    return errors.at(path, "expected an absolute http(s) URL, got " + shown_endpoint(config));
  // Requests are built on the endpoint's path; a query or fragment would be dropped from every request
  // (and a query is where a careless URL carries a credential, which `providers` would print).
  if (url->has_query() || url->has_fragment())
    return errors.at(path, "must not have a query (?…) or a fragment (#…); give credentials as \"token\" or "
                           "\"token_file\"");
  if (url->has_port() && !detail::port_in_range(url->port()))
    return errors.at(path, "expected a port from 1 to 65535");
  if (url->scheme() == "http" && !config.allow_insecure_http && !is_loopback_host(url->host()))
    return errors.at(path, "plain http is only allowed to loopback; set \"allow_insecure_http\": true to override");
  return {};
}

Result<void> parse_aliases(json::value const& value, Aliases& aliases, std::string const& path,
                           ConfigErrors const& errors) {
  if (!value.is_object()) return errors.at(path, "expected an object with \"size\", \"image\" or \"region\" maps");
  for (auto const& [key, table] : value.get_object()) {
    std::string const table_path = path + "." + std::string(key);
    std::map<std::string, std::string>* target = key == "size"    ? &aliases.size
                                                 : key == "image"  ? &aliases.image
                                                 : key == "region" ? &aliases.region
                                                                   : nullptr;
    if (!target)
      return errors.at(table_path, "unknown alias table (expected size, image or region)" +
                                       did_you_mean(std::string(key), {"size", "image", "region"}));
    if (!table.is_object()) return errors.at(table_path, "expected an object of portable name -> provider id");
    for (auto const& [name, id] : table.get_object()) {
      if (!id.is_string()) return errors.at(table_path + "." + std::string(name), "expected a string");
      (*target)[std::string(name)] = std::string(id.get_string());
    }
  }
  return {};
}

/// "token_command" or "oauth" (config_credentials.cpp), read with this file's string and secret-file rules.
Result<void> parse_credential_source(std::string const& key, json::value const& child, std::string const& key_path,
                                     json::object const& block, ParseState& state, ProviderConfig& config) {
  detail::KeyReader const read{
      .string = [&](json::value const& value, std::string const& at) -> Result<std::string> {
        if (!value.is_string()) return state.errors.at(at, "expected a string");
        return expand_variables(std::string(value.get_string()), at, state.env, state.errors);
      },
      .secret_file = [&](std::string const& file, std::string const& at) -> Result<std::string> {
        auto expanded = expand_home(file, at, state.env, state.errors);
        if (!expanded) return expanded.error();
        return read_token_file(*expanded, at, state);
      },
      .error = [&](std::string const& at, std::string const& what) { return state.errors.at(at, what); },
      .holds_literal_secret = &state.holds_literal_secret};
  if (key == "token_command") {
    auto command = detail::parse_token_command(child, key_path, read);
    if (!command) return command.error();
    config.token_command = std::move(*command);
    return {};
  }
  auto const* insecure = block.if_contains("allow_insecure_http");
  auto oauth = detail::parse_oauth(child, key_path, read, insecure != nullptr && insecure->is_bool() && insecure->get_bool());
  if (!oauth) return oauth.error();
  config.oauth = std::move(*oauth);
  return {};
}

Result<ProviderConfig> parse_provider(std::string const& name, json::value const& value, ParseState& state) {
  auto const& errors = state.errors;
  auto const& env = state.env;
  std::string const path = "providers." + name;
  if (!value.is_object()) return errors.at(path, "expected an object");
  auto const& block = value.get_object();

  ProviderConfig config;
  config.name = name;
  config.source = errors.source;
  if (!block.contains("type")) return errors.at(path + ".type", "missing required key");
  auto type_name = string_at(block, "type", path + ".type", env, errors);
  if (!type_name) return type_name.error();
  config.type = *type_name;
  // Messages show the type as written, never ${VAR} expanded: a variable may hold the provider's token,
  // which is not read yet at this point (found by fuzz_config).
  std::string const written_type(block.at("type").get_string());
  auto const* type = find_provider_type(config.type);
  if (!type) {
    std::string known;
    for (auto const& n : provider_type_names()) known += (known.empty() ? "" : ", ") + n;
    return errors.at(path + ".type", "unknown provider type \"" + written_type + "\" (known: " + known + ")");
  }

  for (auto const& [key, child] : block) {
    std::string const k(key);
    std::string const key_path = path + "." + k;
    bool const own = std::find(type->own_keys.begin(), type->own_keys.end(), k) != type->own_keys.end();
    if (own) {
      json::value setting = child;
      if (auto r = expand_tree(setting, key_path, env, errors); !r) return r.error();
      config.settings[key] = std::move(setting);
      continue;
    }
    if (std::find(common_keys.begin(), common_keys.end(), k) == common_keys.end()) {
      auto known = common_keys;
      known.insert(known.end(), type->own_keys.begin(), type->own_keys.end());
      return errors.at(key_path, "unknown key for provider type " + written_type + did_you_mean(k, known));
    }
    if (k == "endpoint" || k == "token" || k == "api_key" || k == "ca_file") {
      auto text = string_at(block, key, key_path, env, errors);
      if (!text) return text.error();
      if ((k == "token" || k == "api_key") && child.get_string().find("${") == json::string::npos)
        state.holds_literal_secret = true;
      if (k == "endpoint") config.endpoint = *text;
      if (k == "token") config.token = Secret(*text);
      if (k == "api_key") config.api_key = Secret(*text);
      if (k == "token" || k == "api_key")
        if (auto ok = check_credential(Secret(*text), key_path, errors); !ok) return ok.error();
      if (k == "ca_file") {
        auto file = expand_home(*text, key_path, env, errors);
        if (!file) return file.error();
        config.ca_file = file->string();
      }
    } else if (k == "token_file") {
      auto file = string_at(block, key, key_path, env, errors);
      if (!file) return file.error();
      auto expanded = expand_home(*file, key_path, env, errors);
      if (!expanded) return expanded.error();
      auto token = read_token_file(*expanded, key_path, state);
      if (!token) return token.error();
      config.token = Secret(*token);
      if (auto ok = check_credential(config.token, key_path, errors); !ok) return ok.error();
    } else if (k == "timeout_s" || k == "list_timeout_s" || k == "max_connections" || k == "max_body_mb") {
      if (!child.is_int64() || child.get_int64() <= 0) return errors.at(key_path, "expected a positive integer");
      auto const n = child.get_int64();
      if (k == "timeout_s" || k == "list_timeout_s") {
        if (n > max_timeout_s) return errors.at(key_path, "expected at most 86400 (one day)");
        (k == "timeout_s" ? config.timeout : config.list_timeout) = std::chrono::seconds(n);
      }
      if (k == "max_connections") config.max_connections = static_cast<std::size_t>(n);
      if (k == "max_body_mb") {
        if (n > 4096) return errors.at(key_path, "expected at most 4096 (MiB)");
        config.max_body_bytes = static_cast<std::size_t>(n) << 20;
      }
    } else if (k == "catalog_ttl_s") {
      if (!child.is_int64() || child.get_int64() < 0 || child.get_int64() > max_catalog_ttl_s)
        return errors.at(key_path, "expected an integer from 0 (never reuse a cached catalog) to 2592000 (30 days)");
      config.catalog_ttl = std::chrono::seconds(child.get_int64());
    } else if (k == "rate_limit_per_second" || k == "rate_limit_per_minute") {
      if (!child.is_number() || child.to_number<double>() <= 0) return errors.at(key_path, "expected a positive number");
      bool const per_second = k == "rate_limit_per_second";
      double const rate = child.to_number<double>();
      double const scale = per_second ? 1 : 60;  // the bounds are per second
      if (!(rate >= min_rate_per_second * scale && rate <= max_rate_per_second * scale)) {
        return errors.at(key_path, per_second ? "expected from 1/3600 (one request an hour) to 1000000"
                                              : "expected from 1/60 (one request an hour) to 60000000");
      }
      (per_second ? config.rate_limit_per_second : config.rate_limit_per_minute) = rate;
    } else if (k == "allow_insecure_http") {
      if (!child.is_bool()) return errors.at(key_path, "expected true or false");
      config.allow_insecure_http = child.get_bool();
    } else if (k == "proxy") {
      auto text = string_at(block, key, key_path, env, errors);
      if (!text) return text.error();
      if (!disables_proxy(*text))
        if (auto url = parse_proxy_url(*text); !url) return errors.at(key_path, url.error().message);
      if (text->find('@') != std::string::npos && child.get_string().find("${") == json::string::npos)
        state.holds_literal_secret = true;  // a proxy password written in the file
      config.proxy = *text;
    } else if (k == "aliases") {
      if (auto r = parse_aliases(child, config.aliases, key_path, errors); !r) return r.error();
    } else if (k == "token_command" || k == "oauth") {
      if (auto r = parse_credential_source(k, child, key_path, block, state, config); !r) return r.error();
    }
  }
  if (block.contains("token") && block.contains("token_file"))
    return errors.at(path, "give either \"token\" or \"token_file\", not both");
  if (int const sources = (block.contains("token") || block.contains("token_file")) + block.contains("token_command") +
                          block.contains("oauth");
      sources > 1) {
    return errors.at(path, "give one of \"token\" (or \"token_file\"), \"token_command\" or \"oauth\", not several");
  }

  if (config.endpoint.empty()) config.endpoint = type->default_endpoint;
  if (auto ok = check_endpoint(config, path + ".endpoint", errors); !ok) return ok.error();

  if (type->validate) {
    if (auto valid = type->validate(config); !valid) {
      Error error = valid.error();  // an adapter's check is still a config error of this file
      error.kind = ErrorKind::config;
      error.operation = "config";
      return error;
    }
  }
  return config;
}

}  // namespace

std::string const& Aliases::resolve(std::map<std::string, std::string> const& table, std::string const& name) {
  auto found = table.find(name);
  return found == table.end() ? name : found->second;
}

ProviderConfig const* Config::find(std::string_view name) const noexcept {
  for (auto const& provider : providers)
    if (provider.name == name) return &provider;
  return nullptr;
}

Error UnusableProvider::failure_of(std::string operation) const {
  Error failure = error;
  failure.provider = name;
  failure.operation = std::move(operation);
  return failure;
}

UnusableProvider const* Config::find_unusable(std::string_view name) const noexcept {
  for (auto const& provider : unusable)
    if (provider.name == name) return &provider;
  return nullptr;
}

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (char const* value = std::getenv(std::string(name).c_str())) return std::string(value);
    return std::nullopt;
  };
}

namespace {
/// "line 3, column 8" of a byte offset, for a JSON syntax error.
std::string line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  auto const before = text.substr(0, offset);
  auto const line = 1 + std::count(before.begin(), before.end(), '\n');
  auto const line_start = before.rfind('\n');
  auto const column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Result<json::value> parse_json(std::string_view json_text, ConfigErrors const& errors) {
  json::parse_options options;
  options.max_depth = 32;
  json::parser parser({}, options);
  boost::system::error_code ec;
  // On a syntax error, write() returns how far it read: the error's position.
  auto const consumed = parser.write(json_text.data(), json_text.size(), ec);
  if (ec) return errors.at("(document)", "invalid JSON at " + line_and_column(json_text, consumed) + ": " + ec.message());
  // Boost.JSON keeps the last of two equal keys: a second "endpoint" would silently win over the first.
  if (auto twice = detail::find_duplicate_key(json_text, options.max_depth))
    return errors.at(twice->path, "duplicate key, on line " + std::to_string(twice->first_line) + " and again on line " +
                                      std::to_string(twice->second_line));
  return parser.release();
}
}  // namespace

namespace detail {

ParsedConfig parse_config_text(std::string_view json_text, std::string const& source, Environment const& env,
                               ConfigOptions options) {
  ParseState state{ConfigErrors{source}, env, {}, false};
  auto const& errors = state.errors;
  auto fail = [&state](Error error) { return ParsedConfig{std::move(error), state.holds_literal_secret}; };
  auto root = parse_json(json_text, errors);
  if (!root) return fail(root.error());
  if (!root->is_object()) return fail(errors.at("(document)", "expected a JSON object"));
  Config config;
  config.source = source;
  config.keep_unusable = options.keep_unusable;
  for (auto const& [key, value] : root->get_object())
    if (key != "providers")
      return fail(errors.at(std::string(key),
                            "unknown key (expected \"providers\")" + did_you_mean(std::string(key), {"providers"})));
  auto const* providers = root->get_object().if_contains("providers");
  if (!providers) return fail(errors.at("providers", "missing required key"));
  if (!providers->is_object()) return fail(errors.at("providers", "expected an object of name -> provider block"));
  for (auto const& [name, block] : providers->get_object()) {
    if (!detail::is_valid_provider_name(name))  // shown as a JSON string: it may hold anything
      return fail(errors.at("providers." + json::serialize(json::string(name)), std::string(detail::provider_name_rule)));
    auto provider = parse_provider(std::string(name), block, state);
    if (!provider && options.keep_unusable) {
      auto const* type = block.is_object() ? block.get_object().if_contains("type") : nullptr;
      config.unusable.push_back({std::string(name), type && type->is_string() ? std::string(type->get_string()) : "",
                                 provider.error()});
      continue;
    }
    if (!provider) return fail(provider.error());
    config.providers.push_back(std::move(*provider));
  }
  config.warnings = std::move(state.warnings);
  return ParsedConfig{std::move(config), state.holds_literal_secret};
}

}  // namespace detail

Result<Config> parse_config(std::string_view json_text, std::string const& source, Environment const& env,
                            ConfigOptions options) {
  return detail::traced(detail::parse_config_text(json_text, source, env, options).config);
}

}  // namespace polycloud
