#!/usr/bin/env bash
# Every registered model and variant, and every experiment, on the Korean default gives the
# same JSON bytes on 1 and 2 threads. (1 and 2 MPI ranks: mpi_identity.sh.)
# Usage: determinism_matrix.sh STATECRAFT_BINARY
set -euo pipefail
bin="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
specs=$("$bin" models --format json | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
for m in (d["models"] if isinstance(d, dict) else d):
    if m.get("kind") != "issues":  # conflicts run under `statecraft conflict`
        continue
    for v in m["variants"]:
        print(m["name"] + ":" + v["name"])')
commands=()
for spec in $specs; do commands+=("run -m $spec --seed 3 --format json --out ''"); done
commands+=("mc -n 40 -m compromise:mean,bdm,smp,exchange --quiet --format json --out ''"
           "whatif us_engages_russia -n 24 -m compromise:mean,bdm,smp,exchange --quiet --format json --out ''"
           "backtest --format json --out ''"
           "conflict --format json")
checked=0
for cmd in "${commands[@]}"; do
  eval "\"$bin\" $cmd --threads 1" > "$dir/one.json"
  eval "\"$bin\" $cmd --threads 2" > "$dir/two.json"
  if ! cmp -s "$dir/one.json" "$dir/two.json"; then
    echo "1 and 2 threads differ for: $cmd" >&2
    exit 1
  fi
  checked=$((checked + 1))
done
echo "identical on 1 and 2 threads: $checked commands ($(echo $specs | wc -w) model variants, mc, whatif, backtest, conflict)"
