// GMCR timing against gmcr-py's recorded times (reference/gmcr/bench/timings.json; single
// CPython process): ratio = gmcr-py (reachability build + findEquilibria, all concepts) /
// statecraft (all six concepts, gmcr-py semantics so the work is the same).
// Plus the scale target: 5 DMs x 4 options = 2^20 states, Nash/GMR/SMR/SEQ, textbook.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>

#include "core/rng.h"
#include "io/gmcr_file.h"
#include "models/gmcr/build.h"
#include "models/gmcr/stability.h"

namespace {

using namespace statecraft;

void run_bench_file(benchmark::State& state, const char* name, double gmcrpy_seconds) {
  const auto spec = io::load_gmcr_file(std::string(STATECRAFT_SOURCE_DIR) +
                                       "/data/reference/gmcr/bench/" + name + ".gmcr");
  const gmcr::Conflict c = gmcr::build_conflict(spec);
  gmcr::AnalysisOptions o;
  o.semantics = gmcr::Semantics::GmcrPy;
  o.threads = int(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(gmcr::analyse(c, o));
  state.counters["states"] = double(c.states.size());
  state.counters["ratio_vs_gmcrpy"] =
      benchmark::Counter(gmcrpy_seconds * double(state.iterations()), benchmark::Counter::kIsRate);
}

// gmcr-py seconds: reachability_build + findEquilibria_all_concepts.
void BM_GmcrDm2Opt3(benchmark::State& s) { run_bench_file(s, "dm2_opt3", 0.0005 + 0.018); }
void BM_GmcrDm4Opt2(benchmark::State& s) { run_bench_file(s, "dm4_opt2", 0.009 + 0.42); }
void BM_GmcrDm3Opt3(benchmark::State& s) { run_bench_file(s, "dm3_opt3", 0.026 + 0.63); }
void BM_GmcrDm4Opt4Excl(benchmark::State& s) { run_bench_file(s, "dm4_opt4_excl", 1.04 + 2.15); }
void BM_GmcrDm5Opt2(benchmark::State& s) { run_bench_file(s, "dm5_opt2", 0.17 + 11.4); }
void BM_GmcrDm5Opt3Excl(benchmark::State& s) { run_bench_file(s, "dm5_opt3_excl", 1.33 + 12.5); }
void BM_GmcrDm3Opt4(benchmark::State& s) { run_bench_file(s, "dm3_opt4", 1.43 + 37.6); }
void BM_GmcrDm4Opt3(benchmark::State& s) { run_bench_file(s, "dm4_opt3", 1.97 + 108.5); }
BENCHMARK(BM_GmcrDm2Opt3)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm4Opt2)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm3Opt3)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm4Opt4Excl)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm5Opt2)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm5Opt3Excl)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm3Opt4)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GmcrDm4Opt3)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// A random conflict: `dms` decision makers with `per_dm` options each, no infeasible
// states, random strict rankings.
gmcr::Conflict random_conflict(int dms, int per_dm, std::uint64_t seed) {
  ConflictSpec spec;
  spec.id = "random";
  for (int d = 0; d < dms; ++d) {
    ConflictDecisionMaker dm;
    dm.name = "DM" + std::to_string(d + 1);
    for (int k = 0; k < per_dm; ++k) {
      dm.options.push_back(int(spec.options.size()));
      spec.options.push_back(
          {"o" + std::to_string(spec.options.size()), "", d, OptionDirection::Both, {}, ""});
    }
    dm.preference.use_ranking = true;
    spec.dms.push_back(dm);
  }
  const std::uint64_t n = std::uint64_t(1) << (dms * per_dm);
  Rng rng(seed, 0);
  for (auto& dm : spec.dms) {
    std::vector<std::uint64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    for (std::uint64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    for (auto s : order) dm.preference.ranking.push_back({s});
  }
  return gmcr::build_conflict(spec);
}

void BM_GmcrRandomTextbook(benchmark::State& state) {
  const auto c = random_conflict(int(state.range(0)), int(state.range(1)), 7);
  gmcr::AnalysisOptions o;
  o.simultaneous = false;  // Nash, GMR, SMR, SEQ
  o.threads = 2;
  std::size_t equilibria = 0;
  for (auto _ : state) equilibria = gmcr::analyse(c, o).equilibria[int(gmcr::Concept::SEQ)].size();
  state.counters["states"] = double(c.states.size());
  state.counters["seq_equilibria"] = double(equilibria);
}
BENCHMARK(BM_GmcrRandomTextbook)
    ->Args({4, 4})
    ->Args({5, 4})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

}  // namespace
