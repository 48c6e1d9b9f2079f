// `polycloud pending` and the journal behind `create --idempotency-key` (issue 19), against fake
// providers: the listing needs no config, a damaged journal stops both commands with a clear error,
// --resolve says what it could not settle and keeps it, a successful keyed create leaves nothing.
#include "cli_fixture.hpp"

#include <polycloud/create_journal.hpp>

#include <doctest/doctest.h>

#include <fstream>

namespace json = boost::json;
using polycloud::CreateJournal;
using polycloud::PendingCreate;

namespace {

/// The journal the CLI of this fixture uses (CliFixture sets XDG_STATE_HOME to dir/state).
CreateJournal journal_of(CliFixture const& cli) { return CreateJournal(cli.dir() / "state" / "polycloud"); }

PendingCreate pending(std::string provider, std::string key, std::string name) {
  PendingCreate entry;
  entry.provider = std::move(provider);
  entry.type = "fake";
  entry.key = std::move(key);
  entry.name = std::move(name);
  entry.size = "small";
  entry.started = "2026-12-06T07:40:00Z";
  entry.pid = 4242;
  entry.host = "build-host";
  return entry;
}

}  // namespace

TEST_CASE("pending lists the journal's creates as a table or json, and needs no config") {
  CliFixture cli;
  auto empty = cli.run({"pending", "-o", "json"});
  CHECK(empty.exit_code == 0);
  CHECK(parse_output(empty.out).as_array().empty());

  auto journal = journal_of(cli);
  REQUIRE(journal.record(pending("a", "web-1-key", "web-1")).has_value());
  REQUIRE(journal.record(pending("b", "db-key", "db")).has_value());
  // A key whose lock is held now is a create running in another process.
  auto held = journal.try_lock_key("b", "db-key").value();
  REQUIRE(held.has_value());

  auto listed = cli.run({"pending", "-o", "json"});
  CHECK(listed.exit_code == 0);
  auto const records = parse_output(listed.out).as_array();
  REQUIRE(records.size() == 2);
  auto const& first = records[0].as_object();
  CHECK(first.at("provider") == "a");
  CHECK(first.at("key") == "web-1-key");
  CHECK(first.at("name") == "web-1");
  CHECK(first.at("size") == "small");
  CHECK(first.at("started") == "2026-12-06T07:40:00Z");
  CHECK(first.at("pid") == 4242);
  CHECK(first.at("host") == "build-host");
  CHECK(first.at("status") == "interrupted");
  CHECK(records[1].at("status") == "in_flight");

  auto table = cli.run({"pending", "--provider", "a"});
  CHECK(table.exit_code == 0);
  auto const lines = lines_of(table.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("PROVIDER", 0) == 0);
  CHECK(lines[1].find("web-1-key") != std::string::npos);
  CHECK(lines[1].find("interrupted") != std::string::npos);
}

TEST_CASE("pending --resolve keeps and explains what it cannot settle, and exits 1") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto journal = journal_of(cli);
  REQUIRE(journal.record(pending("gone", "k1", "web-1")).has_value());
  auto resolved = cli.run_with(config, {"pending", "--resolve", "-o", "json"});
  CHECK(resolved.exit_code == 1);
  auto const records = parse_output(resolved.out).as_array();
  REQUIRE(records.size() == 1);
  CHECK(records[0].at("status") == "unknown");
  CHECK(std::string(records[0].at("detail").as_string()).find("no provider named \"gone\"") != std::string::npos);
  CHECK(resolved.err.find("1 of 1 still unknown") != std::string::npos);
  CHECK(journal.pending()->size() == 1);  // kept: nothing was found to settle it

  // Nothing of provider a is pending: nothing is left unknown.
  CHECK(cli.run_with(config, {"pending", "--resolve", "--provider", "a"}).exit_code == 0);
}

TEST_CASE("a damaged journal stops pending and a keyed create with a clear error, and nothing is created") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  std::filesystem::create_directories(cli.dir() / "state" / "polycloud");
  std::ofstream(journal_of(cli).file()) << "{\"provider\": \"a\", \"key\": \"k\"}\nnot a line of the journal\n";

  auto listed = cli.run({"pending"});
  CHECK(listed.exit_code == 2);
  CHECK(listed.err.find("is damaged: line 2 is not a pending create") != std::string::npos);

  auto created = cli.run_with(config, {"create", "a", "--name", "web-9", "--size", "small", "--image", "debian",
                                       "--idempotency-key", "web-9-key", "-o", "json", "--no-wait"});
  CHECK(created.exit_code == 2);
  CHECK(created.out.empty());
  CHECK(created.err.find("nothing was sent") != std::string::npos);
  // Without a key the journal is not involved.
  auto unkeyed = cli.run_with(config, {"create", "a", "--name", "web-9", "--size", "small", "--image", "debian",
                                       "-o", "json", "--no-wait"});
  CHECK(unkeyed.exit_code == 0);
}

TEST_CASE("a keyed create that succeeded leaves its journal empty, with the files private") {
  CliFixture cli;
  auto created = cli.run_with(cli.write_config(two_fakes), {"create", "a", "--name", "web-1", "--size", "small",
                                                            "--image", "debian", "--idempotency-key", "web-1-key",
                                                            "-o", "json", "--no-wait"});
  CHECK(created.exit_code == 0);
  CHECK(parse_output(created.out).at("name") == "web-1");
  auto journal = journal_of(cli);
  CHECK(journal.pending()->empty());
  CHECK(std::filesystem::status(journal.directory()).permissions() == std::filesystem::perms::owner_all);
  CHECK(std::filesystem::status(journal.file()).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  CHECK(cli.run({"pending", "-o", "json"}).out == "[]\n");
}
