#!/usr/bin/env bash
# scripts/build-mobile.sh — build the mobile library for this host and generate its bindings.
#
# Output:
#   target/mobile-release/librollgate_mobile.so   the host library (JNA and ctypes load it in tests)
#   mobile/generated/kotlin/                 Kotlin bindings (package dev.rollgate.ffi)
#   mobile/generated/swift/                  Swift bindings + C header + modulemap
#   mobile/generated/python/                 Python bindings (tests only)
# mobile/generated/ is gitignored: everything in it is regenerated from the Rust sources.
#
# Options (environment):
#   PROFILE=release|dev   release: the shipped `mobile-release` profile (root Cargo.toml, the
#                         default); dev: a quick debug build
#   CARGO_BUILD_JOBS      defaults to 1 (shared 2-core machine)
#
# Configuration: mobile/uniffi.toml (found by uniffi-bindgen through cargo metadata, as the
# crate root's uniffi.toml).
# The bindings come from the metadata uniffi embeds in the library, read by the workspace's own
# `uniffi-bindgen` (mobile/uniffi-bindgen.rs), so the generator always matches the library.
# The mobile-release profile does not strip symbols, so the metadata is there; shipped copies
# are stripped afterwards (scripts/build-android.sh, Xcode for scripts/build-xcframework.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROFILE="${PROFILE:-release}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

case "$PROFILE" in
  release) PROFILE_FLAG=(--profile mobile-release); PROFILE_DIR=mobile-release ;;
  dev) PROFILE_FLAG=(); PROFILE_DIR=debug ;;
  *) echo "build-mobile.sh: PROFILE must be release or dev" >&2; exit 2 ;;
esac

case "$(uname -s)" in
  Darwin) LIB_EXT=dylib ;;
  *) LIB_EXT=so ;;
esac

echo "building rollgate-mobile ($PROFILE)"
cargo build -p rollgate-mobile --lib "${PROFILE_FLAG[@]}"
LIB="$TARGET_DIR/$PROFILE_DIR/librollgate_mobile.$LIB_EXT"
[ -f "$LIB" ] || { echo "build-mobile.sh: $LIB not found" >&2; exit 1; }

echo "building uniffi-bindgen"
cargo build -p rollgate-mobile --features cli --bin uniffi-bindgen
BINDGEN="$TARGET_DIR/debug/uniffi-bindgen"

OUT="$ROOT/mobile/generated"
rm -rf "$OUT"
for lang in kotlin swift python; do
  echo "generating $lang bindings"
  "$BINDGEN" generate --library "$LIB" --language "$lang" \
    --no-format --out-dir "$OUT/$lang"
done
# The generated Python loads the library from its own directory.
cp "$LIB" "$OUT/python/"
echo "library: $LIB"
echo "bindings: $OUT/{kotlin,swift,python}"
