#pragma once
// A credential helper for token_command tests: a small shell script written into a temp dir of the
// test's own, counting its runs. (Shared by tests/http and the adapters' end-to-end tests.)
#include "sim/temp_dir.hpp"

#include <polycloud/config.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace polycloud::test {

/// A directory holding one executable script, `helper`, and whatever state files it keeps (`count`:
/// how many times it ran).
class HelperScript {
 public:
  /// `body` runs under /bin/sh with $D set to the directory; it is prefixed with a counter update.
  explicit HelperScript(std::string const& body) : dir_("polycloud-cred-") {
    auto const path = dir_.path() / "helper";
    std::ofstream{path} << "#!/bin/sh\nD='" << dir_.path().string() << "'\n"
                        << "n=$(cat \"$D/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$D/count\"\n"
                        << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }
  std::string program() const { return (dir_.path() / "helper").string(); }
  TokenCommand command(std::chrono::seconds timeout = std::chrono::seconds{10}) const {
    return TokenCommand{.argv = {program()}, .timeout = timeout};
  }
  /// How many times the helper ran.
  int runs() const {
    std::ifstream in{dir_.path() / "count"};
    int count = 0;
    in >> count;
    return count;
  }

 private:
  sim::TempDir dir_;
};

}  // namespace polycloud::test
