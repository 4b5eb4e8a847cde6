#!/usr/bin/env bash
# MPI scale-out gives the same bytes as one process: mc and whatif on 1 vs 2 ranks.
set -euo pipefail
bin="$1"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for cmd in "mc -n 48 -m compromise:mean,bdm,smp,exchange" "whatif us_engages_russia -n 32"; do
  "$bin" $cmd --quiet --format json --out '' > "$dir/one.json"
  mpirun -n 2 "$bin" $cmd --quiet --format json --out '' > "$dir/two.json"
  if ! cmp -s "$dir/one.json" "$dir/two.json"; then
    echo "MPI output differs from a single process for: $cmd" >&2
    exit 1
  fi
  echo "identical on 1 and 2 ranks: $cmd ($(wc -c < "$dir/one.json") bytes)"
done
