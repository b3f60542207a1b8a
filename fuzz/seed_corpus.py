#!/usr/bin/env python3
"""Seeds fuzz/corpus/ from the conformance corpus (the corpus itself is not committed).

load_and_evaluate: every valid ruleset and every invalid document or text of tests/conformance.
version_range: "range\\nversion" for every semver condition and appVersion used there, plus
each range and version alone.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
CONFORMANCE = ROOT.parent / "tests" / "conformance"


def ranges_in(value, found):
    """Collects the "range" operand of every semver condition."""
    if isinstance(value, dict):
        if value.get("op") == "semver" and isinstance(value.get("range"), str):
            found.add(value["range"])
        for child in value.values():
            ranges_in(child, found)
    elif isinstance(value, list):
        for child in value:
            ranges_in(child, found)


def main():
    rulesets, ranges, versions = [], set(), set()
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
        ranges_in(doc, ranges)

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
    print(f"load_and_evaluate: {len(rulesets)} seeds; version_range: {len(seeds)} seeds "
          f"({len(ranges)} ranges, {len(versions)} versions)")


if __name__ == "__main__":
    main()
