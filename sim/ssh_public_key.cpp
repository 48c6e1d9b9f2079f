#include "sim/ssh_public_key.hpp"

#include <openssl/evp.h>

#include <vector>

namespace polycloud::sim {
namespace {

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char const c = text[i];
    bool const digit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    bool const padding = c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=');
    if (!digit && !padding) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  if (EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<unsigned char const*>(text.data()),
                      static_cast<int>(text.size())) < 0) {
    return std::nullopt;
  }
  out.resize(out.size() - (text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0));
  return out;
}

std::string digest(EVP_MD const* md, std::string const& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, md, nullptr);
  return {reinterpret_cast<char const*>(out), size};
}

}  // namespace

std::optional<SimPublicKey> parse_public_key(std::string_view line) {
  auto const word = [&]() {
    auto const start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) return std::string_view();
    line.remove_prefix(start);
    auto const end = std::min(line.find_first_of(" \t"), line.size());
    auto const found = line.substr(0, end);
    line.remove_prefix(end);
    return found;
  };
  SimPublicKey key;
  key.type = word();
  key.blob = word();
  auto const rest = line.find_first_not_of(" \t");
  if (rest != std::string_view::npos) key.comment = line.substr(rest, line.find_last_not_of(" \t\r\n") - rest + 1);
  auto const blob = decode_base64(key.blob);
  if (key.type.empty() || !blob || blob->size() < 4) return std::nullopt;
  std::size_t const length = static_cast<unsigned char>((*blob)[0]) << 24 | static_cast<unsigned char>((*blob)[1]) << 16 |
                             static_cast<unsigned char>((*blob)[2]) << 8 | static_cast<unsigned char>((*blob)[3]);
  if (length != key.type.size() || blob->compare(4, length, key.type) != 0) return std::nullopt;

  auto const sha = digest(EVP_sha256(), *blob);
  std::string encoded(4 * ((sha.size() + 2) / 3) + 1, '\0');
  auto const written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                       reinterpret_cast<unsigned char const*>(sha.data()), static_cast<int>(sha.size()));
  encoded.resize(static_cast<std::size_t>(written));
  while (encoded.ends_with('=')) encoded.pop_back();
  key.sha256 = "SHA256:" + encoded;
  constexpr char hex[] = "0123456789abcdef";
  for (unsigned char const byte : digest(EVP_md5(), *blob)) {
    if (!key.md5.empty()) key.md5 += ':';
    key.md5 += hex[byte >> 4];
    key.md5 += hex[byte & 0xf];
  }
  return key;
}

}  // namespace polycloud::sim
