#include "commands/ssh_key.hpp"

#include "output/visible_text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

#include <csignal>
#include <ctime>
#include <functional>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace polycloud::cli {

namespace {
constexpr std::size_t max_key_file_bytes = 64u << 10;

constexpr std::array<std::string_view, 7> key_types{
    "ssh-ed25519",         "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"};

int base64_digit(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Strict base64 (RFC 4648 §4, padded, no whitespace), as ssh-keygen writes it. Hand-written because the
/// point is rejecting what is not: Boost.Archive's decoder accepts short and unpadded input silently.
std::optional<std::string> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::size_t const padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  std::string out;
  std::uint32_t group = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int const digit = i >= text.size() - padding ? 0 : base64_digit(text[i]);
    if (digit < 0) return std::nullopt;
    group = group << 6 | static_cast<std::uint32_t>(digit);
    if (i % 4 == 3) {
      for (int shift : {16, 8, 0}) out += static_cast<char>(group >> shift & 0xff);
      group = 0;
    }
  }
  out.resize(out.size() - padding);
  return out;
}

std::string_view trim(std::string_view text) {
  auto const first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

Error refuse(std::string const& path, std::string const& reason) {
  return make_error(ErrorKind::config, fmt::format("--ssh-key {}: {}", visible_controls(path), reason), {}, "create");
}

/// SIGINT and SIGTERM held back while alive; `waiting` is the mask to wait with, which lets them in.
/// Waiting with ppoll(…, waiting) then ends with EINTR for a signal that came at any moment, even one
/// that came before the wait began, with no window in between.
class HeldSignals {
 public:
  HeldSignals() {
    sigset_t held;
    sigemptyset(&held);
    sigaddset(&held, SIGINT);
    sigaddset(&held, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &held, &waiting_);
  }
  ~HeldSignals() { pthread_sigmask(SIG_SETMASK, &waiting_, nullptr); }
  HeldSignals(HeldSignals const&) = delete;
  HeldSignals& operator=(HeldSignals const&) = delete;
  sigset_t const* waiting() const noexcept { return &waiting_; }

 private:
  sigset_t waiting_;
};

/// The whole of `path`, read without blocking past `deadline`: a pipe's writer may be slow
/// (`ssh-add -L` asking an agent) or absent (a FIFO no one opens). A signal ends the wait through
/// `check_signals`, which throws once one arrived.
Result<std::string> read_key_file(std::string const& path, Clock::time_point deadline,
                                  std::function<void()> const& check_signals) {
  HeldSignals const held;
  check_signals();  // one that came before they were held
  int const fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return refuse(path, fmt::format("not a public key, and not a readable file: {}", std::strerror(errno)));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat status {};
  if (::fstat(fd, &status) != 0) return refuse(path, std::strerror(errno));
  if (S_ISDIR(status.st_mode)) return refuse(path, "not a public key, and a directory, not a file");
  std::string text;
  char buffer[4096];
  for (;;) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return refuse(path, "no end of the file arrived within the create's --timeout");
    pollfd wait{fd, POLLIN, 0};
    timespec const timeout{static_cast<time_t>(left / 1000), static_cast<long>(left % 1000) * 1'000'000};
    int const ready = ::ppoll(&wait, 1, &timeout, held.waiting());
    if (ready < 0 && errno == EINTR) {
      // The signal's handler ran inside ppoll; with them held again, the session can act on it.
      check_signals();
      continue;
    }
    if (ready < 0) return refuse(path, std::strerror(errno));
    if (ready == 0) continue;
    auto const n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) return text;  // poll said readable: the writer is gone, or a regular file's end
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return refuse(path, std::strerror(errno));
    }
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_key_file_bytes)
      return refuse(path, fmt::format("larger than 64 KiB, so not a list of public keys"));
  }
}
}  // namespace

bool is_public_key_line(std::string_view line) {
  line = trim(line);
  auto const space = line.find_first_of(" \t");
  if (space == std::string_view::npos) return false;
  auto const type = line.substr(0, space);
  if (std::find(key_types.begin(), key_types.end(), type) == key_types.end()) return false;
  auto rest = line.substr(space);
  rest = rest.substr(rest.find_first_not_of(" \t"));
  auto const blob = decode_base64(rest.substr(0, rest.find_first_of(" \t")));
  // The blob is an SSH string (4-byte big-endian length, then the bytes) naming the type, then the key.
  if (!blob || blob->size() < 4 + type.size()) return false;
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i) length = length << 8 | static_cast<unsigned char>((*blob)[i]);
  return length == type.size() && blob->compare(4, type.size(), type) == 0 && blob->size() > 4 + type.size();
}

Result<std::vector<std::string>> ssh_keys_from(std::string const& value, Clock::time_point deadline,
                                               std::function<void()> const& check_signals) {
  if (value.find('\n') == std::string::npos && is_public_key_line(value))
    return std::vector<std::string>{std::string(trim(value))};
  auto text = read_key_file(value, deadline, check_signals);
  if (!text) return text.error();
  std::vector<std::string> keys;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text->size();) {
    auto end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    auto const line = trim(std::string_view(*text).substr(start, end - start));
    ++number;
    start = end + 1;
    if (line.empty()) continue;
    // The line itself is not quoted: a file of secrets named by mistake must not reach the terminal.
    if (!is_public_key_line(line))
      return refuse(value, fmt::format("line {} is not an OpenSSH public key line", number));
    keys.emplace_back(line);
  }
  if (keys.empty()) return refuse(value, "holds no public key");
  return keys;
}

}  // namespace polycloud::cli
