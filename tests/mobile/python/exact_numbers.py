"""Exact numbers across the FFI: random doubles written by Python's own formatter (`repr`, as
`json.dumps` writes floats) are read by the core as the same doubles, in rulesets and in
contexts (typed `ContextValue.NUMBER` and JSON text alike), and the numbers the core writes
(object values) read back with `json.loads` as the same doubles."""

import json
import math
import random
import struct

import rollgate as rg


def random_doubles(count, seed):
    """`count` finite doubles from random bit patterns (subnormals included), deterministic."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        (x,) = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))
        if math.isfinite(x):
            out.append(x)
    return out


def ruleset_of(xs):
    """Variant `v{k}` of a number flag serves xs[k] when `x` equals it (rule `r{k}`); an object
    flag holds them all."""
    return json.dumps({
        "schema": 1,
        "revision": 1,
        "flags": {
            "n": {
                "type": "number",
                "variants": {f"v{k}": x for k, x in enumerate(xs)},
                "default": "v0",
                "rules": [{"id": f"r{k}", "when": {"attr": "x", "op": "equals", "value": x},
                           "serve": f"v{k}"} for k, x in enumerate(xs)],
            },
            "o": {"type": "object", "variants": {"all": {"xs": xs}}, "default": "all"},
        },
    })


def same(a, b):
    """The same double, bit for bit (so -0.0 is not 0.0)."""
    return struct.pack("<d", a) == struct.pack("<d", b)


def random_doubles_read_and_write_exactly(seed):
    xs = random_doubles(300, seed)
    engine = rg.FlagEngine(ruleset_of(xs))
    for k, x in enumerate(xs):
        first = next(i for i, y in enumerate(xs) if y == x)
        for context in ({"x": rg.ContextValue.NUMBER(x)}, rg.context_from_json(json.dumps({"x": x}))):
            r = engine.evaluate("n", context, 0)
            assert r.rule_id == f"r{first}", (repr(x), r.rule_id)
            assert same(r.value.value, xs[first]), (repr(x), r.value.value)
    served = json.loads(engine.evaluate("o", {}, 0).value.json)["xs"]
    for k, x in enumerate(xs):
        assert same(served[k], x), (k, repr(x), served[k])


def run(results):
    for seed in (1, 2, 3):
        results.run(f"numbers: 300 random doubles (seed {seed}) read and written exactly",
                    lambda seed=seed: random_doubles_read_and_write_exactly(seed))
