#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

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

std::set<std::string> const common_keys{"type",    "endpoint",        "token",   "token_file",
                                        "api_key", "ca_file",         "timeout_s", "max_connections",
                                        "aliases", "allow_insecure_http", "rate_limit_per_second",
                                        "max_body_mb"};

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

std::filesystem::path expand_home(std::string const& text, Environment const& env) {
  if (text.starts_with("~/"))
    if (auto home = env("HOME")) return std::filesystem::path(*home) / text.substr(2);
  return text;
}

Result<std::string> read_token_file(std::filesystem::path const& file, std::string const& path,
                                    ConfigErrors const& errors) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return errors.at(path, "cannot read token file " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto token = buffer.str();
  auto const last = token.find_last_not_of(" \t\r\n");
  token.erase(last == std::string::npos ? 0 : last + 1);
  if (token.empty()) return errors.at(path, "token file " + file.string() + " is empty");
  return token;
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
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
    if (!target) return errors.at(table_path, "unknown alias table (expected size, image or region)");
    if (!table.is_object()) return errors.at(table_path, "expected an object of portable name -> provider id");
    for (auto const& [name, id] : table.get_object()) {
      if (!id.is_string()) return errors.at(table_path + "." + std::string(name), "expected a string");
      (*target)[std::string(name)] = std::string(id.get_string());
    }
  }
  return {};
}

Result<ProviderConfig> parse_provider(std::string const& name, json::value const& value, Environment const& env,
                                      ConfigErrors const& errors) {
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
  auto const* type = find_provider_type(config.type);
  if (!type) {
    std::string known;
    for (auto const& n : provider_type_names()) known += (known.empty() ? "" : ", ") + n;
    return errors.at(path + ".type", "unknown provider type \"" + config.type + "\" (known: " + known + ")");
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
    if (!common_keys.contains(k)) return errors.at(key_path, "unknown key for provider type " + config.type);
    if (k == "endpoint" || k == "token" || k == "api_key" || k == "ca_file") {
      auto text = string_at(block, key, key_path, env, errors);
      if (!text) return text.error();
      if (k == "endpoint") config.endpoint = *text;
      if (k == "token") config.token = Secret(*text);
      if (k == "api_key") config.api_key = Secret(*text);
      if (k == "ca_file") config.ca_file = expand_home(*text, env).string();
    } else if (k == "token_file") {
      auto file = string_at(block, key, key_path, env, errors);
      if (!file) return file.error();
      auto token = read_token_file(expand_home(*file, env), key_path, errors);
      if (!token) return token.error();
      config.token = Secret(*token);
    } else if (k == "timeout_s" || k == "max_connections" || k == "max_body_mb") {
      if (!child.is_int64() || child.get_int64() <= 0) return errors.at(key_path, "expected a positive integer");
      auto const n = child.get_int64();
      if (k == "timeout_s") config.timeout = std::chrono::seconds(n);
      if (k == "max_connections") config.max_connections = static_cast<std::size_t>(n);
      if (k == "max_body_mb") {
        if (n > 4096) return errors.at(key_path, "expected at most 4096 (MiB)");
        config.max_body_bytes = static_cast<std::size_t>(n) << 20;
      }
    } else if (k == "rate_limit_per_second") {
      if (!child.is_number() || child.to_number<double>() <= 0) return errors.at(key_path, "expected a positive number");
      config.rate_limit_per_second = child.to_number<double>();
    } else if (k == "allow_insecure_http") {
      if (!child.is_bool()) return errors.at(key_path, "expected true or false");
      config.allow_insecure_http = child.get_bool();
    } else if (k == "aliases") {
      if (auto r = parse_aliases(child, config.aliases, key_path, errors); !r) return r.error();
    }
  }
  if (block.contains("token") && block.contains("token_file"))
    return errors.at(path, "give either \"token\" or \"token_file\", not both");

  if (config.endpoint.empty()) config.endpoint = type->default_endpoint;
  auto url = boost::urls::parse_absolute_uri(config.endpoint);
  if (!url || (url->scheme() != "https" && url->scheme() != "http") || url->host().empty())
    return errors.at(path + ".endpoint", "expected an absolute http(s) URL, got \"" + config.endpoint + "\"");
  if (url->scheme() == "http" && !config.allow_insecure_http && !is_loopback_host(url->host()))
    return errors.at(path + ".endpoint",
                     "plain http is only allowed to loopback; set \"allow_insecure_http\": true to override");

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

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (char const* value = std::getenv(std::string(name).c_str())) return std::string(value);
    return std::nullopt;
  };
}

Result<Config> parse_config(std::string_view json_text, std::string const& source, Environment const& env) {
  ConfigErrors const errors{source};
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  auto root = json::parse(json_text, ec, {}, options);
  if (ec) return errors.at("(document)", "invalid JSON: " + ec.message());
  if (!root.is_object()) return errors.at("(document)", "expected a JSON object");
  Config config;
  config.source = source;
  for (auto const& [key, value] : root.get_object())
    if (key != "providers") return errors.at(std::string(key), "unknown key (expected \"providers\")");
  auto const* providers = root.get_object().if_contains("providers");
  if (!providers) return errors.at("providers", "missing required key");
  if (!providers->is_object()) return errors.at("providers", "expected an object of name -> provider block");
  for (auto const& [name, block] : providers->get_object()) {
    auto provider = parse_provider(std::string(name), block, env, errors);
    if (!provider) return provider.error();
    config.providers.push_back(std::move(*provider));
  }
  return config;
}

Result<Config> load_config_file(std::filesystem::path const& path, Environment const& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::config, path.string() + ": cannot read config file", {}, "config");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_config(buffer.str(), path.string(), env);
}

Result<std::filesystem::path> discover_config(std::optional<std::filesystem::path> const& explicit_path,
                                              Environment const& env) {
  if (explicit_path) return *explicit_path;
  if (auto from_env = env("POLYCLOUD_CONFIG"); from_env && !from_env->empty()) return std::filesystem::path(*from_env);
  std::vector<std::filesystem::path> candidates;
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty())
    candidates.push_back(std::filesystem::path(*xdg) / "polycloud" / "config.json");
  if (auto home = env("HOME"); home && !home->empty())
    candidates.push_back(std::filesystem::path(*home) / ".config" / "polycloud" / "config.json");
  for (auto const& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::exists(candidate, ec)) return candidate;
  }
  std::string tried;
  for (auto const& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate.string();
  return make_error(ErrorKind::config,
                    "no config file found (give --config, set POLYCLOUD_CONFIG, or create one of: " + tried + ")",
                    {}, "config");
}

}  // namespace polycloud
