#!/usr/bin/env bash
# scripts/bench-diff.sh — how long `rollgate diff` takes on large inputs. Prints figures; it
# is not a test (timings vary with the machine and its load).
#
# Generates (tests/bench/generate_diff_inputs.py, fixed seed) two versions of a 1,000-flag
# ruleset and 100,000 contexts into target/bench-diff/, builds the release CLI, then times:
#   1. a large pull request: about a tenth of the flags edited, one segment changed (so about
#      a fifth of the flags may evaluate differently), a few flags added and removed;
#   2. the worst case (--all): every flag changed, so every flag is evaluated twice per context.
# "wall" is elapsed time; "cpu" is user time over all threads (the sample is shared between
# the machine's cores).
#
#   scripts/bench-diff.sh [FLAGS [USERS]]     defaults: 1000 100000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FLAGS="${1:-1000}"
USERS="${2:-100000}"
OUT="target/bench-diff"
NOW="2026-12-04T00:00:00Z"

cargo build --quiet --release -p rollgate-cli
BIN="target/release/rollgate"

bench() {
    local label="$1" dir="$2"
    local changed
    changed=$("$BIN" diff "$dir/old.json" "$dir/new.json" --now "$NOW" --json \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r["environments"][0]["flags"]))')
    local TIMEFORMAT="%R %U"
    local times
    times=$( { time "$BIN" diff "$dir/old.json" "$dir/new.json" --contexts "$dir/users.jsonl" \
        --now "$NOW" > "$dir/report.txt"; } 2>&1 )
    read -r wall cpu <<< "$times"
    printf '%-28s %4s of %s flags to evaluate, %s contexts: %6.2f s wall, %6.2f s cpu\n' \
        "$label" "$changed" "$FLAGS" "$USERS" "$wall" "$cpu"
}

python3 tests/bench/generate_diff_inputs.py "$OUT/pr" --flags "$FLAGS" --users "$USERS" > /dev/null
python3 tests/bench/generate_diff_inputs.py "$OUT/all" --flags "$FLAGS" --users "$USERS" --all > /dev/null
echo "rollgate diff, $(nproc) cores:"
bench "large pull request" "$OUT/pr"
bench "every flag changed (--all)" "$OUT/all"
