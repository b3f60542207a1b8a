#!/usr/bin/env bash
# scripts/test-mobile.sh — run the mobile bindings' tests on this machine, for real:
#   1. scripts/build-mobile.sh: the host library + generated Kotlin/Swift/Python bindings;
#   2. Python (system python3, ctypes): the whole conformance corpus, bad input, persistence,
#      the change listener, the clock table (tests/clock/cases.json), random doubles read and
#      written exactly (tests/mobile/python/run_tests.py);
#   3. Kotlin on the JVM: kotlinc compiles the generated Kotlin + the wrapper (mobile/kotlin) +
#      the Android helpers (mobile/android) + every ```kotlin block of mobile/README.md
#      (tests/mobile/readme_snippets.py), the last two against stubs of the Android, OkHttp and
#      Gradle calls they make (tests/mobile/kotlin/stubs), + the tests (tests/mobile/kotlin), and
#      java runs them loading the library through JNA: the whole corpus, bad input, persistence,
#      start-up, listener, 8-thread concurrency, wrapper, persisted overrides, the server's clock
#      moving a scheduled ramp, the README's quick start, the typed
#      accessors of `rollgate codegen --lang kotlin` (generated into the build) over the engine
#      and over the FakeFlagEngine test double, those of examples/project (com.acme.shop.flags)
#      over its client builds, random doubles read and written exactly; then the fake again without the native library;
#   4. the Swift package: Package.swift's paths exist and mobile/README.md names its package and
#      product right (tests/mobile/swift_package.py); the Swift of `rollgate codegen` and the
#      Swift FakeFlagEngine match the generated FlagEngineProtocol (tests/mobile/swift_codegen.py;
#      Swift itself cannot be compiled here).
# Each runner prints `N passed, M failed`; the script fails if any test failed.
#
# Tools (installed by scripts/setup.sh): kotlinc from the npm package kotlin-compiler in
# tools/node_modules, JNA from Debian's libjna-java (/usr/share/java/jna.jar), Java 17, python3.
# Environment: PROFILE=release|dev (default release, as shipped), CORPUS=<dir> (default
# tests/conformance), SKIP_BUILD=1 to reuse the last build.
# Swift is not compiled here: no Swift compiler exists for this machine (see docs/mobile.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROFILE="${PROFILE:-release}"
CORPUS="${CORPUS:-$ROOT/tests/conformance}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$PROFILE" in release) LIB_DIR="$TARGET_DIR/mobile-release" ;; *) LIB_DIR="$TARGET_DIR/debug" ;; esac

KOTLIN_HOME="$ROOT/tools/node_modules/kotlin-compiler"
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
JNA_JAR="${JNA_JAR:-/usr/share/java/jna.jar}"
[ -x "$KOTLINC" ] || { echo "test-mobile.sh: $KOTLINC missing: run scripts/setup.sh" >&2; exit 1; }
[ -f "$JNA_JAR" ] || { echo "test-mobile.sh: $JNA_JAR missing: run scripts/setup.sh (libjna-java)" >&2; exit 1; }
command -v java >/dev/null || { echo "test-mobile.sh: java not found" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  PROFILE="$PROFILE" scripts/build-mobile.sh
fi

status=0
echo "== Python bindings"
python3 tests/mobile/python/run_tests.py "$CORPUS" || status=1

echo "== Kotlin bindings on the JVM (kotlinc + JNA)"
BUILD="$TARGET_DIR/mobile-kotlin-tests"
rm -rf "$BUILD" && mkdir -p "$BUILD"
python3 tests/mobile/readme_snippets.py mobile/README.md "$BUILD/readme"
# Typed accessors from `rollgate codegen` (tests/mobile/kotlin/Codegen.kt, FakeEngine.kt): for
# the example flags, and for the naming and escaping edge cases in a package of their own.
mkdir -p "$BUILD/codegen"
cargo run -q -p rollgate-cli -- codegen --lang kotlin examples/flags.json \
  --out "$BUILD/codegen/RollgateFlags.kt"
cargo run -q -p rollgate-cli -- codegen --lang kotlin --package dev.rollgate.generated.edge \
  tests/codegen/edge.json --out "$BUILD/codegen/EdgeFlags.kt"
# The example project's accessors, as its rollgate.yaml's codegen section asks (package
# com.acme.shop.flags, client flags), generated in a copy so that examples/ stays as it is; and
# its client builds, which the tests read them over.
cp -R examples/project "$BUILD/project"
rm -rf "$BUILD/project/generated"
cargo run -q -p rollgate-cli -- codegen "$BUILD/project" > /dev/null
cp "$BUILD/project/generated/RollgateFlags.kt" "$BUILD/codegen/ShopFlags.kt"
cargo run -q -p rollgate-cli -- build "$BUILD/project" --client --locked --out "$BUILD/project-dist" > /dev/null
"$KOTLINC" -nowarn -cp "$JNA_JAR" -d "$BUILD/tests.jar" \
  mobile/generated/kotlin/dev/rollgate/ffi/*.kt \
  mobile/kotlin/src/main/kotlin/dev/rollgate/*.kt \
  mobile/android/src/main/kotlin/dev/rollgate/android/*.kt \
  tests/mobile/kotlin/stubs/*.kt \
  "$BUILD"/readme/*.kt \
  "$BUILD"/codegen/*.kt \
  tests/mobile/kotlin/*.kt
java -Djna.library.path="$LIB_DIR" -Drollgate.projectDist="$BUILD/project-dist" \
  -cp "$BUILD/tests.jar:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar" \
  dev.rollgate.tests.MainKt "$CORPUS" || status=1
# The test double in a JVM without the native library, as in an app's unit tests.
java -cp "$BUILD/tests.jar:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar" \
  dev.rollgate.tests.FakeWithoutNativeLibrary || status=1

echo "== Swift package manifest and the README's Swift snippets"
python3 tests/mobile/swift_package.py || status=1

echo "== Swift from rollgate codegen, and the Swift FakeFlagEngine, against FlagEngineProtocol"
for source in examples/flags.json tests/codegen/edge.json; do
  cargo run -q -p rollgate-cli -- codegen --lang swift "$source" \
    --out "$BUILD/codegen/$(basename "$source" .json).swift"
done
python3 tests/mobile/swift_codegen.py "$BUILD"/codegen/*.swift || status=1

exit "$status"
