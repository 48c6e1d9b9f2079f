// The config parser on arbitrary text, with ${VAR} expansion against a fixed environment (values
// that are fine, empty, too short, and ones holding CR/LF). Only a Config or a config error may come
// out, an error never shows a credential, and an accepted token holds no control character.
#include <polycloud/config.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
std::optional<std::string> environment(std::string_view name) {
  if (name == "TOKEN") return "env-Token-0123456789";
  if (name == "EMPTY") return "";
  if (name == "SHORT") return "abc";
  if (name == "CRLF") return "env-Token\r\nX-Injected: 1";
  if (name == "HOST") return "127.0.0.1:8080";
  return std::nullopt;
}

/// The refused characters never get through, wherever they came from. Nor does any other control
/// character: a credential is an RFC 9110 field-value (issue 22).
void check_credentials(polycloud::Config const& config) {
  for (auto const& provider : config.providers)
    for (auto const& secret : {provider.token.reveal(), provider.api_key.reveal()})
      for (char const c : secret)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
}

/// A config error, never showing the value of ${TOKEN} when that is the credential (elsewhere it is just
/// text; an input that writes the value out itself, e.g. in a mistyped key, may see it echoed).
void check_error(polycloud::Error const& error, std::string_view text) {
  if (error.kind != polycloud::ErrorKind::config) std::abort();
  bool const is_credential = (text.find(R"("token":"${TOKEN}")") != std::string_view::npos ||
                              text.find(R"("api_key":"${TOKEN}")") != std::string_view::npos) &&
                             text.find("env-Token-0123456789") == std::string_view::npos;
  if (is_credential && error.to_string().find("env-Token-0123456789") != std::string::npos) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text{reinterpret_cast<char const*>(data), size};
  auto const config = polycloud::parse_config(text, "fuzz.json", environment);
  if (config) {
    check_credentials(*config);
  } else {
    check_error(config.error(), text);
  }
  // Kept aside (the CLI's way): the same providers when nothing was wrong; when the load failed, either
  // the same failure (outside the blocks) or the failing blocks kept aside, each with a config error.
  auto const kept = polycloud::parse_config(text, "fuzz.json", environment, {.keep_unusable = true});
  if (!kept) {
    if (config) std::abort();
    check_error(kept.error(), text);
    return 0;
  }
  check_credentials(*kept);
  if (config && (!kept->unusable.empty() || kept->providers.size() != config->providers.size())) std::abort();
  if (!config && kept->unusable.empty()) std::abort();
  for (auto const& unusable : kept->unusable) check_error(unusable.error, text);
  return 0;
}
