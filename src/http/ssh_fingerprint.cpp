#include "http/ssh_fingerprint.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <vector>

namespace polycloud::http {
namespace {

bool base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/// Strict base64: EVP_DecodeBlock alone accepts surrounding whitespace and does not say how much of
/// its output is padding, so the shape is checked first and the padding taken off after.
std::optional<std::vector<unsigned char>> decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::size_t const padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  if (!std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding), base64_char)) return std::nullopt;
  std::vector<unsigned char> out(text.size() / 4 * 3);
  int const written = EVP_DecodeBlock(out.data(), reinterpret_cast<unsigned char const*>(text.data()),
                                      static_cast<int>(text.size()));
  if (written < 0 || static_cast<std::size_t>(written) != out.size()) return std::nullopt;
  out.resize(out.size() - padding);
  return out;
}

std::optional<std::vector<unsigned char>> digest(EVP_MD const* md, std::vector<unsigned char> const& data) {
  std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1) return std::nullopt;
  out.resize(size);
  return out;
}

}  // namespace

std::optional<SshKeyFingerprints> ssh_key_fingerprints(std::string_view blob_base64) {
  auto const blob = decode(blob_base64);
  if (!blob) return std::nullopt;
  auto const sha256 = digest(EVP_sha256(), *blob);
  auto const md5 = digest(EVP_md5(), *blob);
  if (!sha256 || !md5) return std::nullopt;  // MD5 is unavailable under a FIPS-only OpenSSL configuration

  SshKeyFingerprints prints;
  // An SSH string: a 4-byte big-endian length, then that many bytes.
  if (blob->size() >= 4) {
    std::size_t length = 0;
    for (int i = 0; i < 4; ++i) length = length << 8 | (*blob)[static_cast<std::size_t>(i)];
    if (length <= blob->size() - 4) prints.blob_type.assign(blob->begin() + 4, blob->begin() + 4 + static_cast<std::ptrdiff_t>(length));
  }
  std::string encoded(4 * ((sha256->size() + 2) / 3) + 1, '\0');
  int const length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), sha256->data(),
                                     static_cast<int>(sha256->size()));
  encoded.resize(static_cast<std::size_t>(length));
  while (encoded.ends_with('=')) encoded.pop_back();  // OpenSSH prints it unpadded
  prints.sha256 = "SHA256:" + encoded;
  constexpr char hex[] = "0123456789abcdef";
  for (auto const byte : *md5) {
    if (!prints.md5.empty()) prints.md5 += ':';
    prints.md5 += hex[byte >> 4];
    prints.md5 += hex[byte & 0xf];
  }
  return prints;
}

}  // namespace polycloud::http
