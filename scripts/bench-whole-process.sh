#!/usr/bin/env bash
# Whole-process timings of the statecraft CLI on the workloads of docs/benchmarks.md
# (issue 17), each run as its own process, against the reference tools' times: measured in
# the same run when the tool is installed (see below), else the RECORDED times of the shared
# reference READMEs, marked as such.
#
#   scripts/bench-whole-process.sh [BUILD_DIR] [RUNS]
#
# Prints a Markdown table (min / median wall seconds; one warm-up run first except for the
# single-run cases, median user+sys CPU, peak memory, the load average before and after each
# case, ratio = reference wall seconds / our median wall seconds) and rewrites the block
# between the "whole-process" markers in docs/benchmarks.md. BENCH_LARGE=1 adds BDM with
# 10,000 actors (minutes, ~0.8 GB).
#
# Side by side with a reference tool: set the variable to a shell command that runs the
# reference on the same input (docs/benchmarks.md, "Running the reference tools"):
#   REF_BDM_EXAMPLE, REF_BDM_SULTAN      the Scholz replication on ExampleActors.csv / Sultan.csv
#   REF_SMP_50X3, REF_SMP_80X1           smpc --logmin on bench_50x3.csv / bench_80x1.csv
#   REF_GMCR_DM4_OPT3                    gmcr-py: load dm4_opt3.gmcr, build, findEquilibria
#   REF_EXCHANGE_COPENHAGEN              decide's EqualGainModel on copenhagen.csv, 10 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
bin="$build/statecraft"
[[ -x "$bin" ]] || { echo "no $bin: build first (make build)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bench/bdm_generate.py --actors 1000 > "$work/bdm_1000.csv"
bench/smp_generate.py --actors 1000 --dims 5 > "$work/smp_1000x5.csv"
bench/gmcr_generate.py --dms 5 --options 4 --seed 1 > "$work/dm5_opt4.gmcr"
"$bin" import decide data/reference/exchange/copenhagen.csv -o "$work/copenhagen.yaml" > /dev/null

rows="$work/rows.tsv"
: > "$rows"
# case name, recorded reference seconds ("-" if none), runs, then the command.
measure() {
  local name="$1" reference="$2" n="$3"
  shift 3
  local before after
  before=$(cut -d' ' -f1 /proc/loadavg)
  # A warm-up run (page cache), not counted, except for the single long runs.
  if [[ "$n" -gt 1 ]]; then "$@" > /dev/null 2>&1 || true; fi
  for _ in $(seq "$n"); do
    # Wall time from the nanosecond clock (time's %e has 10 ms steps); CPU and peak
    # memory from /usr/bin/time.
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f "%U %S %M" -o "$work/time" "$@" > /dev/null 2> "$work/err" ||
      { echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
    t1=$(date +%s%N)
    echo "$name	$reference	$(( (t1 - t0) / 1000 ))e-6 $(cat "$work/time")" >> "$rows"
  done
  after=$(cut -d' ' -f1 /proc/loadavg)
  echo "$name	load	$before	$after" >> "$rows"
  echo "done: $name" >&2
}

# The reference tool on the same case, when its command is given: `runs` timed runs.
reference() {
  local name="$1" command="$2" n="$3" t0 t1
  [[ -n "$command" ]] || return 0
  for _ in $(seq "$n"); do
    t0=$(date +%s%N)
    bash -c "$command" > /dev/null 2>&1 || { echo "reference failed: $command" >&2; exit 1; }
    t1=$(date +%s%N)
    echo "$name	measured	$(( (t1 - t0) / 1000 ))e-6" >> "$rows"
  done
  echo "done: reference for $name" >&2
}

q=(--format csv -o '')
# SMP against KTAB's timings runs KTAB's algorithm: ideals follow positions fully.
ktab=(-p smp.accommodation=1)
measure "start-up: statecraft --version" - 10 "$bin" --version
measure "start-up: run -m compromise:mean (embedded Korean scenario)" - 10 "$bin" run -m compromise:mean "${q[@]}"
measure "BDM reference variant, EC car emissions (10 actors, 10 rounds)" 2.8 "$runs" \
  "$bin" run -m bdm:reference data/reference/bdm/ExampleActors.csv --threads 1 "${q[@]}"
reference "BDM reference variant, EC car emissions (10 actors, 10 rounds)" "${REF_BDM_EXAMPLE:-}" "$runs"
measure "BDM reference variant, Sultan (17 actors, 10 rounds)" 63 "$runs" \
  "$bin" run -m bdm:reference data/reference/bdm/Sultan.csv --threads 1 "${q[@]}"
reference "BDM reference variant, Sultan (17 actors, 10 rounds)" "${REF_BDM_SULTAN:-}" "$runs"
measure "BDM scholz, 1,000 random actors, 10 rounds, 1 thread" - "$runs" \
  "$bin" run -m bdm "$work/bdm_1000.csv" --threads 1 "${q[@]}"
if [[ "${BENCH_LARGE:-0}" == 1 ]]; then
  bench/bdm_generate.py --actors 10000 > "$work/bdm_10000.csv"
  measure "BDM scholz, 10,000 random actors, 10 rounds, 1 thread" - 1 \
    "$bin" --limit actors=10000 run -m bdm "$work/bdm_10000.csv" --threads 1 "${q[@]}"
fi
measure "SMP KTAB bench_50x3, 1 thread (ref: smpc --logmin)" 14.8 "$runs" \
  "$bin" run -m smp data/reference/ktab/bench/bench_50x3.csv --threads 1 "${ktab[@]}" "${q[@]}"
measure "SMP KTAB bench_50x3, 2 threads (ref: smpc --logmin)" 14.8 "$runs" \
  "$bin" run -m smp data/reference/ktab/bench/bench_50x3.csv --threads 2 "${ktab[@]}" "${q[@]}"
reference "SMP KTAB bench_50x3, 2 threads (ref: smpc --logmin)" "${REF_SMP_50X3:-}" "$runs"
measure "SMP KTAB bench_80x1, 2 threads (ref: smpc --logmin)" 76.5 "$runs" \
  "$bin" run -m smp data/reference/ktab/bench/bench_80x1.csv --threads 2 "${ktab[@]}" "${q[@]}"
reference "SMP KTAB bench_80x1, 2 threads (ref: smpc --logmin)" "${REF_SMP_80X1:-}" "$runs"
measure "SMP random 1000x5 to convergence, 2 threads, KTAB's accommodation" - 1 \
  "$bin" run -m smp "$work/smp_1000x5.csv" --threads 2 "${ktab[@]}" "${q[@]}"
measure "SMP random 1000x5 to convergence, 2 threads, default (accommodation 0.5)" - 1 \
  "$bin" run -m smp "$work/smp_1000x5.csv" --threads 2 "${q[@]}"
measure "GMCR dm4_opt3 (4,096 states), all concepts, gmcr-py semantics (ref: load + build + findEquilibria)" 110.8 "$runs" \
  "$bin" conflict data/reference/gmcr/bench/dm4_opt3.gmcr --semantics gmcr-py
reference "GMCR dm4_opt3 (4,096 states), all concepts, gmcr-py semantics (ref: load + build + findEquilibria)" "${REF_GMCR_DM4_OPT3:-}" "$runs"
measure "GMCR 2^20 states (5 DMs x 4 options), Nash/GMR/SMR/SEQ, gmcr-py semantics, 2 threads" - 1 \
  "$bin" conflict "$work/dm5_opt4.gmcr" --semantics gmcr-py --concept Nash --concept GMR \
  --concept SMR --concept SEQ --threads 2
measure "Exchange, Copenhagen 11x7, 10 rounds (ref: decide)" 2.7 "$runs" \
  "$bin" run -m exchange "$work/copenhagen.yaml" --threads 1 "${q[@]}"
reference "Exchange, Copenhagen 11x7, 10 rounds (ref: decide)" "${REF_EXCHANGE_COPENHAGEN:-}" "$runs"
mc=(mc --runs 10000 --quiet --format json -o '')
measure "Korean Monte Carlo, 10,000 runs, the 5 default models with responses, 1 thread" - 1 \
  "$bin" "${mc[@]}" --threads 1
measure "Korean Monte Carlo, 10,000 runs, the 5 default models with responses, 2 threads" - 1 \
  "$bin" "${mc[@]}" --threads 2
measure "Korean Monte Carlo, 10,000 runs, compromise:mean + bdm + smp, 2 threads (target < 10 s)" - 1 \
  "$bin" "${mc[@]}" --threads 2 -m compromise:mean -m bdm -m smp

# The in-process benchmarks (`make bench`, Google Benchmark) into their own block, unless
# BENCH_GOOGLE=0 (about 90 s on 2 cores).
google="$work/google.json"
if [[ "${BENCH_GOOGLE:-1}" != 0 && -x "$build/bench/statecraft_bench" ]]; then
  "$build/bench/statecraft_bench" --benchmark_out="$google" --benchmark_out_format=json \
    > /dev/null 2>&1 || { echo "statecraft_bench failed" >&2; exit 1; }
  echo "done: make bench" >&2
fi

/usr/bin/python3 - "$rows" "$runs" "$google" <<'PY'
import pathlib, statistics, subprocess, sys, datetime
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
cases, load, measured = {}, {}, {}
for r in rows:
    if r[1] == "load":
        load[r[0]] = (r[2], r[3])
        continue
    if r[1] == "measured":
        measured.setdefault(r[0], []).append(float(r[2]))
        continue
    wall, user, sys_, kb = r[2].split()
    cases.setdefault(r[0], (r[1], []))[1].append((float(wall), float(user) + float(sys_), int(kb)))
cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
out = [f"Measured {datetime.date.today().isoformat()} by `scripts/bench-whole-process.sh` on this "
       f"{cpu}-core machine; the load average (1 min) before and after each case is shown because "
       "the machine is shared. Wall seconds min / median over the runs (one warm-up run first when there "
       "are several; wall from the nanosecond clock around `/usr/bin/time`, which adds about 1 ms); "
       "CPU = user + sys (all threads); ratio = the reference tool's wall seconds / our median "
       "wall seconds, the reference either measured here in the same run (median) or recorded in the "
       "shared reference READMEs on the same class of machine, as marked.", "",
       "| case | runs | wall min | wall median | CPU median | peak MiB | load before → after | reference | ratio |",
       "|---|---|---|---|---|---|---|---|---|"]
for name, (ref, xs) in cases.items():
    walls = [x[0] for x in xs]
    med = statistics.median(walls)
    cpu_med = statistics.median(x[1] for x in xs)
    peak = max(x[2] for x in xs) / 1024
    b, a = load[name]
    if name in measured:
        ref_s = statistics.median(measured[name])
        ref_txt = f"{ref_s:.3f} s (measured here)"
    else:
        ref_s = float(ref) if ref != "-" else None
        ref_txt = f"{ref} s (recorded)" if ref != "-" else "—"
    ratio = f"{ref_s / med:,.0f}×" if ref_s and med > 0 else "—"
    out.append(f"| {name} | {len(xs)} | {min(walls):.4f} s | {med:.4f} s | {cpu_med:.2f} s | "
               f"{peak:,.0f} | {b} → {a} | {ref_txt} | {ratio} |")
table = "\n".join(out)
print(table)
doc = pathlib.Path("docs/benchmarks.md")
text = doc.read_text()

def replace_block(text, tag, body):
    begin, end = f"<!-- {tag}:begin -->", f"<!-- {tag}:end -->"
    if begin not in text or end not in text:
        return text
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + begin + "\n" + body + "\n" + end + tail

text = replace_block(text, "whole-process", table)
google = pathlib.Path(sys.argv[3])
if google.exists():
    import json
    data = json.loads(google.read_text())
    ctx = data["context"]
    lines = [f"Measured {datetime.date.today().isoformat()} by `scripts/bench-whole-process.sh` "
             f"(`build/bench/statecraft_bench`, {ctx.get('num_cpus')} CPUs at "
             f"{ctx.get('mhz_per_cpu')} MHz, load average "
             f"{', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))} at the start). "
             "Wall time per iteration; a ratio is the reference tool's recorded wall seconds "
             "divided by ours (Google Benchmark prints it as a rate: `2.94k/s` = 2,940×).", "",
             "| benchmark | wall | iterations | ratio vs reference | turns |",
             "|---|---|---|---|---|"]
    for b in data["benchmarks"]:
        ratios = [(f"{v:,.0f}×" if k == "ratio_vs_reference"
                   else f"{k.removeprefix('ratio_vs_')}: {v:,.0f}×")
                  for k, v in b.items() if k.startswith("ratio_vs")]
        t = b["real_time"]
        unit = b["time_unit"]
        lines.append(f"| {b['name'].replace('/real_time', '')} | {t:,.4g} {unit} | "
                     f"{b['iterations']} | {'; '.join(ratios) or '—'} | "
                     f"{int(b['turns']) if 'turns' in b else '—'} |")
    text = replace_block(text, "google-benchmark", "\n".join(lines))
doc.write_text(text)
PY
