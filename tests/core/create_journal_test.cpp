// The journal of creates in flight (issue 19): its file (private, one line per create, nothing secret),
// a damaged or unwritable journal refused with a clear error, many writers at once, the per-key lock.
#include <polycloud/create_journal.hpp>
#include <polycloud/testing/fake_provider.hpp>

#include "core/journal_files.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

using namespace polycloud;
namespace fs = std::filesystem;

namespace {

/// A fresh directory for one test's journal, removed after it.
struct TempState {
  fs::path dir = fs::temp_directory_path() / ("polycloud-journal-test-" + std::to_string(::getpid()));
  TempState() { fs::remove_all(dir); }
  ~TempState() { fs::remove_all(dir); }
  fs::path state() const { return dir / "state" / "polycloud"; }
};

std::string file_text(fs::path const& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned mode_of(fs::path const& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}

PendingCreate entry(std::string provider, std::string key) {
  PendingCreate pending;
  pending.provider = std::move(provider);
  pending.type = "fake";
  pending.key = std::move(key);
  pending.name = "web-1";
  pending.started = "2026-12-06T07:40:00Z";
  return pending;
}

}  // namespace

TEST_CASE("create journal: a recorded create is one private line, and clearing it leaves the others") {
  TempState temp;
  CreateJournal journal(temp.state());
  CHECK(journal.pending()->empty());  // no file yet: an empty journal, nothing created
  CHECK_FALSE(fs::exists(temp.state()));

  testing::FakeProvider provider("alg");
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "small";
  spec.image = "debian";
  spec.region = "alg1";
  spec.idempotency_key = "web-1.prod_2";
  spec.user_data = "#cloud-config\npassword: hunter2-user-data\n";
  spec.ssh_public_keys = {"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsecretkeymaterial me@host"};
  spec.provider_options = {{"password", "strong_password_in_options"}};
  spec.tags = {{"owner", "tag-value-kept-out"}};
  spec.description = "description-kept-out";
  REQUIRE(journal.record(PendingCreate::of(provider, spec)).has_value());
  REQUIRE(journal.record(entry("byc", "other")).has_value());

  CHECK(mode_of(temp.state()) == 0700);
  CHECK(mode_of(journal.file()) == 0600);
  auto const text = file_text(journal.file());
  for (char const* secret : {"hunter2", "secretkeymaterial", "strong_password", "tag-value-kept-out", "description-kept-out"})
    CHECK_MESSAGE(text.find(secret) == std::string::npos, secret);
  auto const first = boost::json::parse(text.substr(0, text.find('\n'))).as_object();
  CHECK(first.at("provider") == "alg");
  CHECK(first.at("type") == "fake");
  CHECK(first.at("key") == "web-1.prod_2");
  CHECK(first.at("spec").at("name") == "web-1");
  CHECK(first.at("spec").at("size") == "small");
  CHECK(first.at("spec").at("region") == "alg1");
  CHECK(first.at("pid").as_int64() == ::getpid());
  CHECK(first.at("started").as_string().size() == 20);  // 2026-12-06T07:40:00Z

  auto listed = journal.pending();
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[0].key == "web-1.prod_2");
  CHECK((*listed)[1].provider == "byc");

  // The same create again (a rerun) keeps one line.
  REQUIRE(journal.record(PendingCreate::of(provider, spec)).has_value());
  CHECK(journal.pending()->size() == 2);

  REQUIRE(journal.clear("alg", "web-1.prod_2").has_value());
  listed = journal.pending();
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().key == "other");
  CHECK(mode_of(journal.file()) == 0600);  // the rewritten file is private too
  REQUIRE(journal.clear("alg", "never-there").has_value());  // nothing to clear is no error
  REQUIRE(journal.clear("byc", "other").has_value());
  CHECK(journal.pending()->empty());
  for (auto const& left : fs::directory_iterator(temp.state()))  // no temporary file left behind
    CHECK(left.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("create journal: a damaged journal is refused by every call, naming the line, and left as it is") {
  TempState temp;
  CreateJournal journal(temp.state());
  REQUIRE(journal.record(entry("alg", "good")).has_value());
  for (std::string const garbage : {"not json at all", "[1,2]", "{\"provider\":\"alg\"}", "{\"provider\":\"alg\",\"key\":\"a b\"}",
                                    "{\"provider\":\"alg\",\"key\":\"k\",\"spec\":7}"}) {
    CAPTURE(garbage);
    {
      std::ofstream out(journal.file());
      out << R"({"provider":"alg","type":"fake","key":"good","started":"","host":""})"
          << "\n" << garbage << "\n";
    }
    auto const before = file_text(journal.file());
    auto recorded = journal.record(entry("alg", "new"));
    REQUIRE_FALSE(recorded.has_value());
    CHECK(recorded.error().kind == ErrorKind::config);
    CHECK(recorded.error().message.find("is damaged: line 2 is not a pending create") != std::string::npos);
    CHECK(recorded.error().message.find(journal.file().string()) != std::string::npos);
    CHECK_FALSE(journal.pending().has_value());
    CHECK_FALSE(journal.clear("alg", "good").has_value());
    CHECK(file_text(journal.file()) == before);  // never rewritten over what the user must look at
  }
}

TEST_CASE("create journal: an unwritable journal is an error, never a silent skip") {
  TempState temp;
  fs::create_directories(temp.dir);
  // The state directory's place holds a regular file: nothing can be created under it (as root too).
  std::ofstream(temp.dir / "blocker") << "x";
  CreateJournal journal(temp.dir / "blocker" / "polycloud");
  auto recorded = journal.record(entry("alg", "k"));
  REQUIRE_FALSE(recorded.has_value());
  CHECK(recorded.error().kind == ErrorKind::config);
  CHECK(recorded.error().message.find("cannot") != std::string::npos);
  CHECK_FALSE(journal.try_lock_key("alg", "k").has_value());

  // The journal's own name taken by a directory: reading fails, so does appending.
  CreateJournal shadowed(temp.state());
  fs::create_directories(shadowed.file());
  CHECK_FALSE(shadowed.record(entry("alg", "k")).has_value());
  CHECK_FALSE(shadowed.pending().has_value());
}

TEST_CASE("create journal: lines written and cleared by many writers at once are never lost") {
  TempState temp;
  constexpr int writers = 6;
  constexpr int keys_each = 15;
  auto key_of = [](int writer, int n) { return "w" + std::to_string(writer) + "-k" + std::to_string(n); };
  std::vector<std::thread> threads;
  for (int writer = 0; writer < writers; ++writer) {
    threads.emplace_back([&, writer] {
      CreateJournal journal(temp.state());  // each its own object, as separate processes would be
      for (int n = 0; n < keys_each; ++n) {
        CHECK(journal.record(entry("alg", key_of(writer, n))).has_value());  // CHECK: a REQUIRE may not throw in a thread
        if (n % 3 == 0) CHECK(journal.clear("alg", key_of(writer, n)).has_value());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto listed = CreateJournal(temp.state()).pending();
  REQUIRE(listed.has_value());
  std::set<std::string> keys;
  for (auto const& one : *listed) keys.insert(one.key);
  std::set<std::string> expected;
  for (int writer = 0; writer < writers; ++writer)
    for (int n = 0; n < keys_each; ++n)
      if (n % 3 != 0) expected.insert(key_of(writer, n));
  CHECK(keys == expected);
  CHECK(listed->size() == expected.size());
}

TEST_CASE("create journal: one key's lock has one holder at a time, and is free again once released") {
  TempState temp;
  CreateJournal journal(temp.state());
  auto first = journal.try_lock_key("alg", "web-1");
  REQUIRE(first.has_value());
  REQUIRE(first->has_value());
  CHECK(mode_of(journal.key_lock_file("alg", "web-1").parent_path()) == 0700);
  auto second = CreateJournal(temp.state()).try_lock_key("alg", "web-1");
  REQUIRE(second.has_value());
  CHECK_FALSE(second->has_value());  // held: the second create would wait
  auto other_key = journal.try_lock_key("alg", "web-2");
  CHECK(other_key->has_value());
  auto other_provider = journal.try_lock_key("byc", "web-1");
  CHECK(other_provider->has_value());
  first->reset();
  auto third = journal.try_lock_key("alg", "web-1");
  CHECK(third->has_value());
  CHECK(fs::exists(journal.key_lock_file("alg", "web-1")));  // made again for the new holder
  // Keys that are awkward file names stay inside locks/.
  for (char const* key : {".", "..", "-rf"}) {
    CAPTURE(key);
    CHECK(journal.key_lock_file("a/b", key).parent_path() == temp.state() / "locks");
    CHECK(journal.try_lock_key("a/b", key)->has_value());
  }
}

TEST_CASE("create journal: a key's lock file is removed as its lock is released - none is left per key ever created") {
  TempState temp;
  CreateJournal journal(temp.state());
  auto const file = journal.key_lock_file("alg", "web-1");
  {
    auto held = journal.try_lock_key("alg", "web-1");
    REQUIRE(held.has_value());
    REQUIRE(held->has_value());
    CHECK(fs::exists(file));
    auto moved = std::move(**held);  // a moved-from lock releases nothing
    held->reset();
    CHECK(fs::exists(file));
    CHECK_FALSE(journal.try_lock_key("alg", "web-1")->has_value());  // still held, by `moved`
  }
  CHECK_FALSE(fs::exists(file));
  for (int n = 0; n < 20; ++n) CHECK(journal.try_lock_key("alg", "key-" + std::to_string(n))->has_value());  // taken, released
  CHECK(fs::is_empty(file.parent_path()));
  // A file left by a process that died holding it (the kernel dropped its flock) is taken, then removed.
  std::ofstream(file).put('\n');
  CHECK(journal.try_lock_key("alg", "web-1")->has_value());
  CHECK_FALSE(fs::exists(file));
}

TEST_CASE("create journal: a lock file removed, or removed and made again, after it was opened is not the one at its path") {
  TempState temp;
  fs::create_directories(temp.dir);
  auto const path = temp.dir / "k@alg.lock";
  std::ofstream(path).put('\n');
  int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CHECK(detail::is_file_at(fd, path));
  fs::remove(path);
  CHECK_FALSE(detail::is_file_at(fd, path));  // removed by its holder as it released it
  std::ofstream(path).put('\n');
  CHECK_FALSE(detail::is_file_at(fd, path));  // and made again by the next taker: another inode (ours is open)
  fs::remove(path);
  fs::create_symlink(temp.dir / "elsewhere", path);
  CHECK_FALSE(detail::is_file_at(fd, path));  // a link in its place is not followed
  ::close(fd);
}

TEST_CASE("create journal: a lock won on a file its holder removed meanwhile is let go - the path's present file is taken or found held") {
  // The holder's release (the file removed, then its flock dropped) comes in between a taker's open() and
  // flock(), where try_lock_file_at runs `opened`: the taker's flock then lands on a removed file.
  TempState temp;
  fs::create_directories(temp.dir);
  auto const path = temp.dir / "k@alg.lock";
  auto const make_file = [&] { std::ofstream(path).put('\n'); };

  SUBCASE("a third made and locked a new file at the path: held") {
    make_file();
    int third = -1;
    auto const attempt = detail::try_lock_file_at(path, [&] {
      if (third >= 0) return;
      fs::remove(path);
      third = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      REQUIRE(::flock(third, LOCK_EX | LOCK_NB) == 0);
    });
    CHECK(attempt.fd == -1);
    CHECK(attempt.error == 0);
    ::close(third);
  }
  SUBCASE("no one made a new one: the taker makes and locks it") {
    make_file();
    bool removed = false;
    auto const attempt = detail::try_lock_file_at(path, [&] {
      if (!std::exchange(removed, true)) fs::remove(path);
    });
    REQUIRE(attempt.fd >= 0);
    CHECK(detail::is_file_at(attempt.fd, path));
    ::close(attempt.fd);
  }
  SUBCASE("removed under every attempt: it reads as held, for the caller's wait to poll again") {
    int laps = 0;
    auto const attempt = detail::try_lock_file_at(path, [&] {
      ++laps;
      fs::remove(path);
    });
    CHECK(attempt.fd == -1);
    CHECK(attempt.error == 0);
    CHECK(laps > 1);
  }
  SUBCASE("a directory in the file's place: the OS error, named") {
    fs::create_directories(path);
    auto const attempt = detail::try_lock_file_at(path);
    CHECK(attempt.fd == -1);
    CHECK(attempt.error != 0);
    CHECK(attempt.failed_to == "cannot open the lock file");
  }
}

TEST_CASE("create journal: keys are 1 to 64 of letters, digits, dot, underscore and dash") {
  CHECK(valid_idempotency_key("a"));
  CHECK(valid_idempotency_key("Web-1.prod_2"));
  CHECK(valid_idempotency_key(std::string(64, 'k')));
  CHECK_FALSE(valid_idempotency_key(""));
  CHECK_FALSE(valid_idempotency_key(std::string(65, 'k')));
  CHECK_FALSE(valid_idempotency_key("a b"));
  CHECK_FALSE(valid_idempotency_key("a/b"));
  TempState temp;
  CreateJournal journal(temp.state());
  auto refused = journal.record(entry("alg", "a/b"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK_FALSE(journal.try_lock_key("alg", "../x").has_value());
}

TEST_CASE("create journal: its place is XDG_STATE_HOME, else HOME/.local/state, else a clear error") {
  auto const saved_state = std::getenv("XDG_STATE_HOME") ? std::optional<std::string>(std::getenv("XDG_STATE_HOME")) : std::nullopt;
  auto const saved_home = std::getenv("HOME") ? std::optional<std::string>(std::getenv("HOME")) : std::nullopt;
  ::setenv("XDG_STATE_HOME", "/xdg/state", 1);
  ::setenv("HOME", "/home/someone", 1);
  CHECK(*CreateJournal::default_directory() == fs::path("/xdg/state/polycloud"));
  ::setenv("XDG_STATE_HOME", "relative/is/ignored", 1);
  CHECK(*CreateJournal::default_directory() == fs::path("/home/someone/.local/state/polycloud"));
  ::unsetenv("XDG_STATE_HOME");
  ::unsetenv("HOME");
  CHECK_FALSE(CreateJournal::default_directory().has_value());
  auto journal = CreateJournal::at_default_directory();
  auto refused = journal->record(entry("alg", "k"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("neither XDG_STATE_HOME nor HOME") != std::string::npos);
  if (saved_state) ::setenv("XDG_STATE_HOME", saved_state->c_str(), 1);
  if (saved_home) ::setenv("HOME", saved_home->c_str(), 1);
}
