#!/usr/bin/env bash
# scripts/size-mobile.sh — measure the shipped size of the mobile native library.
#
# Builds the shipped cdylib (profile mobile-release, root Cargo.toml) for this host (Linux
# x86_64 here: the proxy for the Android ABIs, which the NDK builds with the same profile),
# strips a copy (`strip --strip-all`, what the Android Gradle plugin and Xcode do when
# packaging) and prints the sizes. Goal: < 1 MB.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

PROFILE=mobile-release
cargo build -p rollgate-mobile --lib --profile "$PROFILE"
LIB="$TARGET_DIR/$PROFILE/librollgate_mobile.so"
STRIPPED="$TARGET_DIR/$PROFILE/librollgate_mobile.stripped.so"
cp "$LIB" "$STRIPPED"
strip --strip-all "$STRIPPED"
size_of() { stat -c %s "$1"; }
printf 'host: %s, profile: %s\n' "$(rustc -vV | sed -n 's/^host: //p')" "$PROFILE"
printf 'release .so (unstripped, with uniffi metadata): %8d bytes\n' "$(size_of "$LIB")"
printf 'release .so stripped:                            %8d bytes (%.2f MiB; goal < 1 MiB)\n' \
  "$(size_of "$STRIPPED")" "$(echo "$(size_of "$STRIPPED") / 1048576" | bc -l)"
printf 'stripped, gzip -9 (download size in an APK/IPA):   %8d bytes\n' "$(gzip -9c "$STRIPPED" | wc -c)"
