// Exchange-model timing against the decide reference's recorded time
// (reference/exchange/README.md): Copenhagen (11 actors, 7 issues), 10 rounds, about 2.7 s in
// CPython 3.11. `ratio_vs_reference` = reference seconds / our seconds.
#include <benchmark/benchmark.h>

#include "core/rng.h"
#include "io/decide_csv.h"
#include "models/exchange/model.h"

namespace {

using namespace statecraft;

template <typename T>
void run_copenhagen(benchmark::State& state, exchange::Rule rule) {
  const auto s = io::load_decide_csv_file(std::string(STATECRAFT_SOURCE_DIR) +
                                          "/data/reference/exchange/copenhagen.csv");
  const auto board = exchange::board_from<T>(*s);
  const auto pairs = exchange::trade_pairs(*s);
  exchange::Settings settings;
  settings.rule = rule;
  settings.rounds = 10;
  for (auto _ : state) benchmark::DoNotOptimize(exchange::run(board, pairs, settings));
  state.counters["ratio_vs_reference"] =
      benchmark::Counter(2.7 * double(state.iterations()), benchmark::Counter::kIsRate);
}
void BM_ExchangeCopenhagenEqualGain(benchmark::State& s) {
  run_copenhagen<double>(s, exchange::Rule::EqualGain);
}
void BM_ExchangeCopenhagenRandomRate(benchmark::State& s) {
  run_copenhagen<double>(s, exchange::Rule::RandomRate);
}
// The `reference` variant: the same in 28-digit decimals.
void BM_ExchangeCopenhagenReferenceDecimals(benchmark::State& s) {
  run_copenhagen<exchange::Decimal28>(s, exchange::Rule::EqualGain);
}
BENCHMARK(BM_ExchangeCopenhagenEqualGain)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExchangeCopenhagenReferenceDecimals)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExchangeCopenhagenRandomRate)->UseRealTime()->Unit(benchmark::kMillisecond);

// Scaling on random data: N actors on 8 issues, all pairs tradeable, 10 rounds.
void BM_ExchangeRandom(benchmark::State& state) {
  const auto n = std::size_t(state.range(0));
  const std::size_t issues = 8;
  Rng rng(3, n);
  exchange::Board<double> board;
  board.stake.assign(issues, std::vector<std::optional<exchange::Stake<double>>>(n));
  for (auto& row : board.stake)
    for (auto& st : row)
      st = exchange::Stake<double>{rng.uniform(0, 100), rng.uniform(0.05, 1), rng.uniform(0.05, 1)};
  std::vector<exchange::IssuePair> pairs;
  for (std::size_t p = 0; p < issues; ++p)
    for (std::size_t q = p + 1; q < issues; ++q) pairs.push_back({p, q, std::vector<char>(n, 1)});
  exchange::Settings settings;
  for (auto _ : state) benchmark::DoNotOptimize(exchange::run(board, pairs, settings));
}
BENCHMARK(BM_ExchangeRandom)->Arg(20)->Arg(40)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
