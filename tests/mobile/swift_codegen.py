"""Checks by reading the Swift that cannot be compiled here: the accessors `rollgate codegen
--lang swift` writes, and the wrapper's FakeFlagEngine, against the generated
`FlagEngineProtocol` (mobile/generated/swift, from scripts/build-mobile.sh).

Usage: python3 tests/mobile/swift_codegen.py GENERATED.swift...   (scripts/test-mobile.sh)

- In each generated file: every `engine.<method>(<label>: ..., ...)` call names a requirement of
  `FlagEngineProtocol`, or a method of the wrapper's `extension FlagEngineProtocol`, with exactly
  those argument labels; the struct holds `any FlagEngineProtocol` (so a test double stands in)
  and never names the concrete `FlagEngine`; braces balance.
- FakeFlagEngine declares `FlagEngineProtocol` conformance and implements every requirement
  with the same name, argument labels, parameter types and return type.
Prints `N passed, M failed`; exits 1 on any failure.
"""

import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GENERATED = os.path.join(ROOT, "mobile", "generated", "swift", "RollgateFFI.swift")
WRAPPER = os.path.join(ROOT, "mobile", "swift", "Sources", "Rollgate")
FAKE = os.path.join(WRAPPER, "FakeFlagEngine.swift")
FUNC = re.compile(r"func\s+`?(\w+)`?\s*\(([^)]*)\)\s*(throws\s*)?(?:->\s*([^{\n]+?))?\s*(?:\{|\n)")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def block(text, opening):
    """The text of the `{ ... }` block that starts at the first match of `opening`."""
    start = re.search(opening, text)
    assert start, f"no {opening!r}"
    depth, i = 0, text.index("{", start.start())
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i:j + 1]
    raise AssertionError(f"unbalanced braces after {opening!r}")


def signatures(text):
    """{name: [(labels, parameter types, return type)]} of the funcs declared in `text`."""
    found = {}
    for name, params, _throws, returns in FUNC.findall(text):
        labels, types = [], []
        for param in filter(None, (p.strip() for p in params.split(","))):
            names, _, rest = param.partition(":")
            labels.append(names.split()[0].strip("`"))
            types.append(re.sub(r"\s+", " ", rest.split(" = ")[0].strip()))
        found.setdefault(name, []).append((tuple(labels), tuple(types), (returns or "Void").strip()))
    return found


def calls(text, receiver):
    """(method, labels) of every `receiver.method(...)` call, string literals skipped."""
    found = []
    for match in re.finditer(rf"\b{receiver}\.(\w+)\(", text):
        args, current, depth, i, in_string = [], "", 1, match.end(), False
        while depth:
            c = text[i]
            if in_string:
                if c == "\\":
                    current += c + text[i + 1]
                    i += 2
                    continue
                in_string = c != '"'
            elif c == '"':
                in_string = True
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
            elif c == "," and depth == 1:
                args.append(current)
                current = ""
                i += 1
                continue
            if depth:
                current += c
            i += 1
        args.append(current)
        labels = tuple(re.match(r"\s*(\w+)\s*:", a).group(1) if re.match(r"\s*\w+\s*:", a) else "_"
                       for a in args if a.strip())
        found.append((match.group(1), labels))
    return found


def protocol():
    return signatures(block(read(GENERATED), r"public protocol FlagEngineProtocol\b"))


def extensions():
    found = {}
    for name in os.listdir(WRAPPER):
        text = read(os.path.join(WRAPPER, name))
        for match in re.finditer(r"extension FlagEngineProtocol\b", text):
            for method, sigs in signatures(block(text[match.start():], r"extension FlagEngineProtocol\b")).items():
                found.setdefault(method, []).extend(sigs)
    return found


def check_generated(path):
    def check():
        text = read(path)
        assert text.count("{") == text.count("}"), "unbalanced braces"
        assert "let engine: any FlagEngineProtocol" in text, "the struct must hold any FlagEngineProtocol"
        assert not re.search(r"\bFlagEngine\b(?!Protocol)", text.replace("FakeFlagEngine", "")), \
            "names the concrete FlagEngine"
        api = protocol()
        for method, sigs in extensions().items():
            api.setdefault(method, []).extend(sigs)
        made = calls(text, "engine")
        assert len(made) >= 3, f"only {len(made)} engine calls"
        for method, labels in made:
            known = [sig[0] for sig in api.get(method, [])]
            assert labels in known, f"engine.{method}({': '.join(labels)}:) matches no protocol method: {known}"
    check.__name__ = f"check_generated({os.path.basename(path)})"
    return check


def check_fake_implements_the_protocol():
    text = read(FAKE)
    assert re.search(r"public final class FakeFlagEngine: FlagEngineProtocol\b", text), "no FlagEngineProtocol conformance"
    assert text.count("{") == text.count("}"), "unbalanced braces"
    fake = signatures(block(text, r"public final class FakeFlagEngine\b"))
    required = protocol()
    assert len(required) >= 16, sorted(required)
    for method, sigs in required.items():
        for labels, types, returns in sigs:
            match = [s for s in fake.get(method, []) if s[0] == labels]
            assert match, f"FakeFlagEngine lacks {method}({': '.join(labels)}:)"
            assert match[0][1] == types, f"{method}: parameter types {match[0][1]}, the protocol's {types}"
            assert match[0][2] == returns, f"{method}: returns {match[0][2]}, the protocol {returns}"


def main(paths):
    checks = [check_generated(p) for p in paths] + [check_fake_implements_the_protocol]
    passed, failed = 0, []
    for check in checks:
        try:
            check()
            passed += 1
        except (AssertionError, OSError, IndexError) as e:
            failed.append((check.__name__, e))
    for name, error in failed:
        print(f"FAIL swift codegen: {name}\n     {error}")
    print(f"swift codegen: {passed} passed, {len(failed)} failed")
    return 1 if failed or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
