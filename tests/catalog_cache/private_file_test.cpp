// The atomic private write the cache (and the CLI's config writes) use: 0600, replaced whole, and a
// crash mid-write leaves the previous file as it was.
#include "core/private_file.hpp"

#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace polycloud;
using polycloud::test::read_text;
using polycloud::test::ScratchDir;

namespace {
unsigned mode_of(std::filesystem::path const& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}
}  // namespace

TEST_CASE("a private file is written 0600 whatever the umask and replaces the old one whole") {
  ScratchDir dir;
  auto const file = dir.path / "alg.json";
  auto const old_mask = ::umask(0);  // the most permissive umask: the mode must not depend on it
  CHECK(write_private_file_atomically(file, "first\n").empty());
  CHECK(write_private_file_atomically(file, "second\n").empty());
  ::umask(old_mask);
  CHECK(read_text(file) == "second\n");
  CHECK(mode_of(file) == 0600);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);  // no temporary left
}

TEST_CASE("a crash mid-write leaves the old file intact") {
  ScratchDir dir;
  auto const file = dir.path / "alg.json";
  REQUIRE(write_private_file_atomically(file, "old catalog\n").empty());
  std::string const replacement(64 << 10, 'x');
  pid_t const child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child dies between the two halves of its write, as a killed process or a power cut would.
    PrivateFileFaults crash{[] { ::_exit(7); }};
    write_private_file_atomically(file, replacement, &crash);
    ::_exit(0);  // not reached when the fault fired
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);
  CHECK(read_text(file) == "old catalog\n");
  // The half-written temporary stays behind under a hidden name that nothing reads.
  int temporaries = 0;
  for (auto const& entry : std::filesystem::directory_iterator(dir.path))
    if (entry.path().filename().string().starts_with(".alg.json.tmp-")) ++temporaries;
  CHECK(temporaries == 1);
}

TEST_CASE("a failed write names the file and the OS reason and leaves nothing behind") {
  ScratchDir dir;
  auto const failure = write_private_file_atomically(dir.path / "missing" / "alg.json", "x");
  CHECK(failure.starts_with("cannot write " + (dir.path / "missing").string() + "/.alg.json.tmp-"));
  CHECK(failure.ends_with(": No such file or directory"));
}

TEST_CASE("private directories are created 0700 and an existing one is accepted") {
  ScratchDir dir;
  auto const nested = dir.path / "cache" / "polycloud";
  auto const old_mask = ::umask(0);
  CHECK(make_private_directories(nested).empty());
  ::umask(old_mask);
  CHECK(mode_of(dir.path / "cache") == 0700);
  CHECK(mode_of(nested) == 0700);
  CHECK(make_private_directories(nested).empty());
  test::write_text(dir.path / "file", "x");
  CHECK(make_private_directories(dir.path / "file") == (dir.path / "file").string() + " is not a directory");
}
