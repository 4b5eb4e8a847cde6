#!/usr/bin/env bash
# Installs the build into a scratch prefix (cmake --install), then builds and runs
# tests/consumer against it with find_package(statecraft): the C++ user's path.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -f "$work/prefix/lib/cmake/statecraft/statecraftConfig.cmake"
test -f "$work/prefix/include/statecraft/core/scenario.h"
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$src/tests/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"
# The headers come from the installed tree, not the source tree.
grep -q -- "-isystem $work/prefix/include/statecraft\|-I$work/prefix/include/statecraft" \
  "$work/build/build.ninja" || { echo "consumer not built against the installed headers"; exit 1; }
out=$("$work/build/consumer")
head -3 <<< "$out"
grep -q "^compromise:mean un_sanctions_regime 75.0 .*A veto moved it: USA" <<< "$out" ||
  { echo "unexpected consumer output"; exit 1; }
test "$(wc -l <<< "$out")" -eq 12  # two models x the six Korean issues
echo "consumer: built and ran against $work/prefix"
