#!/usr/bin/env bash
# scripts/bench-project.sh — how long `rollgate build` takes on a large project.
#
# Generates a project of FLAGS flags (default 1000) in 10 team files, with three environments
# (development, staging extending production, production) whose overlays change about a third
# of the flags (tests/bench/generate_project.py, deterministic), builds the release CLI, and
# times RUNS builds (default 5) of every environment, full and client-safe. Prints the median
# and the fastest wall-clock time, and the size of the outputs. A figure, not a test: nothing
# here fails on time.
#
#   scripts/bench-project.sh [FLAGS] [RUNS]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FLAGS="${1:-1000}"
RUNS="${2:-5}"

cargo build --release -q -p rollgate-cli
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/rollgate"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 tests/bench/generate_project.py "$WORK/project" --flags "$FLAGS"
SOURCE_BYTES=$(cat "$WORK"/project/flags/* "$WORK"/project/environments/* | wc -c)

# Milliseconds of one build; the first one writes the lock, the others find it unchanged.
time_build() {
    local start end
    start=$(date +%s%N)
    "$BIN" build "$WORK/project" --out "$WORK/out$1" $2 >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

median_and_min() {
    sort -n | awk '{ v[NR] = $1 } END { printf "median %d ms, fastest %d ms", v[int((NR + 1) / 2)], v[1] }'
}

time_build "" "" >/dev/null  # warm-up (and the lock)
full=$(for _ in $(seq "$RUNS"); do time_build "" ""; done | median_and_min)
client=$(for _ in $(seq "$RUNS"); do time_build "-client" "--client"; done | median_and_min)
out_bytes=$(cat "$WORK"/out/*.json | wc -c)
client_bytes=$(cat "$WORK"/out-client/*.json | wc -c)

echo "rollgate build: $FLAGS flags x 3 environments ($SOURCE_BYTES bytes of sources), $RUNS runs each"
echo "  full rulesets:        $full; $out_bytes bytes written"
echo "  client-safe rulesets: $client; $client_bytes bytes written"
echo "  machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
