#include "io/study_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "core/errors.h"

namespace statecraft::io {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS study (
  id INTEGER PRIMARY KEY, command TEXT NOT NULL, scenario TEXT NOT NULL, seed INTEGER NOT NULL,
  runs INTEGER NOT NULL, models TEXT NOT NULL, interventions TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS parameter (
  study_id INTEGER NOT NULL REFERENCES study(id), parameter INTEGER NOT NULL, name TEXT NOT NULL,
  low REAL NOT NULL, mode REAL NOT NULL, high REAL NOT NULL, PRIMARY KEY (study_id, parameter));
CREATE TABLE IF NOT EXISTS draw (
  study_id INTEGER NOT NULL REFERENCES study(id), run INTEGER NOT NULL, parameter INTEGER NOT NULL,
  value REAL NOT NULL, PRIMARY KEY (study_id, run, parameter));
CREATE TABLE IF NOT EXISTS result (
  study_id INTEGER NOT NULL REFERENCES study(id), arm TEXT NOT NULL, run INTEGER NOT NULL,
  model TEXT NOT NULL, variant TEXT NOT NULL, issue TEXT NOT NULL, outcome REAL NOT NULL,
  PRIMARY KEY (study_id, arm, run, model, variant, issue));
CREATE TABLE IF NOT EXISTS score (
  study_id INTEGER NOT NULL REFERENCES study(id), method TEXT NOT NULL, kind TEXT NOT NULL,
  issue TEXT NOT NULL, actor TEXT NOT NULL, date TEXT NOT NULL, outcome REAL NOT NULL,
  forecast REAL NOT NULL, error REAL NOT NULL, hit INTEGER NOT NULL,
  PRIMARY KEY (study_id, method, issue, actor, date));
CREATE TABLE IF NOT EXISTS batch (
  study_id INTEGER NOT NULL REFERENCES study(id), first_run INTEGER NOT NULL, last_run INTEGER NOT NULL,
  written TEXT NOT NULL DEFAULT (datetime('now')));
)";

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw OutputError(path, fmt::format("SQLite: {}", sqlite3_errmsg(db)));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() { return stmt_; }
  void step(sqlite3* db, const std::string& path) {
    if (sqlite3_step(stmt_) != SQLITE_DONE)
      throw OutputError(path, fmt::format("SQLite: {}", sqlite3_errmsg(db)));
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void bind_text(sqlite3_stmt* s, int i, const std::string& t) {
  sqlite3_bind_text(s, i, t.c_str(), -1, SQLITE_TRANSIENT);
}

}  // namespace

StudyDb::StudyDb(const std::string& path, const StudyInfo& info) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw OutputError(path, fmt::format("cannot open the study database: {}", msg));
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL");
  exec(kSchema);
  Statement st(db_,
               "INSERT INTO study (command, scenario, seed, runs, models, interventions) VALUES "
               "(?,?,?,?,?,?)",
               path_);
  bind_text(st.get(), 1, info.command);
  bind_text(st.get(), 2, info.scenario);
  sqlite3_bind_int64(st.get(), 3, static_cast<sqlite3_int64>(info.seed));
  sqlite3_bind_int(st.get(), 4, info.runs);
  bind_text(st.get(), 5, info.models);
  bind_text(st.get(), 6, info.interventions);
  st.step(db_, path_);
  study_ = sqlite3_last_insert_rowid(db_);
}

StudyDb::~StudyDb() {
  if (db_) sqlite3_close(db_);
}

void StudyDb::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw OutputError(path_, fmt::format("SQLite: {}", msg));
  }
}

void StudyDb::add_parameters(const std::vector<ParameterRow>& rows) {
  exec("BEGIN");
  Statement st(db_, "INSERT INTO parameter VALUES (?,?,?,?,?,?)", path_);
  for (std::size_t p = 0; p < rows.size(); ++p) {
    sqlite3_bind_int64(st.get(), 1, study_);
    sqlite3_bind_int(st.get(), 2, int(p));
    bind_text(st.get(), 3, rows[p].name);
    sqlite3_bind_double(st.get(), 4, rows[p].low);
    sqlite3_bind_double(st.get(), 5, rows[p].mode);
    sqlite3_bind_double(st.get(), 6, rows[p].high);
    st.step(db_, path_);
  }
  exec("COMMIT");
}

void StudyDb::add_batch(const std::vector<DrawRow>& draws, const std::vector<ResultRow>& results) {
  exec("BEGIN");
  try {
    Statement d(db_, "INSERT OR REPLACE INTO draw VALUES (?,?,?,?)", path_);
    int first = -1, last = -1;
    for (const auto& row : draws) {
      sqlite3_bind_int64(d.get(), 1, study_);
      sqlite3_bind_int(d.get(), 2, row.run);
      sqlite3_bind_int(d.get(), 3, row.parameter);
      sqlite3_bind_double(d.get(), 4, row.value);
      d.step(db_, path_);
    }
    Statement r(db_, "INSERT OR REPLACE INTO result VALUES (?,?,?,?,?,?,?)", path_);
    for (const auto& row : results) {
      sqlite3_bind_int64(r.get(), 1, study_);
      bind_text(r.get(), 2, row.arm);
      sqlite3_bind_int(r.get(), 3, row.run);
      bind_text(r.get(), 4, row.model);
      bind_text(r.get(), 5, row.variant);
      bind_text(r.get(), 6, row.issue);
      sqlite3_bind_double(r.get(), 7, row.outcome);
      r.step(db_, path_);
      first = first < 0 ? row.run : std::min(first, row.run);
      last = std::max(last, row.run);
    }
    Statement b(db_, "INSERT INTO batch (study_id, first_run, last_run) VALUES (?,?,?)", path_);
    sqlite3_bind_int64(b.get(), 1, study_);
    sqlite3_bind_int(b.get(), 2, first);
    sqlite3_bind_int(b.get(), 3, last);
    b.step(db_, path_);
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

void StudyDb::add_scores(const std::vector<ScoreRow>& rows) {
  exec("BEGIN");
  try {
    Statement st(db_, "INSERT OR REPLACE INTO score VALUES (?,?,?,?,?,?,?,?,?,?)", path_);
    for (const auto& row : rows) {
      sqlite3_bind_int64(st.get(), 1, study_);
      bind_text(st.get(), 2, row.method);
      bind_text(st.get(), 3, row.kind);
      bind_text(st.get(), 4, row.issue);
      bind_text(st.get(), 5, row.actor);
      bind_text(st.get(), 6, row.date);
      sqlite3_bind_double(st.get(), 7, row.outcome);
      sqlite3_bind_double(st.get(), 8, row.forecast);
      sqlite3_bind_double(st.get(), 9, row.error);
      sqlite3_bind_int(st.get(), 10, row.hit ? 1 : 0);
      st.step(db_, path_);
    }
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

}  // namespace statecraft::io
