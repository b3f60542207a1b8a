"""Bad input through the FFI: every case must give an error value, never a crash."""

import json
import math

import rollgate as rg
from fixtures import ruleset

USER = {"userId": rg.ContextValue.TEXT("u1"), "appVersion": rg.ContextValue.TEXT("2.4.0")}


def invalid_ruleset_message(problems):
    """The message of InvalidRuleset for these problems: a count, then one `path: message` line
    each, as the CLI lists them."""
    count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    lines = [f"  {p.path}: {p.message}" if p.path else f"  {p.message}" for p in problems]
    return "\n".join([f"invalid ruleset ({count})"] + lines)


def expect_invalid(text, fn=None):
    """fn (default: loading `text`) must raise InvalidRuleset whose message lists the problems
    validate_ruleset gives for `text`; returns them as (path, kind) pairs."""
    try:
        (fn or (lambda: rg.FlagEngine(text)))()
    except rg.RollgateError.InvalidRuleset as e:
        problems = rg.validate_ruleset(text)
        assert problems, "no problems listed"
        assert str(e) == invalid_ruleset_message(problems), str(e)
        return {(p.path, p.kind.name.lower()) for p in problems}
    raise AssertionError("expected InvalidRuleset")


def expect_invalid_bytes(fn):
    """fn must raise InvalidRuleset for text that is not UTF-8."""
    try:
        fn()
    except rg.RollgateError.InvalidRuleset as e:
        assert str(e).startswith("invalid ruleset (1 problem)\n  ") and "UTF-8" in str(e), str(e)
    else:
        raise AssertionError("expected InvalidRuleset")


def invalid_json():
    kinds = expect_invalid('{"schema": 1, "flags": {')
    assert {k for _, k in kinds} == {"syntax"}, kinds
    assert expect_invalid("") and expect_invalid("null")


def invalid_ruleset_lists_every_problem():
    doc = json.loads(ruleset(1))
    doc["flags"]["layout"]["colour"] = 1  # unknown field
    doc["flags"]["new-checkout"]["rules"][0]["when"]["op"] = "semverish"  # unknown operator
    doc["flags"]["layout"]["default"] = "Z"  # unknown variant
    kinds = expect_invalid(json.dumps(doc))
    assert ("flags.layout.colour", "unknown_field") in kinds, kinds
    assert ("flags.new-checkout.rules[0].when.op", "unknown_operator") in kinds, kinds
    assert ("flags.layout.default", "unknown_variant") in kinds, kinds


def invalid_utf8_bytes():
    expect_invalid_bytes(lambda: rg.FlagEngine.from_bytes(b'{"schema": 1, \xff\xfe}'))
    engine = rg.FlagEngine.from_bytes(ruleset(3).encode())
    assert engine.revision() == 3


def unknown_flag():
    engine = rg.FlagEngine(ruleset(1))
    r = engine.evaluate("no-such-flag", USER, 0)
    assert r.reason == rg.Reason.ERROR and r.error_code == rg.ErrorCode.FLAG_NOT_FOUND, r
    assert r.value is None and r.flag_type is None
    assert engine.bool_value("no-such-flag", True, USER, 0) is True
    assert engine.string_value("no-such-flag", "dflt", USER, 0) == "dflt"
    assert engine.number_value("no-such-flag", 7.5, USER, 0) == 7.5
    assert engine.json_value("no-such-flag", '{"d":1}', USER, 0) == '{"d":1}'
    assert json.loads(engine.explain("no-such-flag", USER, 0))["result"]["errorCode"] == "FLAG_NOT_FOUND"


def wrong_types():
    engine = rg.FlagEngine(ruleset(1))
    assert engine.bool_value("layout", True, USER, 0) is True  # a string flag read as boolean
    assert engine.string_value("new-checkout", "x", USER, 0) == "x"
    assert engine.number_value("theme", -1.0, USER, 0) == -1.0
    assert engine.json_value("max-items", "{}", USER, 0) == "{}"
    r = engine.evaluate_typed("layout", rg.FlagType.BOOLEAN, USER, 0)
    assert r.reason == rg.Reason.ERROR and r.error_code == rg.ErrorCode.TYPE_MISMATCH, r
    assert r.flag_type == rg.FlagType.STRING
    # The right types still work on the same engine.
    assert engine.bool_value("new-checkout", False, USER, 0) is True
    assert engine.string_value("layout", "x", USER, 0) == "a"
    assert engine.number_value("max-items", 0.0, USER, 0) == 3
    assert json.loads(engine.json_value("theme", "{}", USER, 0)) == {"bg": "#000"}
    # Wrong Python argument types are rejected by the bindings before reaching Rust.
    for call in (lambda: engine.bool_value(42, True, USER, 0),
                 lambda: engine.evaluate("layout", {"userId": "not-a-ContextValue"}, 0),
                 lambda: rg.FlagEngine(b"bytes-not-str")):
        try:
            call()
        except (TypeError, AttributeError, ValueError):
            pass
        else:
            raise AssertionError("a wrongly typed argument was accepted")


def non_finite_context_numbers():
    engine = rg.FlagEngine(ruleset(1))
    for bad in (math.nan, math.inf, -math.inf):
        ctx = {"userId": rg.ContextValue.NUMBER(bad)}
        r = engine.evaluate("new-checkout", ctx, 0)
        assert r.error_code == rg.ErrorCode.INVALID_CONTEXT and "finite" in r.error_message, r
        assert engine.bool_value("new-checkout", True, ctx, 0) is True
        shown = "NaN" if math.isnan(bad) else ("Infinity" if bad > 0 else "-Infinity")
        assert r.error_message == f"context.userId: numbers must be finite, found {shown}", r
        try:
            engine.evaluate_all(ctx, 0)
        except rg.RollgateError.InvalidContext as e:
            assert str(e) == f"invalid context: context.userId: numbers must be finite, found {shown}", str(e)
        else:
            raise AssertionError("evaluate_all accepted NaN")
        listed = {"groups": rg.ContextValue.VALUES([rg.ContextScalar.TEXT("a"), rg.ContextScalar.NUMBER(bad)])}
        r = engine.evaluate("layout", listed, 0)
        assert r.error_code == rg.ErrorCode.INVALID_CONTEXT, r
        assert r.error_message == f"context.groups[1]: numbers must be finite, found {shown}", r
    try:
        rg.context_from_json('{"address": {"country": "FR"}}')
    except rg.RollgateError.InvalidContext as e:
        assert str(e) == ('invalid context: context.address: nested objects are not supported; '
                          'flatten them ("address.country")'), str(e)
    else:
        raise AssertionError("a nested context object was accepted")


def huge_inputs():
    engine = rg.FlagEngine(ruleset(1))
    # A ruleset above the 16 MiB limit is refused with limit_exceeded, not parsed.
    big = '{"schema": 1, "revision": 2, "flags": {}, "$pad": "' + "x" * (17 * 1024 * 1024) + '"}'
    kinds = expect_invalid(big, lambda: engine.update(big))
    assert {k for _, k in kinds} == {"limit_exceeded"}, kinds
    assert engine.revision() == 1
    # Deep nesting cannot overflow the stack.
    expect_invalid("[" * 200_000)
    # Huge context values and keys evaluate normally.
    ctx = dict(USER)
    ctx["blob"] = rg.ContextValue.TEXT("y" * 5_000_000)
    ctx["groups"] = rg.ContextValue.VALUES([rg.ContextScalar.TEXT(f"g{i}") for i in range(100_000)])
    assert engine.bool_value("new-checkout", False, ctx, 0) is True
    r = engine.evaluate("k" * 1_000_000, ctx, 0)
    assert r.error_code == rg.ErrorCode.FLAG_NOT_FOUND
    # Many flags.
    many = {f"f{i}": {"type": "boolean", "variants": {"on": True}, "default": "on"} for i in range(5000)}
    engine.update(ruleset(2, extra_flags=many))
    assert len(engine.evaluate_all(USER, 0)) == 5005


def failed_updates_keep_the_last_good_ruleset():
    engine = rg.FlagEngine(ruleset(5))
    for bad in ("{", '{"schema": 1, "revision": 6, "flags": {"x": {"type": "nope"}}}'):
        expect_invalid(bad, lambda b=bad: engine.update(b))
        assert engine.revision() == 5
        assert engine.number_value("rev-marker", 0.0, USER, 0) == 5
    try:
        engine.update(ruleset(4))
    except rg.RollgateError.StaleRevision as e:
        assert str(e) == "refused revision 4: older than the current revision 5", str(e)
    else:
        raise AssertionError("a stale revision was accepted")
    assert engine.number_value("rev-marker", 0.0, USER, 0) == 5
    expect_invalid_bytes(lambda: engine.update_bytes(b"\xc3\x28"))
    assert engine.revision() == 5


def empty_engine_and_api_surface():
    engine = rg.FlagEngine.empty()
    assert engine.revision() == 0 and engine.flag_keys() == []
    assert engine.bool_value("anything", True) is True  # default context and clock
    result = engine.update(ruleset(1))
    assert (result.previous_revision, result.revision) == (0, 1)
    assert result.changed_flags == sorted(json.loads(ruleset(1))["flags"]), result.changed_flags
    assert result.persist_error is None
    assert engine.flag_keys() == sorted(json.loads(ruleset(1))["flags"])
    r = engine.evaluate("new-checkout", USER, 0)
    assert r.reason == rg.Reason.SPLIT and r.rule_id == "all" and r.variant == "on", r
    assert json.loads(r.metadata_json) == {"owner": "payments"}
    old = engine.evaluate("new-checkout", USER | {"appVersion": rg.ContextValue.TEXT("2.2.9")}, 0)
    assert old.reason == rg.Reason.TARGETING_MATCH and old.rule_id == "old-apps"
    everything = engine.evaluate_all(USER, 0)
    assert set(everything) == set(engine.flag_keys())
    assert everything["layout"].value == rg.FlagValue.TEXT("a")
    explained = json.loads(engine.explain("new-checkout", USER, 0))
    assert explained["flag"] == "new-checkout" and explained["rules"], explained
    text = engine.explain_text("new-checkout", USER, 0)
    assert "new-checkout" in text and "old-apps" in text, text
    assert rg.validate_ruleset(ruleset(1)) == []
    assert rg.rollgate_version()
    # now=None reads the device clock: a ramp that started in 2020 is fully on today.
    ramp = {"ramp": {"type": "boolean", "variants": {"on": True, "off": False}, "default": "off",
                     "rules": [{"rollout": {"steps": [{"at": "2020-01-01T00:00:00Z", "percent": 100}],
                                            "serve": "on"}}]}}
    engine.update(ruleset(2, extra_flags=ramp))
    assert engine.bool_value("ramp", False, USER) is True
    assert engine.bool_value("ramp", False, USER, 0) is False  # 1970: before the first step
    assert engine.next_change_after(0) == 1577836800000
    assert engine.next_change_after(None) is None


def run(results):
    for fn in (invalid_json, invalid_ruleset_lists_every_problem, invalid_utf8_bytes, unknown_flag,
               wrong_types, non_finite_context_numbers, huge_inputs,
               failed_updates_keep_the_last_good_ruleset, empty_engine_and_api_surface):
        results.run(f"bad input: {fn.__name__}", fn)
