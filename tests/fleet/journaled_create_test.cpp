// A keyed create through the journal (issue 19): the line is on disk while the provider's create runs,
// cleared once the outcome is known, kept while it is not; a damaged journal sends nothing; the
// per-key lock makes a second create wait; the journal-less mode writes nothing.
#include "core/idempotency_key.hpp"
#include "fleet_fixtures.hpp"
#include "tests/core/run_coro.hpp"

#include <polycloud/create_journal.hpp>

#include <doctest/doctest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace polycloud;
using polycloud::testing::FakeProvider;
namespace fs = std::filesystem;
namespace asio = boost::asio;

namespace {

/// A FakeProvider whose create first runs `on_create` (to look at the journal mid-create).
class WatchedProvider final : public Provider {
 public:
  explicit WatchedProvider(std::string name) : fake_(std::move(name)) {}
  FakeProvider& fake() noexcept { return fake_; }
  std::function<void()> on_create;

  std::string const& name() const noexcept override { return fake_.name(); }
  std::string_view type() const noexcept override { return fake_.type(); }
  Capabilities capabilities() const noexcept override { return fake_.capabilities(); }
  std::unique_ptr<InstancePager> list(ListOptions options) override { return fake_.list(std::move(options)); }
  asio::awaitable<Result<Instance>> get(std::string id, GetOptions options) override {
    return fake_.get(std::move(id), std::move(options));
  }
  asio::awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress, CallOptions options) override {
    if (on_create) on_create();
    return fake_.create(std::move(spec), std::move(progress), options);
  }
  asio::awaitable<Result<void>> remove(std::string id, CallOptions options) override { return fake_.remove(id, options); }
  asio::awaitable<Result<void>> start(std::string id, CallOptions options) override { return fake_.start(id, options); }
  asio::awaitable<Result<void>> stop(std::string id, CallOptions options) override { return fake_.stop(id, options); }
  asio::awaitable<Result<void>> reboot(std::string id, CallOptions options) override { return fake_.reboot(id, options); }

 private:
  FakeProvider fake_;
};

struct JournalFixture {
  fs::path dir = fs::temp_directory_path() / ("polycloud-journaled-create-" + std::to_string(::getpid()));
  std::shared_ptr<CreateJournal> journal = std::make_shared<CreateJournal>(dir);
  WatchedProvider* provider = nullptr;
  Fleet fleet = make_fleet();

  JournalFixture() {
    fs::remove_all(dir);
    fleet.set_create_journal(journal);
  }
  ~JournalFixture() { fs::remove_all(dir); }

  Fleet make_fleet() {
    auto owned = std::make_unique<WatchedProvider>("alg");
    provider = owned.get();
    std::vector<std::unique_ptr<Provider>> providers;
    providers.push_back(std::move(owned));
    return Fleet::from_providers(std::move(providers)).value();
  }

  std::vector<std::string> keys() const {
    std::vector<std::string> keys;
    for (auto const& entry : journal->pending().value()) keys.push_back(entry.key);
    return keys;
  }
};

CreateSpec keyed(std::string key) {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "small";
  spec.image = "debian";
  spec.idempotency_key = std::move(key);
  return spec;
}

Error failure(ErrorKind kind) { return make_error(kind, "injected", "alg", "create"); }

}  // namespace

TEST_CASE("journaled create: the line is on disk while the create runs and gone once it succeeded") {
  JournalFixture fixture;
  std::vector<std::string> seen_during;
  auto const lock_file = fixture.journal->key_lock_file("alg", "web-1-key");
  bool locked_during = false;
  fixture.provider->on_create = [&] {
    seen_during = fixture.keys();
    locked_during = fs::exists(lock_file);
  };
  auto created = run_coro([&] { return fixture.fleet.create("alg", keyed("web-1-key")); });
  REQUIRE(created.has_value());
  CHECK(seen_during == std::vector<std::string>{"web-1-key"});
  CHECK(fixture.keys().empty());
  CHECK(locked_during);
  CHECK_FALSE(fs::exists(lock_file));  // released and removed: no file per key ever created
  CHECK(fixture.provider->fake().calls(Operation::create) == 1);
}

TEST_CASE("journaled create: the line stays when the outcome is unknown and goes when the create was refused") {
  for (auto const kind : {ErrorKind::unknown_outcome, ErrorKind::cancelled, ErrorKind::timeout, ErrorKind::transport,
                          ErrorKind::unavailable, ErrorKind::provider_internal, ErrorKind::protocol}) {
    JournalFixture fixture;
    CAPTURE(to_string(kind));
    fixture.provider->fake().fail_next(Operation::create, failure(kind));
    auto created = run_coro([&] { return fixture.fleet.create("alg", keyed("k1")); });
    REQUIRE_FALSE(created.has_value());
    CHECK(created.error().kind == kind);
    CHECK(fixture.keys() == std::vector<std::string>{"k1"});
  }
  for (auto const kind : {ErrorKind::invalid_argument, ErrorKind::unauthenticated, ErrorKind::permission_denied,
                          ErrorKind::not_found, ErrorKind::conflict, ErrorKind::not_supported}) {
    JournalFixture fixture;
    CAPTURE(to_string(kind));
    fixture.provider->fake().fail_next(Operation::create, failure(kind));
    auto created = run_coro([&] { return fixture.fleet.create("alg", keyed("k1")); });
    REQUIRE_FALSE(created.has_value());
    CHECK(fixture.keys().empty());
  }
}

TEST_CASE("journaled create: a damaged or unwritable journal ends the create before anything is sent") {
  JournalFixture fixture;
  fs::create_directories(fixture.dir);
  std::ofstream(fixture.journal->file()) << "{\"provider\": \"alg\", \"key\": \"k0\"}\n{half a line\n";
  auto created = run_coro([&] { return fixture.fleet.create("alg", keyed("k1")); });
  REQUIRE_FALSE(created.has_value());
  CHECK(created.error().kind == ErrorKind::config);
  CHECK(created.error().provider == "alg");
  CHECK(created.error().message.find("line 2") != std::string::npos);
  CHECK(fixture.provider->fake().calls(Operation::create) == 0);

  fs::remove_all(fixture.dir);
  std::ofstream(fixture.dir) << "a file where the journal's directory belongs";
  created = run_coro([&] { return fixture.fleet.create("alg", keyed("k1")); });
  REQUIRE_FALSE(created.has_value());
  CHECK(created.error().kind == ErrorKind::config);
  CHECK(fixture.provider->fake().calls(Operation::create) == 0);
  fs::remove(fixture.dir);
}

TEST_CASE("journaled create: a bad key is refused before the journal or the provider is touched") {
  JournalFixture fixture;
  for (std::string const& key : {std::string("a b"), std::string(65, 'k'), std::string("a/b")}) {
    CAPTURE(key);
    auto created = run_coro([&] { return fixture.fleet.create("alg", keyed(key)); });
    REQUIRE_FALSE(created.has_value());
    CHECK(created.error().kind == ErrorKind::invalid_argument);
    // The one refusal every layer gives (idempotency_key_refusal), with the length of this key.
    CHECK(created.error().message == idempotency_key_refusal(key, "alg", "create").message);
  }
  CHECK_FALSE(fs::exists(fixture.dir));
  CHECK(fixture.provider->fake().calls(Operation::create) == 0);
}

TEST_CASE("journaled create: a key another holder has locked makes the create wait until it is released") {
  JournalFixture fixture;
  auto held = fixture.journal->try_lock_key("alg", "k1").value();
  REQUIRE(held.has_value());
  std::vector<std::string> told;
  // The create is told it waits; the holder then finishes (releases), and the create goes ahead.
  auto progress = [&](Progress const& step) {
    told.push_back(step.message);
    if (step.message.find("waiting") != std::string::npos) held.reset();
  };
  auto created = run_coro([&] { return fixture.fleet.create("alg", keyed("k1"), progress); });
  REQUIRE(created.has_value());
  REQUIRE_FALSE(told.empty());
  CHECK(told.front().find("another polycloud process is creating key k1 on alg") != std::string::npos);
  CHECK(fixture.provider->fake().calls(Operation::create) == 1);
  CHECK(fixture.keys().empty());
  CHECK_FALSE(fs::exists(fixture.journal->key_lock_file("alg", "k1")));  // the holder's removed, the waiter's too
}

TEST_CASE("journaled create: waiting for a held key ends at the deadline, or when cancelled, sending nothing") {
  JournalFixture fixture;
  auto held = fixture.journal->try_lock_key("alg", "k1").value();
  REQUIRE(held.has_value());
  // A deadline already passed: no waiting at all, so no timing in the test.
  auto created = run_coro([&] { return fixture.fleet.create("alg", keyed("k1"), {}, CallOptions(Clock::now())); });
  REQUIRE_FALSE(created.has_value());
  CHECK(created.error().kind == ErrorKind::timeout);
  CHECK(created.error().message.find("nothing was sent") != std::string::npos);

  asio::io_context io;
  asio::cancellation_signal cancel;
  // Cancelled from the progress callback, i.e. once the create is known to be waiting.
  auto progress = [&](Progress const&) {
    asio::post(io, [&] { cancel.emit(asio::cancellation_type::terminal); });
  };
  auto future = asio::co_spawn(io, fixture.fleet.create("alg", keyed("k1"), progress),
                               asio::bind_cancellation_slot(cancel.slot(), asio::use_future));
  io.run();
  auto cancelled = future.get();
  REQUIRE_FALSE(cancelled.has_value());
  CHECK(cancelled.error().kind == ErrorKind::cancelled);
  CHECK(fixture.provider->fake().calls(Operation::create) == 0);
  CHECK(fixture.keys().empty());
}

TEST_CASE("journaled create: journal-less, or without a key, the provider's create runs alone and nothing is written") {
  JournalFixture fixture;
  fixture.fleet.set_create_journal(nullptr);
  REQUIRE(run_coro([&] { return fixture.fleet.create("alg", keyed("k1")); }).has_value());
  fixture.fleet.set_create_journal(fixture.journal);
  REQUIRE(run_coro([&] { return fixture.fleet.create("alg", keyed("")); }).has_value());
  CHECK_FALSE(fs::exists(fixture.dir));
  CHECK(fixture.provider->fake().calls(Operation::create) == 2);

  // A fleet of providers built elsewhere starts journal-less.
  std::vector<std::unique_ptr<Provider>> providers;
  providers.push_back(std::make_unique<FakeProvider>("x"));
  CHECK(Fleet::from_providers(std::move(providers))->create_journal() == nullptr);
}
