"""A tiny test harness: named checks, a failure list and the `N passed, M failed` summary.

No pytest: the system python3 runs it with nothing installed, like CI.
"""

import traceback


class Results:
    """Collects the outcome of every check."""

    def __init__(self):
        self.passed = 0
        self.failures = []

    def record(self, name, error):
        """Records one check: `error` is None when it passed, else a message."""
        if error is None:
            self.passed += 1
        else:
            self.failures.append((name, error))

    def run(self, name, fn):
        """Runs `fn()`; an exception (AssertionError included) fails the check."""
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - any exception is a failed check
            detail = "".join(traceback.format_exception_only(type(e), e)).strip()
            self.record(name, detail)
        else:
            self.record(name, None)

    def summary(self, label):
        """Prints failures and the summary line; returns the process exit code."""
        for name, error in self.failures:
            print(f"FAIL {label}: {name}\n     {error}")
        print(f"{label}: {self.passed} passed, {len(self.failures)} failed")
        return 0 if not self.failures else 1


def json_equal(a, b):
    """JSON equality where numbers compare as doubles (1 == 1.0, and 18446744073709551615 ==
    18446744073709551616.0: both are 2^64 as doubles, as every binding sees them), but booleans
    are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b
