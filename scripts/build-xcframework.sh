#!/usr/bin/env bash
# scripts/build-xcframework.sh — build RollgateFFIC.xcframework for iOS device + simulator and
# put the generated Swift where Package.swift (at the repository root) expects it.
#
# NOT RUN ON THIS REPOSITORY'S DEVELOPMENT MACHINE: it needs macOS with Xcode (xcodebuild, lipo);
# no Swift compiler or Apple SDK exists for that Linux machine. There, only the Swift bindings are
# generated (scripts/build-mobile.sh) and reviewed by reading.
#
# Needs: macOS, Xcode command-line tools, and
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
# Output:
#   mobile/build/RollgateFFIC.xcframework   static library per platform + C header + module map
#   mobile/swift/Sources/RollgateFFI/RollgateFFI.swift   the generated Swift layer
# Then: `swift build` at the repository root (macOS), or add the repository as a local package
# in Xcode.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh: needs macOS with Xcode" >&2; exit 1; }
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DEVICE=aarch64-apple-ios
SIMULATORS=(aarch64-apple-ios-sim x86_64-apple-ios)
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"

# The shipped profile: root Cargo.toml, [profile.mobile-release].
P=mobile-release
for target in "$DEVICE" "${SIMULATORS[@]}"; do
  cargo build -p rollgate-mobile --lib --profile "$P" --target "$target"
done

# One simulator library for both simulator architectures.
SIM_DIR="$TARGET_DIR/ios-simulator-universal/$P"
mkdir -p "$SIM_DIR"
lipo -create \
  "$TARGET_DIR/aarch64-apple-ios-sim/$P/librollgate_mobile.a" \
  "$TARGET_DIR/x86_64-apple-ios/$P/librollgate_mobile.a" \
  -output "$SIM_DIR/librollgate_mobile.a"

# Swift bindings from the device static library (static archives keep uniffi's metadata).
cargo build -p rollgate-mobile --features cli --bin uniffi-bindgen
GEN="$ROOT/mobile/generated/swift"
rm -rf "$GEN"
"$TARGET_DIR/debug/uniffi-bindgen" generate --no-format \
  --library "$TARGET_DIR/$DEVICE/$P/librollgate_mobile.a" --language swift --out-dir "$GEN"

HEADERS="$TARGET_DIR/ios-headers"
rm -rf "$HEADERS" && mkdir -p "$HEADERS"
cp "$GEN/RollgateFFIC.h" "$HEADERS/"
# Frameworks' module maps must be named module.modulemap.
cp "$GEN/RollgateFFIC.modulemap" "$HEADERS/module.modulemap"

OUT="$ROOT/mobile/build/RollgateFFIC.xcframework"
rm -rf "$OUT"
xcodebuild -create-xcframework \
  -library "$TARGET_DIR/$DEVICE/$P/librollgate_mobile.a" -headers "$HEADERS" \
  -library "$SIM_DIR/librollgate_mobile.a" -headers "$HEADERS" \
  -output "$OUT"
cp "$GEN/RollgateFFI.swift" "$ROOT/mobile/swift/Sources/RollgateFFI/RollgateFFI.swift"

echo "xcframework: $OUT"
echo "swift: mobile/swift/Sources/RollgateFFI/RollgateFFI.swift"
# For a release: (cd mobile/build && zip -r RollgateFFIC.xcframework.zip RollgateFFIC.xcframework)
# and `swift package compute-checksum` for Package.swift's url/checksum form.
