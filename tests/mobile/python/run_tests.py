"""Python tests of the generated bindings: the conformance corpus, bad input, persistence,
the server's clock, exact numbers.

Usage: python3 tests/mobile/python/run_tests.py [corpus-dir]
Needs mobile/generated/python (scripts/build-mobile.sh). Prints `N passed, M failed`.
"""

import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "mobile", "generated", "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bad_input  # noqa: E402
import clock  # noqa: E402
import conformance  # noqa: E402
import exact_numbers  # noqa: E402
import persistence  # noqa: E402
import startup  # noqa: E402
from harness import Results  # noqa: E402


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "conformance")
    corpus_results = Results()
    files = conformance.run(corpus_results, corpus)
    if files == 0:
        corpus_results.record("corpus", f"no corpus files in {corpus}")
    code = corpus_results.summary(f"python conformance ({files} files)")
    other = Results()
    bad_input.run(other)
    persistence.run(other)
    startup.run(other)
    clock.run(other)
    exact_numbers.run(other)
    code |= other.summary("python bad input + persistence + start-up + clock + numbers")
    total_passed = corpus_results.passed + other.passed
    total_failed = len(corpus_results.failures) + len(other.failures)
    print(f"python total: {total_passed} passed, {total_failed} failed")
    return code


if __name__ == "__main__":
    sys.exit(main())
