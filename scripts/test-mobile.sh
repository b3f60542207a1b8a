#!/usr/bin/env bash
# scripts/test-mobile.sh — run the mobile bindings' tests on this machine, for real:
#   1. scripts/build-mobile.sh: the host library + generated Kotlin/Swift/Python bindings;
#   2. Python (system python3, ctypes): the whole conformance corpus, bad input, persistence,
#      the change listener, random doubles read and written exactly (tests/mobile/python/run_tests.py);
#   3. Kotlin on the JVM: kotlinc compiles the generated Kotlin + the wrapper (mobile/kotlin) +
#      the tests (tests/mobile/kotlin), and java runs them loading the library through JNA:
#      the whole corpus, bad input, persistence, listener, 8-thread concurrency, wrapper, random
#      doubles read and written exactly.
# Each runner prints `N passed, M failed`; the script fails if any test failed.
#
# Tools (installed by scripts/setup.sh): kotlinc from the npm package kotlin-compiler in
# tools/node_modules, JNA from Debian's libjna-java (/usr/share/java/jna.jar), Java 17, python3.
# Environment: PROFILE=release|dev (default release, as shipped), CORPUS=<dir> (default
# tests/conformance), SKIP_BUILD=1 to reuse the last build.
# Swift is not tested here: no Swift compiler exists for this machine (see docs/mobile.md).
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
"$KOTLINC" -nowarn -cp "$JNA_JAR" -d "$BUILD/tests.jar" \
  mobile/generated/kotlin/dev/rollgate/ffi/*.kt \
  mobile/kotlin/src/main/kotlin/dev/rollgate/*.kt \
  tests/mobile/kotlin/*.kt
java -Djna.library.path="$LIB_DIR" \
  -cp "$BUILD/tests.jar:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar" \
  dev.rollgate.tests.MainKt "$CORPUS" || status=1

exit "$status"
