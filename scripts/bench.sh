#!/usr/bin/env bash
# scripts/bench.sh — Rollgate's figures in one markdown table, beside the other engines'.
#
# Measures Rollgate, here and now:
#   1. the Rust core: criterion, `cargo bench -p rollgate --bench eval` (core/benches/eval.rs),
#      with short warm-up and measurement times so that the whole script takes minutes;
#   2. the browser build: `node npm/bench/bench.mjs` after scripts/build-npm.sh (V8, the engine
#      of Chromium, through the shipped .wasm);
#   3. sizes: the .wasm, the JS glue and the JS client layer by GNU `gzip -9`, and the mobile
#      release library stripped (scripts/size-mobile.sh).
# Quotes the other engines' figures, with their date, from docs/benchmarks/peers.md (run A);
# it does not measure them.
#
# Prints the table on stdout (paste it into the README) and progress on stderr; the raw outputs
# stay in a temporary directory, named at the end. Wall-clock figures from a shared machine vary
# from run to run: the table says when and where it was measured.
#
# Options (environment):
#   SKIP_BUILD=1   use the npm package already in npm/pkg and npm/dist (no scripts/build-npm.sh)
#   BENCH_TIME=S   criterion's measurement time per benchmark, in seconds (default 2)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/rollgate-bench.XXXXXX")"
step() { printf '== %s\n' "$*" >&2; }

START="$(date -u '+%Y-%m-%d %H:%M UTC')"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

step "criterion: cargo bench -p rollgate --bench eval"
cargo bench -q -p rollgate --bench eval -- \
  --warm-up-time 1 --measurement-time "${BENCH_TIME:-2}" --noplot \
  >"$OUT/criterion.txt" 2>"$OUT/criterion.err" \
  || { cat "$OUT/criterion.err" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  step "scripts/build-npm.sh"
  ./scripts/build-npm.sh >"$OUT/build-npm.txt" 2>&1 || { tail -n 30 "$OUT/build-npm.txt" >&2; exit 1; }
fi
step "node npm/bench/bench.mjs"
node npm/bench/bench.mjs >"$OUT/node.txt" 2>"$OUT/node.err" || { cat "$OUT/node.err" >&2; exit 1; }

step "sizes: gzip -9 of npm/pkg and npm/dist; scripts/size-mobile.sh"
gz() { gzip -9 -c "$@" | wc -c; }
{
  echo "wasm $(gz npm/pkg/rollgate_bg.wasm)"
  echo "debug $(gz npm/pkg-debug/rollgate_bg.wasm)"
  echo "glue $(gz npm/pkg/rollgate.js)"
  # Every compiled module of npm/dist (all entries), as one stream: an upper bound of what an app bundles.
  # shellcheck disable=SC2046
  echo "client $(find npm/dist -name '*.js' -print0 | sort -z | xargs -0 cat | gzip -9 -c | wc -c)"
} >"$OUT/sizes.txt"
./scripts/size-mobile.sh >"$OUT/mobile.txt" 2>"$OUT/mobile.err" || { tail -n 30 "$OUT/mobile.err" >&2; exit 1; }

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
OS="$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -sm)"
MACHINE="$(nproc) CPUs (${CPU:-unknown CPU}), $OS; $(rustc --version | cut -d' ' -f1-2), Node $(node --version)"

python3 - "$OUT" "$ROOT/docs/benchmarks/peers.md" "$START" "$MACHINE" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import re
import sys

out, peers_md, start, machine, load_before, load_after = sys.argv[1:]


def fail(message):
    sys.exit(f"bench.sh: {message}")


# --- criterion: "NAME   time:   [low mid high]" (a long NAME goes on a line of its own) ---
UNIT_NS = {"ps": 1e-3, "ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
criterion = {}
name = None
for line in open(f"{out}/criterion.txt", encoding="utf-8"):
    m = re.match(r"^(\S.*?)?\s*time:\s*\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
    if m:
        criterion[(m.group(1) or name or "").strip()] = float(m.group(2)) * UNIT_NS[m.group(3)]
    elif line.strip() and not line[0].isspace():
        name = line.strip()
allocations = {}
for line in open(f"{out}/criterion.txt", encoding="utf-8"):
    if line.startswith("allocations per operation:"):
        for key, value in re.findall(r"(S1|S2|S3)[^=]*= ([0-9.]+)", line):
            allocations.setdefault(key, value)


def bench(prefix):
    """Criterion's median estimate (ns) of the benchmark whose name starts with prefix."""
    found = [v for k, v in criterion.items() if k.startswith(prefix)]
    if len(found) != 1:
        fail(f"criterion printed {len(found)} benchmarks named '{prefix}...' (see {out}/criterion.txt)")
    return found[0]


# --- node npm/bench/bench.mjs: "NAME  VALUE  GOAL" per line ---
node_rows = open(f"{out}/node.txt", encoding="utf-8").read().splitlines()


def node(name, unit):
    """The value in `unit` of the one row whose name matches the regular expression `name`."""
    found = [m for m in (re.match(name, l) for l in node_rows) if m]
    if len(found) != 1:
        fail(f"bench.mjs printed {len(found)} rows named '{name}' (see {out}/node.txt)")
    row = found[0].string
    m = re.search(r"\s([0-9.]+) " + re.escape(unit) + r"(\s|$)", row[found[0].end():])
    if not m:
        fail(f"no value in {unit} in: {row}")
    return float(m.group(1))


sizes = dict(line.split() for line in open(f"{out}/sizes.txt", encoding="utf-8"))
mobile = re.search(r"stripped:\s+(\d+) bytes", open(f"{out}/mobile.txt", encoding="utf-8").read())
if not mobile:
    fail(f"no stripped size in {out}/mobile.txt")

# --- the peers: run A of docs/benchmarks/peers.md ---
text = open(peers_md, encoding="utf-8").read()
section = re.search(r"^## Run A\b.*?(?=^## )", text, re.S | re.M)
if not section:
    fail("docs/benchmarks/peers.md has no '## Run A' section")
date = re.search(r"^- Date: ([^.\n]*)", section.group(0), re.M)
peers = {}
for line in section.group(0).splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 6 and cells[2][:1].isdigit():
        peers[(cells[0], cells[1])] = cells[2:]


def peer(engine, runtime, column, unit, label=None):
    row = peers.get((engine, runtime))
    if row is None:
        fail(f"docs/benchmarks/peers.md, run A: no row '{engine} | {runtime}'")
    value = row[column]
    return f"{label or engine} {value}{unit}" if value else None


def peer_list(entries, column, unit):
    return " · ".join(p for p in (peer(e, r, column, unit, l) for e, r, l in entries) if p)


RUST = [("hand-written limit", "Rust", "hand-written"), ("Unleash Yggdrasil", "Rust", "Yggdrasil"),
        ("LaunchDarkly evaluation crate", "Rust", "LaunchDarkly")]
JS = [("hand-written limit", "JS", "hand-written JS"), ("flagd-core", "JS", None),
      ("GrowthBook", "JS", None), ("Yggdrasil compiled to WASM", "Node", "Yggdrasil→WASM"),
      ("Flipt client (WASM)", "Node", "Flipt WASM")]
WASM = [("Yggdrasil compiled to WASM", "Node", "Yggdrasil→WASM"),
        ("Flipt client (WASM)", "Node", "Flipt WASM"),
        ("DevCycle bucketing (WASM; bucketing only)", "Node", "DevCycle (bucketing only)")]


def ns(x):
    return f"{x:.1f} ns"


def us(x):
    return f"{x / 1e3:.2f} µs"


def ms(x):
    return f"{x / 1e6:.3f} ms"


def met(value, limit, text):
    """A size goal (at most `limit`) with its verdict. Timings get none: one run on a shared
    machine is no verdict."""
    return f"{text} {'✓' if value <= limit else '✗'}"


def with_allocs(figure, key):
    return f"{figure} ({allocations[key]} allocations)" if key in allocations else figure


s1, s2 = bench("S1 evaluate one flag"), bench("S2 evaluate all")
s3, stress = bench("S3 load a 200-flag ruleset"), bench("S3 stress")
call = node(r"per-call evaluate\(flag, Context handle\), now given", "ns")
fresh = node(r"per-call evaluate\(flag, 10,000 distinct plain objects, 5 strings\)", "ns")
lookup = node(r"client lookup isEnabled\(\)", "ns")
all200 = node(r"evaluateAll 200 flags \+ every result object built \(forEach\)", "µs")
load = node(r"load 200-flag ruleset \(\d+ B JSON text\)", "ms")
wasm, debug, glue, client, so = int(sizes["wasm"]), int(sizes["debug"]), int(sizes["glue"]), int(sizes["client"]), int(mobile.group(1))

rows = [
    ("S1: one evaluation (Rust)", with_allocs(ns(s1), "S1"), "< 50 ns",
     peer_list(RUST, 0, " ns")),
    ("S2: all 200 flags for one context (Rust)", with_allocs(us(s2), "S2"), "< 5 µs",
     peer_list(RUST, 1, " µs")),
    ("S3: 200-flag JSON (44 KB) → first evaluation (Rust)", ms(s3), "< 0.3 ms",
     peer_list(RUST, 2, " ms")),
    ("S3 stress: the 187 KB, 498-rule ruleset (Rust)", ms(stress), "", ""),
    ("WASM: evaluate(flag, Context) per call", ns(call), "< 300 ns",
     peer_list(JS, 0, " ns")),
    ("WASM: evaluate(flag, new plain object) per call", us(fresh), "≤ 1 µs", ""),
    ("WASM: client lookup (`isEnabled`)", ns(lookup), "< 60 ns", ""),
    ("WASM: all 200 flags, every result object built", f"{all200:.1f} µs",
     "< 25 µs", peer_list(JS, 1, " µs")),
    ("WASM: 200-flag JSON (44 KB) → first evaluation", f"{load:.3f} ms",
     "< 0.4 ms", peer_list(JS, 2, " ms")),
    ("`.wasm` (default module), gzip -9", f"{wasm:,} B", met(wasm, 80_000, "≤ 80 KB"), peer_list(WASM, 3, "")),
    ("debug module `.wasm` (loaded by `explain`), gzip -9", f"{debug:,} B", "", ""),
    ("JS glue + all the JS of npm/dist (every entry: client, React, OpenFeature, devtools, …), gzip -9", f"{glue:,} B + {client:,} B", "", ""),
    ("mobile library, stripped (Linux x86_64 `.so`)", f"{so:,} B", met(so, 1 << 20, "≤ 1 MiB"), ""),
]

cpus = int(re.match(r"\d+", machine).group(0))
busy = max(float(load_before.split()[0]), float(load_after.split()[0])) > 1.5 * cpus
print(f"Measured {start} by `scripts/bench.sh` on {machine}. Load average "
      f"{load_before} before, {load_after} after"
      + (f": other jobs kept all {cpus} CPUs busy, which inflates every timing here. "
         if busy else ": a shared machine, so repeated runs differ by 10–30%. ")
      + f"Peers: quoted from [docs/benchmarks/peers.md](docs/benchmarks/peers.md), run A "
      f"({date.group(1) if date else 'date not given'}); their S3 rulesets were "
      f"lighter than Rollgate's.")
print()
print("| figure | Rollgate | goal | peers, same scenario |")
print("|---|---:|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
PY
step "raw outputs: $OUT"
