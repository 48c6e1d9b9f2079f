#include "providers/common/ssh_keys.hpp"

#include "http/ssh_fingerprint.hpp"

#include <algorithm>
#include <cctype>

namespace polycloud::providers {
namespace {

std::string_view trim(std::string_view text) {
  auto const first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// The first word of `text` and the rest, trimmed.
std::pair<std::string_view, std::string_view> split_word(std::string_view text) {
  text = trim(text);
  auto const space = text.find_first_of(" \t");
  if (space == std::string_view::npos) return {text, {}};
  return {text.substr(0, space), trim(text.substr(space))};
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string PublicKey::line() const { return comment.empty() ? type + " " + blob : type + " " + blob + " " + comment; }

bool PublicKey::same_key(std::string_view other) const {
  auto const [other_type, rest] = split_word(other);
  return other_type == type && split_word(rest).first == blob;
}

bool PublicKey::has_fingerprint(std::string_view fingerprint) const {
  auto print = split_word(fingerprint).first;
  if (print.starts_with("SHA256:")) return print == sha256;
  if (print.size() > 4 && equal_ignoring_case(print.substr(0, 4), "MD5:")) print.remove_prefix(4);
  return equal_ignoring_case(print, md5);
}

std::string PublicKey::registered_name() const {
  auto name = "polycloud-" + sha256.substr(std::string_view("SHA256:").size(), 16);
  std::replace(name.begin(), name.end(), '+', '-');
  std::replace(name.begin(), name.end(), '/', '_');
  return name;
}

Result<PublicKey> read_public_key(std::string_view line, std::size_t position, CallSite const& site) {
  auto const refuse = [&](std::string const& why) {
    return invalid_argument(site, "ssh_public_keys[" + std::to_string(position) + "] is not an OpenSSH public key line: " + why);
  };
  if (trim(line).find_first_of("\r\n") != std::string_view::npos) return refuse("it holds more than one line");
  auto const [type, rest] = split_word(line);
  auto const [blob, comment] = split_word(rest);
  if (type.empty() || blob.empty()) return refuse("expected TYPE BASE64 [COMMENT]");
  auto const prints = http::ssh_key_fingerprints(blob);
  if (!prints) return refuse("its key is not base64");
  if (prints->blob_type != type) return refuse("its key does not name the type the line gives");
  return PublicKey{std::string(type), std::string(blob), std::string(comment), prints->sha256, prints->md5};
}

Result<std::vector<PublicKey>> read_public_keys(CreateSpec const& spec, CallSite const& site) {
  std::vector<PublicKey> keys;
  for (std::size_t i = 0; i < spec.ssh_public_keys.size(); ++i) {
    auto key = read_public_key(spec.ssh_public_keys[i], i, site);
    if (!key) return key.error();
    keys.push_back(std::move(*key));
  }
  return keys;
}

}  // namespace polycloud::providers
