#pragma once
// Runs the built `polycloud` binary against configs written to a fresh temp directory.
#include "subprocess.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

class CliFixture {
 public:
  CliFixture();
  ~CliFixture();
  CliFixture(CliFixture const&) = delete;
  CliFixture& operator=(CliFixture const&) = delete;

  /// Writes `json` as a config file and returns its path.
  std::string write_config(std::string const& json, std::string const& name = "config.json");
  std::filesystem::path const& dir() const noexcept { return dir_; }

  /// `polycloud ARGS…` with POLYCLOUD_CONFIG pointing nowhere (so only --config counts), NO_COLOR set and
  /// XDG_CACHE_HOME in dir() (catalog caches are the test's own).
  ProcessResult run(std::vector<std::string> args) const;
  /// `polycloud --config CONFIG ARGS…`.
  ProcessResult run_with(std::string const& config, std::vector<std::string> args) const;

 private:
  std::filesystem::path dir_;
};

/// A loopback port that refuses connections: bound, never listening, held until destroyed.
class RefusedPort {
 public:
  RefusedPort();
  ~RefusedPort();
  RefusedPort(RefusedPort const&) = delete;
  RefusedPort& operator=(RefusedPort const&) = delete;
  int port() const noexcept { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

/// Two fake providers: "a" with 4 instances (fake-1000…), "b" with 3.
extern std::string const two_fakes;

/// A file's permission bits (0600 for a private file); fails the test when it cannot be read.
unsigned mode_of(std::filesystem::path const& path);

/// The text split at '\n' (a CR before it is kept).
std::vector<std::string> lines_of(std::string const& text);

/// Parses stdout as one JSON value (fails the test when it is not JSON).
boost::json::value parse_output(std::string const& text);
