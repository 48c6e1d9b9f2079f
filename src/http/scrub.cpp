#include "http/scrub.hpp"

#include "core/scrub.hpp"

#include <algorithm>
#include <string_view>

namespace polycloud::http {
namespace {

bool is_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/// Like a regex \b on each side of the match, where the secret itself starts or ends with an
/// alphanumeric: "t" matches in "t, x" but not in "attempt".
bool stands_alone(std::string_view text, std::size_t at, std::string_view secret) noexcept {
  std::size_t const end = at + secret.size();
  if (is_alnum(secret.front()) && at > 0 && is_alnum(text[at - 1])) return false;
  if (is_alnum(secret.back()) && end < text.size() && is_alnum(text[end])) return false;
  return true;
}

}  // namespace

CredentialScrubber::CredentialScrubber(Headers const& credential_headers) {
  for (auto const& header : credential_headers) {
    std::string_view value = header.value;
    if (!value.empty()) secrets_.emplace_back(value);
    if (auto const space = value.find_last_of(' '); space != std::string_view::npos && space + 1 < value.size()) {
      secrets_.emplace_back(value.substr(space + 1));
    }
    // `X-Api-Key: <key-id>:<secret>`: the secret part may be echoed alone (long enough to be one).
    if (auto const colon = value.find_last_of(':');
        colon != std::string_view::npos && value.size() - colon - 1 >= min_secret_length) {
      secrets_.emplace_back(value.substr(colon + 1));
    }
  }
  sort();
}

void CredentialScrubber::sort() {
  std::sort(secrets_.begin(), secrets_.end(), [](auto const& a, auto const& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  secrets_.erase(std::unique(secrets_.begin(), secrets_.end()), secrets_.end());
}

void CredentialScrubber::add(std::string secret) {
  if (secret.empty() || std::find(added_.begin(), added_.end(), secret) != added_.end()) return;
  if (added_.size() == max_added) {
    if (auto const oldest = std::find(secrets_.begin(), secrets_.end(), added_.front()); oldest != secrets_.end())
      secrets_.erase(oldest);
    added_.erase(added_.begin());
  }
  added_.push_back(secret);
  secrets_.push_back(std::move(secret));
  sort();
}

void CredentialScrubber::scrub(std::string& text) const {
  static constexpr std::string_view redacted = "REDACTED";
  for (auto const& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      if (stands_alone(text, at, secret)) {
        text.replace(at, secret.size(), redacted);
        at += redacted.size();
      } else {
        at += 1;
      }
    }
  }
}

}  // namespace polycloud::http
