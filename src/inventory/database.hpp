#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements, and every SQLite failure
// turned into one polycloud::Error naming the file and what was being done. Internal to
// polycloud_inventory: no public header includes it, so sqlite3.h never reaches a consumer.

#include <polycloud/error.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace polycloud::inventory {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  // Parameters count from 1, as in SQLite.
  void bind(int index, std::string_view text);
  void bind(int index, std::int64_t value);
  void bind_null(int index);
  /// Empty text binds NULL (to_json(Instance)'s string_or_null).
  void bind_text_or_null(int index, std::string_view text);

  /// The next row (true), the end (false), or the error.
  Result<bool> step();
  /// Ready to run again with new bindings.
  void reset();

  bool is_null(int column) const;
  std::string_view text(int column) const;  ///< valid until the next step()
  std::int64_t integer(int column) const;

 private:
  friend class Database;
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const noexcept;
  };
  Statement(sqlite3_stmt* statement, class Database const* owner) : statement_(statement), owner_(owner) {}
  std::unique_ptr<sqlite3_stmt, Finalize> statement_;
  class Database const* owner_ = nullptr;
};

class Database {
 public:
  enum class Mode { read_only, read_write_create };

  /// Opens `file`. read_only never creates it (a missing file is not_found). Nothing is read yet:
  /// whether the file is SQLite shows at the first statement (see error()).
  /// Held by pointer: its statements point back at it for their errors.
  static Result<std::unique_ptr<Database>> open(std::filesystem::path const& file, Mode mode, std::string operation);

  Database(Database const&) = delete;
  Database& operator=(Database const&) = delete;
  ~Database() = default;

  Result<void> exec(std::string const& sql);
  Result<Statement> prepare(std::string const& sql);
  /// The single integer a query returns (PRAGMA user_version, count(*)).
  Result<std::int64_t> integer(std::string const& sql);

  std::filesystem::path const& file() const noexcept { return file_; }
  /// The error for SQLite's result code `code` on this connection, named for the file and operation:
  /// "FILE is not an SQLite database", "FILE: database or disk is full", "FILE is read-only"…
  Error error(int code) const;
  Error error(ErrorKind kind, std::string message) const;

 private:
  struct Close {
    void operator()(sqlite3* db) const noexcept;
  };
  Database(sqlite3* db, std::filesystem::path file, std::string operation)
      : db_(db), file_(std::move(file)), operation_(std::move(operation)) {}
  std::unique_ptr<sqlite3, Close> db_;
  std::filesystem::path file_;
  std::string operation_;
};

}  // namespace polycloud::inventory
