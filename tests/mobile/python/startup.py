"""Which ruleset FlagEngine.open starts from, on the table every binding shares
(tests/startup/cases.json, ADR 0018): the same choice as the core, the npm client and Kotlin."""

import json
import os
import tempfile

import rollgate as rg

TABLE = os.path.join(os.path.dirname(__file__), "..", "..", "startup", "cases.json")


def ruleset(revision, source):
    """A valid candidate: a ruleset of `revision` whose flag `source` serves `source`."""
    return json.dumps({"schema": 1, "revision": revision, "flags": {
        "source": {"type": "string", "variants": {"s": source}, "default": "s"}}})


def text(candidate, source, invalid):
    """The text of a candidate, or None when the table says "absent"."""
    if candidate == "absent":
        return None
    if candidate == "invalid":
        return invalid
    return ruleset(candidate, source)


def check(case, invalid):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "ruleset.json")
        persisted = text(case["persisted"], "persisted", invalid)
        if persisted is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(persisted)
        bundled = text(case["bundled"], "bundled", invalid)
        if case["bundled"] == "invalid":
            # Mobile's policy for a broken bundle (a bug in the app): throw, whatever is persisted.
            try:
                rg.FlagEngine.open(path, bundled)
            except rg.RollgateError.InvalidRuleset as e:
                assert str(e).startswith("invalid ruleset (1 problem)"), str(e)
                return
            raise AssertionError("an invalid bundled ruleset was accepted")
        engine = rg.FlagEngine.open(path, bundled)
        serves = case["serves"]
        assert engine.string_value("source", "empty") == serves, engine.string_value("source", "empty")
        revision = {"persisted": case["persisted"], "bundled": case["bundled"]}.get(serves, 0)
        assert engine.revision() == revision, (engine.revision(), revision)
        assert (engine.restore_error() is not None) == (case["persisted"] == "invalid"), engine.restore_error()


def run(results):
    with open(TABLE, encoding="utf-8") as f:
        table = json.load(f)
    if len(table["cases"]) < 10:
        results.record("startup table", f"too few cases: {len(table['cases'])}")
    for case in table["cases"]:
        results.run(f"startup: {case['name']}", lambda c=case: check(c, table["invalid"]))
