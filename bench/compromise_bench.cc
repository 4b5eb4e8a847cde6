// The compromise baselines on the Korean default (no reference tool exists for them).
#include <benchmark/benchmark.h>

#include "core/registry.h"
#include "io/input_file.h"

namespace {

void BM_CompromiseKorea(benchmark::State& state) {
  const auto korea = statecraft::io::load_default_scenario();
  const auto& model = statecraft::registry().get("compromise");
  statecraft::ModelOptions o;
  o.variant = "median";
  for (auto _ : state) benchmark::DoNotOptimize(model.run(*korea, o));
}
BENCHMARK(BM_CompromiseKorea)->Unit(benchmark::kMicrosecond);

void BM_BdmKorea(benchmark::State& state) {
  const auto korea = statecraft::io::load_default_scenario();
  const auto& model = statecraft::registry().get("bdm");
  for (auto _ : state) benchmark::DoNotOptimize(model.run(*korea, {}));
}
BENCHMARK(BM_BdmKorea)->Unit(benchmark::kMicrosecond);

}  // namespace
