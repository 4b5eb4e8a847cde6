#!/usr/bin/env bash
# Drives the policy lab page in headless Chromium: the page loads the Korean scenario,
# moves a slider, re-runs, and writes "selftest-pass" when the forecast changed.
# Usage: browser_selftest.sh STATECRAFT_BINARY SCENARIO_DIR SCREENSHOT_PNG
set -euo pipefail
bin=$1 scenarios=$2 shot=$3
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" serve --port 0 --scenarios "$scenarios" >"$work/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q 'http://' "$work/server.out" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/server.out") || { cat "$work/server.out"; exit 1; }
browser=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile" --virtual-time-budget=15000)
dom=$(timeout 120 "${browser[@]}" --dump-dom "${url}?selftest=1" 2>"$work/browser.err") || {
  tail -20 "$work/browser.err"; exit 1; }
result=$(grep -o 'selftest-[a-z]*[^<]*runs=[0-9]*' <<<"$dom" || true)
echo "${result:-no selftest result in the page}"
timeout 120 "${browser[@]}" --window-size=1280,1400 --screenshot="$shot" "${url}?selftest=1" 2>>"$work/browser.err" || true
[[ $result == selftest-pass* ]]
