#!/usr/bin/env bash
# scripts/build-npm.sh — build the npm package `rollgate` (npm/) from the repo, in one command:
#   1. cargo: the wasm crate for wasm32-unknown-unknown with the size profile `wasm-release`
#      (opt-level z, LTO, one codegen unit, panic=abort; root Cargo.toml) and one LLVM
#      inlining threshold for every function (ADR 0012). It uses the pinned nightly named in
#      tools/wasm-toolchain to rebuild the standard library without its panic machinery
#      (`-Cpanic=immediate-abort`, std's `optimize_for_size`): 8 KB gzip less (ADR 0014);
#   2. wasm-bindgen (--target web, no default module path: the entry points choose how the
#      .wasm is loaded) into npm/pkg/;
#   3. wasm-opt -Oz --converge --low-memory-unused from npm's binaryen with explicit feature
#      flags (never -all: Node 20 then rejects stringref; Debian's binaryen 108 emits modules
#      that fail to load);
#   steps 1-3 run twice: the default module into npm/pkg/, then the debug module (the same
#      build with the cargo feature `explain`, loaded only by `explain()`) into npm/pkg-debug/
#      (ADR 0027);
#   4. scripts/build-npm-cli.sh: the `rollgate` command of the package (`npx rollgate`), the
#      CLI built for wasm32-wasip1 -> npm/cli/rollgate-cli.wasm (ADR 0023). Not affected by
#      the options below, which are about the browser build;
#   5. tsc: npm/src -> npm/dist (ESM + .d.ts), and the same declarations again under
#      npm/dist/cjs-types/, marked CommonJS by a package.json there: the types a CommonJS
#      project (TypeScript `module: node16`) gets for `require("rollgate")`, which Node
#      serves from the ES modules (require(esm), Node ^20.19 || >=22.12).
# Needs the toolchain of scripts/setup.sh. Prints the sizes of what it built (the .wasm, the glue
# and the devtools panel's code).
# Options:
#   --speed  builds Rollgate's own two crates (core and bindings) with opt-level 3 and keeps
#            the dependencies (the allocator, wasm-bindgen, serde_json) at z, with LLVM's own
#            inlining thresholds: faster evaluation and loading for ~18 KB more gzip
#            (ADR 0010; optimizing everything for speed, with wasm-opt -O3, is ~10 KB bigger
#            still and no faster where it matters).
#   --pack   also runs `npm pack` into npm/ (an installable tarball).
#   --stable builds with the stable toolchain and its prebuilt standard library instead of the
#            pinned nightly: same behaviour, ~8 KB gzip bigger (for machines without it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TOOLS="$ROOT/tools/node_modules/.bin"
NPM_DIR="$ROOT/npm"
PKG="$NPM_DIR/pkg"
PKG_DEBUG="$NPM_DIR/pkg-debug"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

# tsc compiles against npm/'s pinned devDependencies (React, OpenFeature and Capacitor types):
# installed with `npm ci` when missing or older than the lock file.
if [ ! -d "$NPM_DIR/node_modules" ] || [ "$NPM_DIR/package-lock.json" -nt "$NPM_DIR/node_modules/.package-lock.json" ]; then
  echo "== npm ci (npm/)"
  (cd "$NPM_DIR" && npm ci --no-audit --no-fund)
fi

SPEED=0
PACK=0
STABLE=0
for arg in "$@"; do
  case "$arg" in
    --speed) SPEED=1 ;;
    --pack) PACK=1 ;;
    --stable) STABLE=1 ;;
    *) echo "build-npm.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
CARGO_EXTRA=()
WASM_OPT_LEVEL=-Oz
# One inlining threshold for every function (ADR 0012). At opt-level z LLVM caps inlining into
# size-optimized functions at a tiny threshold, so the loader's and the evaluator's small
# helpers stayed calls; an explicit threshold replaces that cap (and the default 225 of
# faster opt-levels). 75, measured against 40-150 (ADR 0012): 4.7 KB gzip smaller than
# per-crate opt-levels and 18% faster loading. RUSTFLAGS reaches only the wasm32 units (host
# build scripts and proc macros are built without it when --target is given).
INLINE_FLAGS="-C llvm-args=-inline-threshold=75"
if [ "$SPEED" = 1 ]; then
  CARGO_EXTRA=(--config 'profile.wasm-release.package.rollgate.opt-level=3'
               --config 'profile.wasm-release.package.rollgate-wasm.opt-level=3')
  INLINE_FLAGS=""
fi

# The standard library rebuilt by the pinned nightly (ADR 0014). immediate-abort: a panic
# traps at once, with no message formatting or location tables (panic=abort already traps;
# the core cannot panic by construction, ADR 0007). optimize_for_size: std's smaller
# algorithm variants. std itself stays at opt-level 3, as the prebuilt one is: at z, its
# generic helpers made evaluation ~25% slower (measured with the Node bench).
TOOLCHAIN=()
STD_FLAGS=""
if [ "$STABLE" = 0 ]; then
  NIGHTLY="$(tr -d '[:space:]' <"$ROOT/tools/wasm-toolchain")"
  rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1 ||
    { echo "build-npm.sh: missing toolchain $NIGHTLY with rust-src (run scripts/setup.sh, or pass --stable)" >&2; exit 1; }
  TOOLCHAIN=("+$NIGHTLY")
  CARGO_EXTRA+=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
  for crate in core alloc std compiler_builtins dlmalloc; do
    CARGO_EXTRA+=(--config "profile.wasm-release.package.$crate.opt-level=3")
  done
  STD_FLAGS="-Zunstable-options -Cpanic=immediate-abort"
fi
USER_RUSTFLAGS="${RUSTFLAGS:-}"
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }$INLINE_FLAGS${STD_FLAGS:+ $STD_FLAGS}"

for tool in wasm-bindgen "$TOOLS/wasm-opt" "$TOOLS/tsc"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-npm.sh: missing $tool (run scripts/setup.sh)" >&2; exit 1; }
done

label="wasm-release, wasm32-unknown-unknown"
[ "$SPEED" = 1 ] && label="$label, own crates at opt-level 3"
[ "$STABLE" = 1 ] && label="$label, stable toolchain" || label="$label, $NIGHTLY with build-std"
# build_module OUT_DIR [CARGO_FEATURES]: cargo, wasm-bindgen and wasm-opt for one module.
build_module() {
  local out="$1" features="${2:-}"
  local feature_args=()
  [ -n "$features" ] && feature_args=(--features "$features")
  echo "== cargo build ($label${features:+, features: $features})"
  cargo "${TOOLCHAIN[@]}" build "${CARGO_EXTRA[@]}" "${feature_args[@]}" -p rollgate-wasm --profile wasm-release --target wasm32-unknown-unknown -j "${CARGO_BUILD_JOBS:-1}"

  echo "== wasm-bindgen -> ${out#"$ROOT/"}"
  rm -rf "$out"
  wasm-bindgen --target web --omit-default-module-path --out-dir "$out" --out-name rollgate \
    "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rollgate_wasm.wasm"

  echo "== wasm-opt $WASM_OPT_LEVEL"
  # --low-memory-unused: Rust never uses addresses below 1 KiB on purpose (that is the far end of
  # the stack, reached only by an overflow that is already fatal), so `ptr + small constant` can
  # use the load/store offset field (-2 KB raw). --converge repeats the passes until the size stops
  # shrinking (a few hundred bytes more, ~10 s). The producers and target_features sections
  # are for tools, not browsers: stripped (~260 B).
  "$TOOLS/wasm-opt" "$WASM_OPT_LEVEL" --converge --low-memory-unused \
    --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$out/rollgate_bg.wasm" -o "$out/rollgate_bg.wasm.opt"
  mv "$out/rollgate_bg.wasm.opt" "$out/rollgate_bg.wasm"
  # wasm-bindgen writes a package.json and .gitignore of its own; the package is npm/package.json.
  rm -f "$out/package.json" "$out/.gitignore"
}

# The default module, everything a production client needs; then the debug module, the same
# build plus `explain`, which `explain()` loads on demand (docs/adr/0027).
build_module "$PKG"
build_module "$PKG_DEBUG" explain

# The flags above are the browser build's (its nightly std): the CLI gets the caller's own.
RUSTFLAGS="$USER_RUSTFLAGS" "$ROOT/scripts/build-npm-cli.sh"

echo "== tsc"
rm -rf "$NPM_DIR/dist"
"$TOOLS/tsc" -p "$NPM_DIR/tsconfig.json"
# Declaration files take their module format from the nearest package.json: under dist/ they
# are ES modules (the package's "type"), under dist/cjs-types/ CommonJS. Same text, so that a
# CommonJS importer gets no TS1479 ("cannot be imported with 'require'").
(cd "$NPM_DIR/dist" && find . -name '*.d.ts' | while read -r file; do
  mkdir -p "cjs-types/$(dirname "$file")"
  cp "$file" "cjs-types/$file"
done)
printf '{ "type": "commonjs" }\n' >"$NPM_DIR/dist/cjs-types/package.json"

for dir in "$PKG" "$PKG_DEBUG"; do
  raw=$(wc -c <"$dir/rollgate_bg.wasm")
  gz=$(gzip -9 -c "$dir/rollgate_bg.wasm" | wc -c)
  glue=$(wc -c <"$dir/rollgate.js")
  echo "built: ${dir#"$ROOT/"}/rollgate_bg.wasm ${raw} B (gzip -9: ${gz} B), glue ${dir#"$ROOT/"}/rollgate.js ${glue} B"
done
# The devtools panel: not in an app's main bundle (imported on demand), but what it downloads then.
devtools=("$NPM_DIR/dist/devtools.js" "$NPM_DIR"/dist/devtools/*.js)
echo "built: rollgate/devtools (dist/devtools.js, dist/devtools/*.js) $(cat "${devtools[@]}" | wc -c) B (gzip -9: $(cat "${devtools[@]}" | gzip -9 | wc -c) B)"

if [ "$PACK" = 1 ]; then
  (cd "$NPM_DIR" && npm pack --silent)
fi
