#!/usr/bin/env bash
# scripts/build-npm-cli.sh — the `rollgate` command of the npm package (`npx rollgate`,
# ADR 0023): the Rust CLI (cli/) built for WebAssembly under WASI, run by npm/cli/rollgate.mjs
# with Node's WASI. Called by scripts/build-npm.sh; runs on its own too.
#   1. cargo: rollgate-cli for wasm32-wasip1 with the profile `wasi-release` (opt-level z, LTO,
#      one codegen unit, panic=abort, stripped; root Cargo.toml), on the stable toolchain and
#      its prebuilt std;
#   2. wasm-opt -Oz from npm's binaryen with the target's features named (never -all);
#   3. copied to npm/cli/rollgate-cli.wasm, which the package's `files` ship. It is the CLI's
#      module only: no entry point of the package imports it, so no app bundles it.
# Needs the toolchain of scripts/setup.sh (the wasm32-wasip1 target). Prints the size.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
WASM_OPT="$ROOT/tools/node_modules/.bin/wasm-opt"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$ROOT/npm/cli/rollgate-cli.wasm"

rustup target list --installed | grep -qx wasm32-wasip1 ||
  { echo "build-npm-cli.sh: missing rust target wasm32-wasip1 (run scripts/setup.sh)" >&2; exit 1; }
[ -x "$WASM_OPT" ] || { echo "build-npm-cli.sh: missing $WASM_OPT (run scripts/setup.sh)" >&2; exit 1; }

echo "== cargo build (rollgate-cli, wasi-release, wasm32-wasip1)"
cargo build -p rollgate-cli --profile wasi-release --target wasm32-wasip1 \
  -j "${CARGO_BUILD_JOBS:-1}"

echo "== wasm-opt -Oz (CLI)"
# -Oz: 13% smaller raw, 4% gzip (~20 KB), and no slower (measured on `diff` over 100,000
# contexts); ~30 s. The features are those Rust enables for wasm32-wasip1 and Node 20 runs.
"$WASM_OPT" -Oz \
  --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  "$TARGET_DIR/wasm32-wasip1/wasi-release/rollgate.wasm" -o "$OUT.opt"
mv "$OUT.opt" "$OUT"

raw=$(wc -c <"$OUT")
gz=$(gzip -9 -c "$OUT" | wc -c)
echo "built: npm/cli/rollgate-cli.wasm ${raw} B (gzip -9: ${gz} B), the CLI of the npm package"
