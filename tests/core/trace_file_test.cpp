// The process trace file (POLYCLOUD_TRACE_FILE) that the credential scan searches: records land whole,
// one a line, and the recording provider appends every error that leaves a provider and every progress
// message, while forwarding results unchanged.
#include "core/recording_provider.hpp"
#include "core/trace_file.hpp"

#include <polycloud/testing/fake_provider.hpp>

#include "run_coro.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace polycloud;
using polycloud::testing::FakeProvider;

namespace {

int scratch_count = 0;

struct ScratchFile {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("polycloud-trace-" + std::to_string(::getpid()) +
                                                                         "-" + std::to_string(++scratch_count));
  ~ScratchFile() { std::filesystem::remove(path); }
  std::vector<std::string> lines() const {
    std::ifstream in(path);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    return all;
  }
};

}  // namespace

TEST_CASE("trace file: each record is one whole line naming the process and the kind") {
  ScratchFile scratch;
  {
    detail::TraceFile file(scratch.path.string());
    REQUIRE(file.is_open());
    file.append("trace", "alg list attempt 1: GET https://x/v1/vms -> 200");
    file.append("dry-run", "POST https://x/v1/vms\nAuthorization: REDACTED\n\n{}");
  }
  auto const lines = scratch.lines();
  REQUIRE(lines.size() == 2);
  auto const pid = std::to_string(::getpid());
  CHECK(lines[0] == pid + " trace: alg list attempt 1: GET https://x/v1/vms -> 200");
  CHECK(lines[1] == pid + " dry-run: POST https://x/v1/vms\\nAuthorization: REDACTED\\n\\n{}");
}

TEST_CASE("trace file: records of two threads never interleave within a line") {
  ScratchFile scratch;
  std::string const a(3000, 'a'), b(3000, 'b');
  {
    detail::TraceFile file(scratch.path.string());
    std::thread first([&] {
      for (int i = 0; i < 200; ++i) file.append("trace", a);
    });
    std::thread second([&] {
      for (int i = 0; i < 200; ++i) file.append("trace", b);
    });
    first.join();
    second.join();
  }
  auto const lines = scratch.lines();
  CHECK(lines.size() == 400);
  auto const prefix = std::to_string(::getpid()) + " trace: ";
  for (auto const& line : lines) CHECK((line == prefix + a || line == prefix + b));
}

TEST_CASE("trace file: a file that cannot be opened records nothing and fails nothing") {
  detail::TraceFile file("/nonexistent-directory/trace.log");
  CHECK_FALSE(file.is_open());
  file.append("trace", "dropped");  // no crash, no exception
}

// Issue 22: POLYCLOUD_TRACE_FILE followed symlinks, appended to a file others could read, and a FIFO
// there hung the process in open(2).
TEST_CASE("trace file: a new file is created private to its owner") {
  ScratchFile scratch;
  detail::TraceFile file(scratch.path.string());
  REQUIRE(file.is_open());
  struct stat info {};
  REQUIRE(::stat(scratch.path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("trace file: a symlink at the path is not followed and its target is untouched") {
  ScratchFile target, link;
  { std::ofstream(target.path) << "precious\n"; }
  std::filesystem::permissions(target.path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::create_symlink(target.path, link.path);
  detail::TraceFile file(link.path.string());
  CHECK_FALSE(file.is_open());
  CHECK(file.problem() == "a symbolic link (not followed)");
  file.append("trace", "dropped");
  CHECK(target.lines() == std::vector<std::string>{"precious"});
}

TEST_CASE("trace file: a FIFO is refused without blocking - with or without a reader") {
  ScratchFile fifo;
  REQUIRE(::mkfifo(fifo.path.c_str(), 0600) == 0);
  detail::TraceFile without_reader(fifo.path.string());  // a blocking open would wait here for ever
  CHECK_FALSE(without_reader.is_open());
  CHECK(without_reader.problem() == "not a regular file (a FIFO)");
  int const reader = ::open(fifo.path.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  detail::TraceFile with_reader(fifo.path.string());
  CHECK_FALSE(with_reader.is_open());
  CHECK(with_reader.problem() == "not a regular file (a FIFO)");
  ::close(reader);
}

TEST_CASE("trace file: an existing file that group or others can read is refused and left as it was") {
  ScratchFile scratch;
  { std::ofstream(scratch.path) << "earlier\n"; }
  std::filesystem::permissions(scratch.path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                                 std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  detail::TraceFile file(scratch.path.string());
  CHECK_FALSE(file.is_open());
  CHECK(file.problem() == "accessible by group or others (mode 0644); run chmod 600 " + scratch.path.string() +
                              " or remove it");
  file.append("trace", "dropped");
  CHECK(scratch.lines() == std::vector<std::string>{"earlier"});
  // A private existing file is appended to.
  std::filesystem::permissions(scratch.path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  detail::TraceFile private_file(scratch.path.string());
  REQUIRE(private_file.is_open());
  private_file.append("trace", "kept");
  CHECK(scratch.lines().size() == 2);
}

TEST_CASE("recording provider: every error that leaves the provider is appended and forwarded unchanged") {
  ScratchFile scratch;
  detail::TraceFile file(scratch.path.string());
  auto fake = std::make_unique<FakeProvider>("alg", 2);
  Instance vm;
  vm.id = "8";
  vm.state = State::running;
  fake->add(vm);
  auto* seen = fake.get();
  seen->fail_next(Operation::get, make_error(ErrorKind::not_found, "VM 9 is gone", "alg", "get"));
  seen->fail_next(Operation::list, make_error(ErrorKind::unavailable, "listing is down", "alg", "list"));
  seen->fail_next(Operation::reboot, make_error(ErrorKind::conflict, "busy", "alg", "reboot"));
  auto provider = detail::recording_errors(std::move(fake), file);
  CHECK(provider->name() == "alg");
  CHECK(provider->type() == "fake");

  auto got = run_coro([&] { return provider->get("9", GetOptions()); });
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().message == "VM 9 is gone");
  auto listed = run_coro([&] { return collect(provider->list(ListOptions())); });
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::unavailable);
  auto rebooted = run_coro([&] { return provider->reboot("8", CallOptions()); });
  CHECK_FALSE(rebooted.has_value());
  auto fine = run_coro([&] { return provider->get("8", GetOptions()); });
  CHECK(fine.has_value());  // a success is forwarded and records nothing
  int progress_calls = 0;
  CreateSpec spec;
  spec.name = "web-1";
  auto made = run_coro([&] { return provider->create(spec, [&](Progress const&) { ++progress_calls; }, CallOptions()); });
  CHECK(made.has_value());
  CHECK(progress_calls > 0);  // the caller's callback still hears every update

  auto const lines = scratch.lines();
  auto const prefix = std::to_string(::getpid());
  std::vector<std::string> errors, progress;
  for (auto const& line : lines) {
    if (line.rfind(prefix + " error: ", 0) == 0) errors.push_back(line.substr(prefix.size() + 8));
    if (line.rfind(prefix + " progress: ", 0) == 0) progress.push_back(line);
  }
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == got.error().to_string());
  CHECK(errors[1] == listed.error().to_string());
  CHECK(errors[2] == rebooted.error().to_string());
  CHECK(static_cast<int>(progress.size()) == progress_calls);
}
