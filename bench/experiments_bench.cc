// Monte Carlo throughput on the Korean default: 10,000 runs of compromise + BDM + SMP
// (target: under 10 s on this 2-core machine, parallel efficiency >= 80% from 1 to 2
// threads; efficiency = t(1 thread) / (2 x t(2 threads))).
#include <benchmark/benchmark.h>

#include "core/registry.h"
#include "experiments/monte_carlo.h"
#include "io/input_file.h"

namespace {

using namespace statecraft;

void BM_KoreaMonteCarlo(benchmark::State& state) {
  RunRequest r;
  r.threads = int(state.range(1));
  for (const char* m : {"compromise:mean", "bdm", "smp"}) r.models.push_back({m, 0, {}});
  McOptions o;
  o.request = prepare(r);
  o.runs = int(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(run_monte_carlo(o));
  state.counters["runs_per_s"] =
      benchmark::Counter(double(o.runs) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KoreaMonteCarlo)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
