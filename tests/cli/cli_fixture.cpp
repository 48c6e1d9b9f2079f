#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

CliFixture::CliFixture() {
  static std::atomic<int> counter{0};
  dir_ = fs::temp_directory_path() / ("polycloud-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir_);
}

CliFixture::~CliFixture() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string CliFixture::write_config(std::string const& json, std::string const& name) {
  auto const path = dir_ / name;
  std::ofstream(path) << json;
  // Private, as a config holding a token should be: polycloud warns about one others can read.
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  return path.string();
}

ProcessResult CliFixture::run(std::vector<std::string> args) const {
  args.insert(args.begin(), POLYCLOUD_CLI_BINARY);
  // XDG_CACHE_HOME: the catalog cache of a test's run stays in its temp directory, never the user's.
  // XDG_STATE_HOME: a keyed create's journal (create_journal.hpp) goes to the fixture, never the runner's home.
  return run_process(args, {{"POLYCLOUD_CONFIG", (dir_ / "no-such-config.json").string()},
                            {"NO_COLOR", "1"},
                            {"XDG_CACHE_HOME", (dir_ / "cache").string()},
                            {"XDG_STATE_HOME", (dir_ / "state").string()}});
}

ProcessResult CliFixture::run_with(std::string const& config, std::vector<std::string> args) const {
  args.insert(args.begin(), {"--config", config});
  return run(std::move(args));
}

RefusedPort::RefusedPort() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  port_ = ntohs(address.sin_port);
}

RefusedPort::~RefusedPort() { ::close(fd_); }

std::string const two_fakes =
    R"({"providers": {"a": {"type": "fake", "instances": 4}, "b": {"type": "fake", "instances": 3}}})";

unsigned mode_of(std::filesystem::path const& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

std::vector<std::string> lines_of(std::string const& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

boost::json::value parse_output(std::string const& text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  INFO("output: ", text);
  REQUIRE_FALSE(ec);
  return value;
}
