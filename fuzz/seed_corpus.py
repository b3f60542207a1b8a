#!/usr/bin/env python3
"""Seeds fuzz/corpus/ from the conformance corpus (the corpus itself is not committed).

load_and_evaluate: every valid ruleset and every invalid document or text of tests/conformance.
version_range: "range\\nversion" for every semver condition and appVersion used there, plus
each range and version alone.
regex_differential: "pattern\\ntext" for every `matches` pattern there, with each string
attribute value of the cases, plus patterns for the dialect's other constructs.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
CONFORMANCE = ROOT.parent / "tests" / "conformance"


# Constructs the conformance corpus does not use: flags, verbose mode, word boundaries, classes.
EXTRA_PATTERNS = [
    "(?mR)^foo$", "(?x) a b # comment", "\\b{start}[[:alpha:]]{2,3}\\>", "[^\\s\\S]",
    "(?i:ab)+c{1,2}?", "\\x{e9}|\\u00E9", "(?<name>a)(?P<other>b)", "a**", "\\Bx\\b{end-half}",
]


def operands_in(value, op, key, found):
    """Collects the `key` operand of every condition with operator `op`."""
    if isinstance(value, dict):
        if value.get("op") == op and isinstance(value.get(key), str):
            found.add(value[key])
        for child in value.values():
            operands_in(child, op, key, found)
    elif isinstance(value, list):
        for child in value:
            operands_in(child, op, key, found)


def main():
    rulesets, ranges, versions, patterns, texts = [], set(), set(), set(EXTRA_PATTERNS), set()
    for path in sorted(CONFORMANCE.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if "ruleset" in doc:
            rulesets.append(json.dumps(doc["ruleset"], ensure_ascii=False, indent=1))
        elif "schema" in doc:
            rulesets.append(path.read_text(encoding="utf-8"))
        for case in doc.get("invalid", []):
            if "rulesetText" in case:
                rulesets.append(case["rulesetText"])
            else:
                rulesets.append(json.dumps(case["ruleset"], ensure_ascii=False))
        for case in doc.get("cases", []):
            version = case.get("context", {}).get("appVersion")
            if isinstance(version, str):
                versions.add(version)
            texts.update(v for v in case.get("context", {}).values() if isinstance(v, str))
        operands_in(doc, "semver", "range", ranges)
        operands_in(doc, "matches", "value", patterns)

    out = ROOT / "corpus" / "load_and_evaluate"
    out.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(rulesets):
        (out / f"conformance-{i:03}.json").write_text(text, encoding="utf-8")

    out = ROOT / "corpus" / "version_range"
    out.mkdir(parents=True, exist_ok=True)
    pairs = [f"{r}\n{v}" for r in sorted(ranges) for v in sorted(versions)]
    seeds = sorted(ranges) + sorted(versions) + pairs
    for i, text in enumerate(seeds):
        (out / f"seed-{i:04}").write_text(text, encoding="utf-8")

    out = ROOT / "corpus" / "regex_differential"
    out.mkdir(parents=True, exist_ok=True)
    regex_seeds = [f"{p}\n{t}" for p in sorted(patterns) for t in sorted(texts)]
    for i, text in enumerate(regex_seeds):
        (out / f"seed-{i:04}").write_text(text, encoding="utf-8")
    print(f"load_and_evaluate: {len(rulesets)} seeds; version_range: {len(seeds)} seeds "
          f"({len(ranges)} ranges, {len(versions)} versions); regex_differential: "
          f"{len(regex_seeds)} seeds")


if __name__ == "__main__":
    main()
