#!/usr/bin/env bash
# scripts/setup.sh — install the build/test toolchain Rollgate's builds and tests need.
#
# Idempotent: every step checks first and prints "ok: X already present" or "installing X";
# a re-run on a machine that is already set up takes a few seconds. Exports nothing: other
# scripts call the tools by path (tools/node_modules/.bin/..., /usr/bin/chromium, ...).
#
# What and why (machine: Debian bookworm, rustup, Node 20, Java 17; only package registries
# are reachable, never GitHub, so nothing here may download a release binary):
#   1. apt: chromium + chromium-driver (headless browser tests, wasm-bindgen-test-runner and
#      playwright-core), libjna-java (/usr/share/java/jna.jar: runs uniffi's Kotlin on the JVM) and
#      libjavascriptcoregtk-4.0-bin (/usr/bin/jsc: JavaScriptCore, the engine of Safari and iOS
#      WebViews, for npm/test/javascriptcore.test.mjs) and nginx-light (/usr/sbin/nginx: runs the
#      nginx configuration of docs/hosting.md on 127.0.0.1, npm/test/hosting.chromium.test.mjs).
#   2. rustup: the wasm32-unknown-unknown target (the browser build), the wasm32-wasip1 target
#      (the CLI in the npm package, run by Node's WASI: ADR 0023), clippy, rustfmt, and the pinned nightly of
#      tools/wasm-toolchain with rust-src (minimal profile): the browser build rebuilds std
#      without its panic machinery (ADR 0014). ~1 min to download; skipped when present.
#   3. wasm-bindgen-cli from crates.io at exactly the wasm-bindgen version in Cargo.lock (the CLI
#      and the crate must match). No --locked: one of its locked dependencies is missing from
#      crates.io. Compiling it takes ~4.5 min on 2 cores; skipped when the version already matches.
#      (wasm-pack is not used: it tries to download wasm-bindgen/wasm-opt from GitHub.)
#   4. Node tools pinned in tools/package.json + tools/package-lock.json, installed with npm ci:
#      - binaryen (wasm-opt): npm's build, NOT Debian's binaryen (v108), whose output fails to load
#        (externref table error). Pass explicit --enable-* feature flags, never -all.
#      - playwright-core (driven against /usr/bin/chromium; never `playwright install`),
#      - kotlin-compiler (full kotlinc 2.x distribution; Debian's kotlin 1.3 is too old),
#      - typescript, vite, webpack, @openfeature/web-sdk + @openfeature/core.
#      workerd (Cloudflare Workers' runtime, for the slim-entry test) lives in tools/workerd/,
#      pinned, installed with `npm install --no-package-lock` (see its package.json for why).
#      node-semver, the oracle of the differential range test (ADR 0017), lives in
#      tests/semver/, pinned in its package.json + package-lock.json, installed with npm ci.
#   5. Prints a summary of tool versions.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# cargo-installed binaries (wasm-bindgen) live here; only for this script's own lookups.
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log() { printf '%s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi
fi

# --- 1. Debian packages -------------------------------------------------------------------
APT_PKGS=(chromium chromium-driver libjna-java libjavascriptcoregtk-4.0-bin nginx-light)
missing=()
for p in "${APT_PKGS[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    log "ok: $p already present"
  else
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
    die "need root or sudo to apt-get install ${missing[*]}"
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- 2. rustup target and components ------------------------------------------------------
command -v rustup >/dev/null 2>&1 || die "rustup not found (install Rust via rustup first)"
installed_targets="$(rustup target list --installed)"
for t in wasm32-unknown-unknown wasm32-wasip1; do
  if grep -qx "$t" <<<"$installed_targets"; then
    log "ok: rust target $t already present"
  else
    log "installing rust target $t"
    rustup target add "$t"
  fi
done
installed_components="$(rustup component list --installed)"
for c in clippy rustfmt; do
  if grep -q "^$c\(-\|$\)" <<<"$installed_components"; then
    log "ok: rust component $c already present"
  else
    log "installing rust component $c"
    rustup component add "$c"
  fi
done

WASM_TOOLCHAIN="$(tr -d '[:space:]' <tools/wasm-toolchain)"
if rustup run "$WASM_TOOLCHAIN" rustc --version >/dev/null 2>&1 &&
  rustup component list --toolchain "$WASM_TOOLCHAIN" --installed | grep -q '^rust-src'; then
  log "ok: rust toolchain $WASM_TOOLCHAIN with rust-src already present"
else
  log "installing rust toolchain $WASM_TOOLCHAIN with rust-src (the browser build's std)"
  rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src
fi

# --- 3. wasm-bindgen-cli, matching Cargo.lock ---------------------------------------------
WB_VERSION=""
if [ -f Cargo.lock ]; then
  WB_VERSION="$(awk '/^\[\[package\]\]/{n=0} /^name = "wasm-bindgen"$/{n=1; next} n && /^version = /{gsub(/"/,"",$3); print $3; exit}' Cargo.lock)"
fi
WB_VERSION="${WB_VERSION:-0.2.130}"
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wb" = "$WB_VERSION" ]; then
  log "ok: wasm-bindgen-cli $WB_VERSION already present"
else
  log "installing wasm-bindgen-cli $WB_VERSION (was: ${have_wb:-none}; cargo install, ~4.5 min)"
  # Deliberately no --locked (see header).
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# --- 4. Node tools (tools/) ---------------------------------------------------------------
TOOLS="$ROOT/tools"
[ -f "$TOOLS/package.json" ] || die "tools/package.json missing"
STAMP="$TOOLS/node_modules/.rollgate-setup-stamp"
lock_sum() { sha256sum "$TOOLS/package-lock.json" "$TOOLS/package.json" | awk '{print $1}' | tr -d '\n'; }
need_npm=0
if [ ! -d "$TOOLS/node_modules" ] || [ ! -f "$TOOLS/package-lock.json" ] || [ ! -f "$STAMP" ]; then
  need_npm=1
elif [ "$TOOLS/package-lock.json" -nt "$STAMP" ] || [ "$(cat "$STAMP")" != "$(lock_sum)" ]; then
  need_npm=1
fi
for b in wasm-opt tsc vite webpack playwright-core; do
  [ -x "$TOOLS/node_modules/.bin/$b" ] || need_npm=1
done
[ -x "$TOOLS/node_modules/kotlin-compiler/bin/kotlinc" ] || need_npm=1
if [ "$need_npm" -eq 0 ]; then
  log "ok: node tools (tools/node_modules) already present"
else
  if [ -f "$TOOLS/package-lock.json" ]; then
    log "installing node tools (npm ci in tools/)"
    (cd "$TOOLS" && npm ci --no-audit --no-fund)
  else
    log "installing node tools (npm install in tools/, no lock file yet)"
    (cd "$TOOLS" && npm install --no-audit --no-fund)
  fi
  lock_sum >"$STAMP"
fi

# The pinned version, read from tools/workerd/package.json (the one place it is written).
WORKERD_VERSION="$(node -p "require('$TOOLS/workerd/package.json').devDependencies.workerd")"
WORKERD="$TOOLS/workerd/node_modules/.bin/workerd"
if [ -x "$WORKERD" ] && [ "$(node -p "require('$TOOLS/workerd/node_modules/workerd/package.json').version" 2>/dev/null)" = "$WORKERD_VERSION" ]; then
  log "ok: workerd $WORKERD_VERSION already present"
else
  log "installing workerd $WORKERD_VERSION (npm install in tools/workerd/)"
  (cd "$TOOLS/workerd" && npm install --no-audit --no-fund --no-package-lock)
fi

# The version the lock file pins, read from tests/semver/package.json (the one place it is written).
SEMVER_DIR="$ROOT/tests/semver"
SEMVER_VERSION="$(node -p "require('$SEMVER_DIR/package.json').devDependencies.semver")"
if [ "$(node -p "require('$SEMVER_DIR/node_modules/semver/package.json').version" 2>/dev/null)" = "$SEMVER_VERSION" ]; then
  log "ok: node-semver $SEMVER_VERSION (tests/semver) already present"
else
  log "installing node-semver $SEMVER_VERSION (npm ci in tests/semver/)"
  (cd "$SEMVER_DIR" && npm ci --no-audit --no-fund)
fi

# --- 5. Summary ---------------------------------------------------------------------------
ver() { "$@" 2>&1 | grep -v '^npm warn' | head -n1 || true; }
log "--- tool versions ---"
log "rustc:           $(ver rustc --version)"
log "wasm rustc:      $(ver rustup run "$WASM_TOOLCHAIN" rustc --version)"
log "wasm-bindgen:    $(ver wasm-bindgen --version)  [$(command -v wasm-bindgen)]"
log "wasm-opt:        $(ver "$TOOLS/node_modules/.bin/wasm-opt" --version)  [tools/node_modules/.bin/wasm-opt]"
# (the Debian launcher script prints a harmless shell warning on stderr; keep stdout only)
log "workerd:         $(ver "$WORKERD" --version)  [tools/workerd/node_modules/.bin/workerd]"
log "node-semver:     $(node -p "require('$SEMVER_DIR/node_modules/semver/package.json').version")  [tests/semver/node_modules/semver]"
log "chromium:        $(/usr/bin/chromium --version 2>/dev/null | head -n1 || true)  [/usr/bin/chromium]"
log "chromedriver:    $(ver /usr/bin/chromedriver --version)  [/usr/bin/chromedriver]"
log "kotlinc:         $(ver "$TOOLS/node_modules/kotlin-compiler/bin/kotlinc" -version)  [tools/node_modules/kotlin-compiler/bin/kotlinc]"
log "jna:             $(ls /usr/share/java/jna.jar 2>/dev/null || echo missing)"
log "java:            $(ver java -version)"
log "node:            $(ver node --version)"
