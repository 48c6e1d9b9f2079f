// The journal file of creates in flight: one JSON object per line, read whole and checked before every
// change, appended with an fsync, rewritten by temp + fsync + rename, all under an flock of a lock file
// beside it (not of the journal itself: the rename replaces the journal's inode, and a lock held on the
// old one would no longer exclude anyone).
#include "core/idempotency_key.hpp"
#include "core/journal_files.hpp"

#include <polycloud/create_journal.hpp>

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace polycloud {

namespace {
namespace json = boost::json;

constexpr std::size_t max_journal_bytes = 16u << 20;  // far more lines than anyone has in flight

std::string const journal_name = "pending-creates.ndjson";
std::string const journal_lock_name = "pending-creates.lock";

json::object to_json(PendingCreate const& entry) {
  return {{"provider", entry.provider},
          {"type", entry.type},
          {"key", entry.key},
          {"spec", {{"name", entry.name}, {"size", entry.size}, {"image", entry.image}, {"region", entry.region}}},
          {"started", entry.started},
          {"pid", entry.pid},
          {"host", entry.host}};
}

/// One line read back; an error says what is wrong with it.
Result<PendingCreate> from_json(std::string_view line) {
  boost::system::error_code ec;
  auto const value = json::parse(line, ec);
  if (ec) return make_error(ErrorKind::config, "not JSON (" + ec.message() + ")");
  auto const* object = value.if_object();
  if (object == nullptr) return make_error(ErrorKind::config, "not a JSON object");
  auto text = [&](json::object const& in, char const* key) -> std::optional<std::string> {
    auto const* field = in.if_contains(key);
    if (field == nullptr) return std::string();
    if (!field->is_string()) return std::nullopt;
    return std::string(field->get_string());
  };
  PendingCreate entry;
  auto provider = text(*object, "provider");
  auto key = text(*object, "key");
  if (!provider || provider->empty()) return make_error(ErrorKind::config, "no \"provider\" string");
  if (!key || !valid_idempotency_key(*key)) return make_error(ErrorKind::config, "no valid \"key\"");
  entry.provider = std::move(*provider);
  entry.key = std::move(*key);
  auto type = text(*object, "type");
  auto started = text(*object, "started");
  auto host = text(*object, "host");
  if (!type || !started || !host) return make_error(ErrorKind::config, "\"type\", \"started\" or \"host\" is not a string");
  entry.type = std::move(*type);
  entry.started = std::move(*started);
  entry.host = std::move(*host);
  if (auto const* pid = object->if_contains("pid"); pid != nullptr) {
    if (!pid->is_int64()) return make_error(ErrorKind::config, "\"pid\" is not an integer");
    entry.pid = static_cast<long>(pid->get_int64());
  }
  if (auto const* spec = object->if_contains("spec"); spec != nullptr) {
    if (!spec->is_object()) return make_error(ErrorKind::config, "\"spec\" is not an object");
    auto name = text(spec->get_object(), "name");
    auto size = text(spec->get_object(), "size");
    auto image = text(spec->get_object(), "image");
    auto region = text(spec->get_object(), "region");
    if (!name || !size || !image || !region) return make_error(ErrorKind::config, "a \"spec\" field is not a string");
    entry.name = std::move(*name);
    entry.size = std::move(*size);
    entry.image = std::move(*image);
    entry.region = std::move(*region);
  }
  return entry;
}

std::string utc_now() {
  auto const now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

/// The journal's text parsed line by line: the entries, or the first bad line named.
Result<std::vector<PendingCreate>> parse_journal(std::string const& text, std::filesystem::path const& file) {
  std::vector<PendingCreate> entries;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    std::string_view const line(text.data() + start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto entry = from_json(line);
    if (!entry)
      return make_error(ErrorKind::config,
                        "the journal of creates in flight " + file.string() + " is damaged: line " +
                            std::to_string(line_number) + " is not a pending create (" + entry.error().message +
                            "); nothing was sent. Look at the file (each line names a create that may have made a "
                            "VM), then fix or remove that line");
    entries.push_back(std::move(*entry));
  }
  return entries;
}

std::string line_of(PendingCreate const& entry) { return json::serialize(to_json(entry)) + "\n"; }

/// The journal as it is under its lock, for a change: the lock stays held while this lives.
struct LockedJournal {
  detail::FileLock lock;
  std::string text;
  std::vector<PendingCreate> entries;
};

Result<LockedJournal> lock_and_read(std::filesystem::path const& directory, std::filesystem::path const& file) {
  auto locked = detail::FileLock::exclusive(directory / journal_lock_name);
  if (!locked) return locked.error();
  auto text = detail::read_journal_text(file, max_journal_bytes);
  if (!text) return text.error();
  auto entries = parse_journal(*text, file);
  if (!entries) return entries.error();
  return LockedJournal{std::move(*locked), std::move(*text), std::move(*entries)};
}
}  // namespace

PendingCreate PendingCreate::of(Provider const& provider, CreateSpec const& spec) {
  PendingCreate entry;
  entry.provider = provider.name();
  entry.type = std::string(provider.type());
  entry.key = spec.idempotency_key;
  entry.name = spec.name;
  entry.size = spec.size;
  entry.image = spec.image;
  entry.region = spec.region;
  entry.started = utc_now();
  entry.pid = static_cast<long>(::getpid());
  entry.host = host_name();
  return entry;
}

CreateJournal::CreateJournal(std::filesystem::path directory) : directory_(std::move(directory)) {}

Result<std::filesystem::path> CreateJournal::default_directory() {
  // XDG: a relative $XDG_STATE_HOME is invalid and is ignored.
  if (char const* state = std::getenv("XDG_STATE_HOME"); state != nullptr && state[0] == '/')
    return std::filesystem::path(state) / "polycloud";
  if (char const* home = std::getenv("HOME"); home != nullptr && home[0] != '\0')
    return std::filesystem::path(home) / ".local" / "state" / "polycloud";
  return make_error(ErrorKind::config,
                    "no place for the journal of creates in flight: neither XDG_STATE_HOME nor HOME is set");
}

std::shared_ptr<CreateJournal> CreateJournal::at_default_directory() {
  auto directory = default_directory();
  if (directory) return std::make_shared<CreateJournal>(std::move(*directory));
  auto journal = std::make_shared<CreateJournal>(std::filesystem::path());
  journal->unusable_ = directory.error();
  return journal;
}

std::filesystem::path CreateJournal::file() const { return directory_ / journal_name; }

Result<std::vector<PendingCreate>> CreateJournal::pending() const {
  if (unusable_) return *unusable_;
  auto text = detail::read_journal_text(file(), max_journal_bytes);
  if (!text) return text.error();
  return parse_journal(*text, file());
}

Result<void> CreateJournal::record(PendingCreate const& entry) {
  if (unusable_) return *unusable_;
  if (!valid_idempotency_key(entry.key))
    return idempotency_key_refusal(entry.key, entry.provider, "create");
  if (auto made = detail::private_directory(directory_); !made) return made.error();
  auto journal = lock_and_read(directory_, file());
  if (!journal) return journal.error();
  for (auto const& present : journal->entries)
    if (present.provider == entry.provider && present.key == entry.key) return {};
  // A last line without its newline (written by hand) must not run into this one.
  auto const& text = journal->text;
  std::string const line = (!text.empty() && text.back() != '\n' ? "\n" : "") + line_of(entry);
  return detail::append_durably(file(), line);
}

Result<void> CreateJournal::clear(std::string_view provider, std::string_view key) {
  if (unusable_) return *unusable_;
  std::error_code ec;
  if (!std::filesystem::exists(directory_, ec) && !ec) return {};  // nothing was ever journaled here
  auto journal = lock_and_read(directory_, file());
  if (!journal) return journal.error();
  auto& entries = journal->entries;
  auto const before = entries.size();
  std::erase_if(entries, [&](PendingCreate const& entry) { return entry.provider == provider && entry.key == key; });
  if (entries.size() == before) return {};
  std::string rest;
  for (auto const& entry : entries) rest += line_of(entry);
  return detail::replace_durably(file(), rest);
}

}  // namespace polycloud
