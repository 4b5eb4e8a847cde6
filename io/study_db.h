// A study database (SQLite): what a Monte Carlo or what-if run drew and produced, one
// transaction per batch, so a killed run leaves a readable database with every completed
// batch. Schema: docs/experiments.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace statecraft::io {

struct StudyInfo {
  std::string command, scenario, models, interventions;
  std::uint64_t seed = 0;
  int runs = 0;
};

class StudyDb {
 public:
  // Opens (creating the schema if needed) and records a new study; OutputError on failure.
  StudyDb(const std::string& path, const StudyInfo& info);
  ~StudyDb();
  StudyDb(const StudyDb&) = delete;
  StudyDb& operator=(const StudyDb&) = delete;

  long long study_id() const { return study_; }

  struct ParameterRow {
    std::string name;
    double low, mode, high;
  };
  void add_parameters(const std::vector<ParameterRow>& rows);

  struct ResultRow {
    std::string arm;  // "baseline" or "intervention"
    int run;
    std::string model, variant, issue;
    double outcome;
  };
  struct DrawRow {
    int run, parameter;
    double value;
  };
  // Writes one batch in one transaction.
  void add_batch(const std::vector<DrawRow>& draws, const std::vector<ResultRow>& results);

  // A backtest's scored outcomes: per method (model, ensemble or baseline) and outcome, in
  // one transaction. `actor` is empty for an issue outcome.
  struct ScoreRow {
    std::string method, kind, issue, actor, date;
    double outcome, forecast, error;
    bool hit;
  };
  void add_scores(const std::vector<ScoreRow>& rows);

 private:
  void exec(const std::string& sql);
  std::string path_;
  sqlite3* db_ = nullptr;
  long long study_ = 0;
};

}  // namespace statecraft::io
