#!/usr/bin/env bash
# scripts/bench-diff.sh — how long `rollgate diff` takes on large inputs. Prints figures; it
# is not a test (timings vary with the machine and its load).
#
# Generates (tests/bench/generate_diff_inputs.py, fixed seed) two versions of a 1,000-flag
# ruleset and 100,000 contexts into target/bench-diff/, builds the release CLI, then times:
#   1. a large pull request: about a tenth of the flags edited, one segment changed (so about
#      a fifth of the flags may evaluate differently), a few flags added and removed;
#   2. the worst case (--all): every flag changed, so every flag is evaluated twice per context;
#   3. two projects: a 1,000-flag project with three environments
#      (tests/bench/generate_project.py), built once to write its lock, against the same
#      project after a pull request (--edited: percentages changed, a flag killed in
#      production, rules added), built on that lock; every environment is compared over the
#      same contexts.
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

# The two projects, each built once as CI would (the new one on the old one's lock, so its
# changed environments take higher revisions).
bench_projects() {
    local dir="$OUT/projects"
    rm -rf "$dir"
    python3 tests/bench/generate_project.py "$dir/old" --flags "$FLAGS"
    python3 tests/bench/generate_project.py "$dir/new" --flags "$FLAGS" --edited
    "$BIN" build "$dir/old" --out "$dir/old-dist" > /dev/null
    cp "$dir/old/rollgate.lock" "$dir/new/rollgate.lock"
    "$BIN" build "$dir/new" --out "$dir/new-dist" > /dev/null
    local changed
    changed=$("$BIN" diff "$dir/old" "$dir/new" --now "$NOW" --json \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(len(e["flags"]) for e in r["environments"]))')
    local TIMEFORMAT="%R %U"
    local times
    times=$( { time "$BIN" diff "$dir/old" "$dir/new" --contexts "$OUT/pr/users.jsonl" \
        --now "$NOW" > "$dir/report.txt"; } 2>&1 )
    read -r wall cpu <<< "$times"
    printf '%-28s %4s of %s flags x 3 environments to evaluate, %s contexts: %6.2f s wall, %6.2f s cpu\n' \
        "two projects" "$changed" "$FLAGS" "$USERS" "$wall" "$cpu"
}

python3 tests/bench/generate_diff_inputs.py "$OUT/pr" --flags "$FLAGS" --users "$USERS" > /dev/null
python3 tests/bench/generate_diff_inputs.py "$OUT/all" --flags "$FLAGS" --users "$USERS" --all > /dev/null
echo "rollgate diff, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg):"
bench "large pull request" "$OUT/pr"
bench "every flag changed (--all)" "$OUT/all"
bench_projects
