#!/usr/bin/env bash
# The policy lab in headless Chromium: an analyst's session (tests/browser/lab_session.py)
# with screenshots of the lab and the report at 800 and 1400 px left in OUTDIR.
# Usage: browser_session.sh STATECRAFT_BINARY SCENARIO_DIR OUTDIR
set -euo pipefail
exec /usr/bin/python3 "$(dirname "$0")/browser/lab_session.py" "$@"
