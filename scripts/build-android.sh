#!/usr/bin/env bash
# scripts/build-android.sh — build the Android native libraries and lay them out for Gradle.
#
# NOT RUN ON THIS REPOSITORY'S DEVELOPMENT MACHINE: it has no Android NDK (the NDK is not in
# Debian, PyPI, npm or crates.io, and GitHub/Google downloads are unreachable there). It is
# written for a developer machine or CI runner with the NDK installed.
#
# Needs:
#   - the Android NDK (r26+; r28+ links 16 KB-page-aligned libraries by default, which Android 15+
#     devices with 16 KB pages require; the flag below forces it on older NDKs):
#     ANDROID_NDK_HOME=/path/to/ndk
#   - cargo-ndk 3.x (passes --profile through to cargo and copies from the profile dir):
#                                  cargo install cargo-ndk
#   - the Rust targets:            rustup target add aarch64-linux-android armv7-linux-androideabi \
#                                    x86_64-linux-android i686-linux-android
# Output:
#   mobile/android/src/main/jniLibs/<abi>/librollgate_mobile.so   (stripped; per ABI)
#   mobile/generated/kotlin/                                       (via scripts/build-mobile.sh)
# Then: cd mobile/android && gradle assembleRelease   → build/outputs/aar/*.aar
#
# Environment: ABIS="arm64-v8a armeabi-v7a x86_64 x86" (default: all four), ANDROID_API=21.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ABIS="${ABIS:-arm64-v8a armeabi-v7a x86_64 x86}"
ANDROID_API="${ANDROID_API:-21}"
OUT="$ROOT/mobile/android/src/main/jniLibs"

[ -n "${ANDROID_NDK_HOME:-}" ] && [ -d "$ANDROID_NDK_HOME" ] || {
  echo "build-android.sh: set ANDROID_NDK_HOME to an installed Android NDK" >&2; exit 1; }
command -v cargo-ndk >/dev/null || { echo "build-android.sh: cargo install cargo-ndk" >&2; exit 1; }

# The Kotlin bindings are the same for every ABI: generate them from the host build.
scripts/build-mobile.sh

targets=()
for abi in $ABIS; do targets+=(-t "$abi"); done
# 16 KB page alignment (Android 15+) regardless of the NDK's default.
export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384"
# The shipped profile: root Cargo.toml, [profile.mobile-release].
cargo ndk "${targets[@]}" --platform "$ANDROID_API" -o "$OUT" \
  build -p rollgate-mobile --lib --profile mobile-release

# Strip what ships (cargo-ndk's copy may keep symbols; the Gradle plugin would strip too, but
# the sizes printed here should be the shipped ones).
STRIP="$(ls -d "$ANDROID_NDK_HOME"/toolchains/llvm/prebuilt/*/bin/llvm-strip | head -n 1)"
for abi in $ABIS; do
  lib="$OUT/$abi/librollgate_mobile.so"
  "$STRIP" --strip-all "$lib"
  printf '%-12s %8d bytes  %s\n' "$abi" "$(wc -c < "$lib")" "$lib"
done
