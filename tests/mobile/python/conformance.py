"""Runs the conformance corpus (tests/conformance/*.json) through the generated Python bindings.

Generic over the corpus: every evaluation file and every invalid-ruleset file found is run,
with the semantics of tests/conformance/README.md: the result's missing value is replaced by the
case's `default` (or null), and all seven expected fields are compared exactly (absent = null).
A case's `explain` facts are checked against the binding's `explain` JSON.
Contexts go through the typed API apps use (`ContextValue`); JSON `null` means absent. A
context the typed API cannot express (a nested object) goes through `context_from_json`, whose
InvalidContext error is reported as ERROR / INVALID_CONTEXT, as an app would see it.

Numbers reach the core exactly: `json` reads integers as `int` (exact) and other numbers with
`float` (the nearest double), `json.dumps` writes them back as digits and as the shortest
`repr` that reads back to the same double, and a context number is `float(value)`, the
nearest double. Numbers are compared as doubles (`harness.json_equal`).
"""

import glob
import json
import os

import rollgate as rg
from harness import json_equal

FIELDS = ["value", "variant", "reason", "ruleId", "errorCode", "failedPrerequisite", "unitMissing"]
TYPES = {
    "boolean": rg.FlagType.BOOLEAN,
    "string": rg.FlagType.STRING,
    "number": rg.FlagType.NUMBER,
    "object": rg.FlagType.OBJECT,
}


def scalar(value):
    """A JSON scalar as a ContextScalar, or None when the typed API cannot express it."""
    if isinstance(value, bool):
        return rg.ContextScalar.BOOL(value)
    if isinstance(value, (int, float)):
        return rg.ContextScalar.NUMBER(float(value))
    if isinstance(value, str):
        return rg.ContextScalar.TEXT(value)
    return None


def to_context(obj):
    """The typed context for a corpus context object, or None if it needs the JSON path."""
    context = {}
    for name, value in obj.items():
        if value is None:
            continue
        if isinstance(value, list):
            items = [scalar(v) for v in value]
            if any(i is None for i in items):
                return None
            context[name] = rg.ContextValue.VALUES(items)
        elif isinstance(value, dict):
            return None
        else:
            s = scalar(value)
            context[name] = (
                rg.ContextValue.BOOL(s.value) if s.is_BOOL()
                else rg.ContextValue.NUMBER(s.value) if s.is_NUMBER()
                else rg.ContextValue.TEXT(s.value)
            )
    return context


def plain_value(value):
    """A FlagValue as the JSON value it stands for."""
    if value is None:
        return None
    if value.is_JSON():
        return json.loads(value.json)
    return value.value


def evaluate_case(engine, case):
    """The seven compared fields of the binding's result for one case."""
    now = case.get("now", 0)
    context = to_context(case.get("context") or {})
    if context is None:
        try:
            context = rg.context_from_json(json.dumps(case["context"]))
        except rg.RollgateError.InvalidContext:
            return {f: None for f in FIELDS} | {
                "value": case.get("default"), "reason": "ERROR", "errorCode": "INVALID_CONTEXT"}
    if "type" in case:
        r = engine.evaluate_typed(case["flag"], TYPES[case["type"]], context, now)
    else:
        r = engine.evaluate(case["flag"], context, now)
    value = plain_value(r.value)
    return {
        "value": value if value is not None else case.get("default"),
        "variant": r.variant,
        "reason": r.reason.name,
        "ruleId": r.rule_id,
        "errorCode": r.error_code.name if r.error_code is not None else None,
        "failedPrerequisite": r.failed_prerequisite,
        "unitMissing": r.unit_missing,
    }


def typed_getter_value(engine, case, context, now):
    """The typed getter's answer for a case with `type` (checks getters agree with evaluate)."""
    flag, default = case["flag"], case.get("default")
    kind = case["type"]
    if kind == "boolean":
        return engine.bool_value(flag, bool(default) if default is not None else False, context, now)
    if kind == "string":
        return engine.string_value(flag, default if default is not None else "", context, now)
    if kind == "number":
        return engine.number_value(flag, float(default) if default is not None else 0.0, context, now)
    return json.loads(engine.json_value(flag, json.dumps(default if default is not None else {}), context, now))


def check_case(engine, case):
    """None when the case passes, else what differs."""
    actual = evaluate_case(engine, case)
    expect = case.get("expect", {})
    diffs = [
        f"{f}: expected {json.dumps(expect.get(f))}, got {json.dumps(actual[f])}"
        for f in FIELDS
        if not json_equal(expect.get(f), actual[f])
    ]
    context = to_context(case.get("context") or {})
    if not diffs and "type" in case and context is not None:
        got = typed_getter_value(engine, case, context, case.get("now", 0))
        want = actual["value"]
        if want is not None and not json_equal(want, got):
            diffs.append(f"typed getter returned {json.dumps(got)}, evaluate gave {json.dumps(want)}")
    if "explain" in case:
        if context is None:
            diffs.append("explain: the context is not one the typed API can express")
        else:
            trace = json.loads(engine.explain(case["flag"], context, case.get("now", 0)))
            trace_shows(case["explain"], trace, "explain", diffs)
    return "; ".join(diffs) or None


def trace_shows(want, got, path, diffs):
    """Whether the trace `got` shows every fact of `want` (a case's `explain`), one line per
    difference in `diffs`: an object's listed members must be present and show their facts (the
    trace may have more), a list must have as many items, each showing its facts in order, and
    anything else must be `json_equal`."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key, fact in want.items():
            if key not in got:
                diffs.append(f"{path}.{key}: missing from the trace")
            else:
                trace_shows(fact, got[key], f"{path}.{key}", diffs)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (fact, value) in enumerate(zip(want, got)):
            trace_shows(fact, value, f"{path}[{i}]", diffs)
    elif not json_equal(want, got):
        diffs.append(f"{path}: expected {json.dumps(want)}, got {json.dumps(got)}")


def check_invalid(case):
    """None when loading fails with exactly the expected (path, kind) set."""
    text = case["rulesetText"] if "rulesetText" in case else json.dumps(case["ruleset"])
    expected = {(e["path"], e["kind"]) for e in case.get("expectErrors", [])}
    problems = rg.validate_ruleset(text)
    actual = {(p.path, p.kind.name.lower()) for p in problems}
    if actual != expected:
        return f"expected {sorted(expected)}, got {sorted(actual)}"
    try:
        rg.FlagEngine(text)
    except rg.RollgateError.InvalidRuleset as e:
        # The constructor's message lists the same problems, one `path: message` line each.
        lines = [f"  {p.path}: {p.message}" if p.path else f"  {p.message}" for p in problems]
        return None if str(e).split("\n")[1:] == lines else f"message disagrees: {e}"
    return "the ruleset loaded, but it should be rejected"


def run(results, corpus_dir):
    """Runs every corpus file in `corpus_dir`; returns the number of files."""
    files = sorted(glob.glob(os.path.join(corpus_dir, "*.json")))
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if isinstance(doc.get("cases"), list):
            try:
                engine = rg.FlagEngine(json.dumps(doc["ruleset"]))
                load_error = None
            except rg.RollgateError as e:
                engine, load_error = None, f"the file's ruleset does not load: {e}"
            for i, case in enumerate(doc["cases"]):
                label = f"{name}: {case.get('name', f'cases[{i}]')}"
                if load_error:
                    results.record(label, load_error)
                else:
                    results.run(label, lambda c=case: _assert_none(check_case(engine, c)))
        if isinstance(doc.get("invalid"), list):
            for i, case in enumerate(doc["invalid"]):
                label = f"{name}: {case.get('name', f'invalid[{i}]')}"
                results.run(label, lambda c=case: _assert_none(check_invalid(c)))
    return len(files)


def _assert_none(error):
    if error is not None:
        raise AssertionError(error)
