#include "inventory/database.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

namespace polycloud::inventory {

void Statement::Finalize::operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
void Database::Close::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

void Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go at once.
  sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}
void Statement::bind(int index, std::int64_t value) { sqlite3_bind_int64(statement_.get(), index, value); }
void Statement::bind_null(int index) { sqlite3_bind_null(statement_.get(), index); }
void Statement::bind_text_or_null(int index, std::string_view text) {
  if (text.empty())
    bind_null(index);
  else
    bind(index, text);
}

Result<bool> Statement::step() {
  int const code = sqlite3_step(statement_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return owner_->error(code);
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL; }
std::string_view Statement::text(int column) const {
  auto const* data = reinterpret_cast<char const*>(sqlite3_column_text(statement_.get(), column));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(statement_.get(), column))};
}
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_.get(), column); }

Result<std::unique_ptr<Database>> Database::open(std::filesystem::path const& file, Mode mode, std::string operation) {
  std::error_code ignored;
  if (mode == Mode::read_only && !std::filesystem::exists(file, ignored))
    return make_error(ErrorKind::not_found, file.string() + ": no such file", {}, operation);
  int const flags = (mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_EXRESCODE;
  sqlite3* raw = nullptr;
  int const code = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  // Owns `raw` on every path, even a failed open (SQLite then still hands out a handle to close).
  std::unique_ptr<Database> db(new Database(raw, file, std::move(operation)));
  if (code != SQLITE_OK) return db->error(code);
  // SQLite opens a file it may not write read-only without a word: say so now, not at the first insert.
  if (mode == Mode::read_write_create && sqlite3_db_readonly(raw, "main") == 1) return db->error(SQLITE_READONLY);
  sqlite3_busy_timeout(raw, 5'000);  // another export committing: wait for it rather than fail at once
  return db;
}

Result<void> Database::exec(std::string const& sql) {
  int const code = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) return error(code);
  return {};
}

Result<Statement> Database::prepare(std::string const& sql) {
  sqlite3_stmt* raw = nullptr;
  int const code = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &raw, nullptr);
  Statement statement(raw, this);
  if (code != SQLITE_OK) return error(code);
  return statement;
}

Result<std::int64_t> Database::integer(std::string const& sql) {
  auto statement = prepare(sql);
  if (!statement) return statement.error();
  auto row = statement->step();
  if (!row) return row.error();
  return *row ? statement->integer(0) : 0;
}

Error Database::error(ErrorKind kind, std::string message) const {
  return make_error(kind, file_.string() + message, {}, operation_);
}

Error Database::error(int code) const {
  int const system = db_ ? sqlite3_system_errno(db_.get()) : 0;
  std::string const reason = system != 0 ? std::strerror(system) : sqlite3_errstr(code);
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      return error(ErrorKind::config, " is not an SQLite database (not a file `polycloud export` wrote)");
    case SQLITE_READONLY:
      return error(ErrorKind::config, " is read-only: cannot write the snapshot (" + reason + ")");
    case SQLITE_CANTOPEN:  // a missing file to read was refused before SQLite saw it: this is a path to write
      return error(ErrorKind::config, ": cannot create or write the file there: " + reason);
    case SQLITE_FULL:
      return error(ErrorKind::unavailable, ": the disk is full, or the file reached its size limit");
    case SQLITE_IOERR:
      if (system == ENOSPC || system == EFBIG || system == EDQUOT)
        return error(ErrorKind::unavailable, ": cannot write: " + reason);
      // The OS reason is often lost by then (an EFBIG past RLIMIT_FSIZE reads as "disk I/O error").
      return error(ErrorKind::unavailable, ": cannot write (a full disk, a file size limit or a device error): " + reason);
    case SQLITE_CORRUPT:
      return error(ErrorKind::config, " is damaged (" + std::string(sqlite3_errstr(code)) + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return error(ErrorKind::unavailable, " is locked by another writer");
    default: {
      std::string detail = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(code);
      return error(ErrorKind::unavailable, ": SQLite: " + detail);
    }
  }
}

}  // namespace polycloud::inventory
