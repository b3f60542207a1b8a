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

# Times `rollgate diff OLD NEW` over the contexts, after counting the flags it evaluates (those
# that may change, summed over the environments). SCOPE says what OLD and NEW are.
bench() {
    local label="$1" old="$2" new="$3" contexts="$4" scope="$5"
    local changed
    changed=$("$BIN" diff "$old" "$new" --now "$NOW" --json \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(len(e["flags"]) for e in r["environments"]))')
    local TIMEFORMAT="%R %U"
    local times
    times=$( { time "$BIN" diff "$old" "$new" --contexts "$contexts" \
        --now "$NOW" > "$(dirname "$old")/report.txt"; } 2>&1 )
    read -r wall cpu <<< "$times"
    printf '%-28s %4s of %s to evaluate, %s contexts: %6.2f s wall, %6.2f s cpu\n' \
        "$label" "$changed" "$scope" "$USERS" "$wall" "$cpu"
}

# Two projects, each built once as CI would (the new one on the old one's lock, so its changed
# environments take higher revisions).
generate_projects() {
    local dir="$1"
    rm -rf "$dir"
    python3 tests/bench/generate_project.py "$dir/old" --flags "$FLAGS"
    python3 tests/bench/generate_project.py "$dir/new" --flags "$FLAGS" --edited
    "$BIN" build "$dir/old" --out "$dir/old-dist" > /dev/null
    cp "$dir/old/rollgate.lock" "$dir/new/rollgate.lock"
    "$BIN" build "$dir/new" --out "$dir/new-dist" > /dev/null
}

python3 tests/bench/generate_diff_inputs.py "$OUT/pr" --flags "$FLAGS" --users "$USERS" > /dev/null
python3 tests/bench/generate_diff_inputs.py "$OUT/all" --flags "$FLAGS" --users "$USERS" --all > /dev/null
generate_projects "$OUT/projects"
echo "rollgate diff, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg):"
for case in pr all; do
    label="large pull request"
    [ "$case" = all ] && label="every flag changed (--all)"
    bench "$label" "$OUT/$case/old.json" "$OUT/$case/new.json" "$OUT/$case/users.jsonl" "$FLAGS flags"
done
bench "two projects" "$OUT/projects/old" "$OUT/projects/new" "$OUT/pr/users.jsonl" \
    "$FLAGS flags x 3 environments"
