// BDM timing against the Scholz replication's recorded times (reference/bdm/README.md):
// Example (10 actors, 10 rounds) 2.8 s, Sultan (17 actors, 10 rounds) 63 s, CPython 3.11.
// Each benchmark reports `ratio_vs_reference` = reference seconds / our wall seconds
// (UseRealTime: a rate counter divides by CPU time otherwise).
#include <benchmark/benchmark.h>

#include "core/rng.h"
#include "io/bdm_csv.h"
#include "models/bdm/bdm_math.h"

namespace {

using namespace statecraft;

void run_case(benchmark::State& state, const char* file, bool reference, double reference_seconds) {
  const auto s =
      io::load_bdm_csv_file(std::string(STATECRAFT_SOURCE_DIR) + "/data/reference/bdm/" + file);
  const IssueData d = issue_data(*s, 0);
  bdm::Config config;
  config.reference = reference;
  config.rounds = 10;
  for (auto _ : state)
    benchmark::DoNotOptimize(bdm::simulate(d.capability, d.salience, d.position, config));
  state.counters["ratio_vs_reference"] = benchmark::Counter(
      reference_seconds * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_BdmExampleReference(benchmark::State& s) { run_case(s, "ExampleActors.csv", true, 2.8); }
void BM_BdmExampleScholz(benchmark::State& s) { run_case(s, "ExampleActors.csv", false, 2.8); }
void BM_BdmSultanReference(benchmark::State& s) { run_case(s, "Sultan.csv", true, 63.0); }
void BM_BdmSultanScholz(benchmark::State& s) { run_case(s, "Sultan.csv", false, 63.0); }
BENCHMARK(BM_BdmExampleReference)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BdmExampleScholz)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BdmSultanReference)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BdmSultanScholz)->UseRealTime()->Unit(benchmark::kMicrosecond);

// Scaling of the default variant on random issues (no reference timing exists here).
void BM_BdmScholzRandom(benchmark::State& state) {
  const auto n = std::size_t(state.range(0));
  Rng rng(1, n);
  std::vector<double> c(n), s(n), x(n);
  for (std::size_t k = 0; k < n; ++k) {
    c[k] = rng.uniform(0.01, 1);
    s[k] = rng.uniform(0.01, 1);
    x[k] = rng.uniform(0, 100);
  }
  bdm::Config config;
  config.rounds = 10;
  for (auto _ : state) benchmark::DoNotOptimize(bdm::simulate(c, s, x, config));
}
BENCHMARK(BM_BdmScholzRandom)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
