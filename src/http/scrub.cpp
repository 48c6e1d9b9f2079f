#include "http/scrub.hpp"

#include "core/scrub.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace polycloud::http {

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

void CredentialScrubber::scrub(std::string& text, std::vector<std::string> const& extra) const {
  for (auto const& secret : secrets_) text = scrub_secret(std::move(text), secret);
  for (auto const& secret : extra) text = scrub_secret(std::move(text), secret);
}

}  // namespace polycloud::http
