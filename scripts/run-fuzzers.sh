#!/bin/sh
# Runs libFuzzer on every target of BUILD's fuzz_statecraft for SECONDS each, growing a
# working corpus from the committed seeds (fuzz/corpus/TARGET). A crash leaves its input in
# fuzz/crashers/TARGET/ (kept as a regression input: `make test` replays it) and makes this
# script fail. Without TARGET arguments the targets are the binary's own list
# (fuzz/fuzz_targets.cc: one per importer of io/importers.h, then the other parsers).
# Usage: scripts/run-fuzzers.sh BUILD SECONDS [TARGET...]
set -eu
build=$1; seconds=$2; shift 2
fuzzer="$build/fuzz/fuzz_statecraft"
if [ $# -eq 0 ]; then
  set -- $(STATECRAFT_FUZZ_LIST=1 "$fuzzer")
fi
failed=""
for t in "$@"; do
  work="$build/corpus/$t"
  crashers="fuzz/crashers/$t"
  mkdir -p "$work" "$crashers" "fuzz/corpus/$t"
  echo "== $t for ${seconds}s"
  if ! STATECRAFT_FUZZ_TARGET="$t" "$fuzzer" "$work" "fuzz/corpus/$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$crashers/" -print_final_stats=1 2> "$build/fuzz_$t.log"; then
    failed="$failed $t"
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov: " "$build/fuzz_$t.log" | tail -3 || true
done
rmdir fuzz/crashers/* 2>/dev/null || true
if [ -n "$failed" ]; then
  echo "fuzzing found crashes in:$failed (inputs in fuzz/crashers/, logs in $build/fuzz_*.log)"
  exit 1
fi
echo "fuzzing: no crashes in $# targets"
