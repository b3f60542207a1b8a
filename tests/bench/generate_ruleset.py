#!/usr/bin/env python3
"""Writes ruleset-200.json: a mixed, realistic 200-flag ruleset (199 generated + the S1 flag) used by every benchmark.

Deterministic (fixed seed) so Rust, WASM and Node benches measure the same input. Mix per flag:
version gates, platform lists, segments, regexes, numeric and date checks, rollouts, splits,
ramps, prerequisites and kill switches, in roughly the proportions a large app has.
`generated_flags` is also the flag mix of generate_diff_inputs.py (the `rollgate diff` bench).
"""
import json
import random

SEED = 20261121
SEGMENTS = {
    "beta": {"any": [{"attr": "email", "op": "endsWith", "value": "@acme.com"},
                     {"attr": "groups", "op": "in", "values": ["beta", "staff"]}]},
    "big-markets": {"attr": "country", "op": "in", "values": ["US", "DE", "FR", "JP", "BR", "IN"]},
}

def condition(rng, i):
    kind = i % 7
    if kind == 0:
        return {"attr": "appVersion", "op": "semver", "range": f">={rng.randint(1, 3)}.{rng.randint(0, 9)}.0"}
    if kind == 1:
        return {"all": [{"attr": "appVersion", "op": "semver", "range": ">=2.3.0"},
                        {"attr": "platform", "op": "in", "values": ["ios", "android"]}]}
    if kind == 2:
        return {"segment": rng.choice(list(SEGMENTS))}
    if kind == 3:
        return {"attr": "email", "op": "matches", "value": "^[a-z]+\\.[a-z]+@"}
    if kind == 4:
        return {"attr": "sessions", "op": "gte", "value": rng.randint(1, 50)}
    if kind == 5:
        return {"attr": "signupDate", "op": "after", "value": "2025-06-01T00:00:00Z"}
    return {"not": {"attr": "platform", "op": "equals", "value": "web"}}


def generated_flags(rng, count, digits=3):
    """`count` flags named flag-000, flag-001, … (`digits` wide), in the mix described above."""
    flags = {}
    for i in range(count):
        flags[f"flag-{i:0{digits}d}"] = generated_flag(rng, i, flags, digits)
    return flags


def generated_flag(rng, i, earlier, digits):
    """Flag number `i`; `earlier` holds the flags before it (for its prerequisite)."""
    t = ["boolean", "boolean", "boolean", "string", "number", "object"][i % 6]
    if t == "boolean":
        variants = {"on": True, "off": False}
    elif t == "string":
        variants = {"A": "layout-a", "B": "layout-b", "C": "layout-c"}
    elif t == "number":
        variants = {"low": 10, "high": 50}
    else:
        variants = {"v1": {"endpoint": "/api/v1", "retries": 2}, "v2": {"endpoint": "/api/v2", "retries": 3}}
    names = list(variants)
    flag = {"type": t, "variants": variants, "default": names[-1] if t == "boolean" else names[0],
            "metadata": {"owner": f"team-{i % 9}", "tags": ["generated"]}}
    if i % 25 == 7:
        flag["enabled"] = False
    if i % 20 == 3 and i > 10:
        prerequisite = f"flag-{i - 3:0{digits}d}"
        flag["prerequisites"] = [{"flag": prerequisite, "variants": [list(earlier[prerequisite]["variants"])[0]]}]
    rules = []
    for r in range(rng.randint(1, 4)):
        rule = {"id": f"r{r}", "when": condition(rng, i + r)}
        action = (i + r) % 5
        if action in (0, 1):
            rule["serve"] = names[0]
        elif action == 2:
            rule["rollout"] = {"by": "userId", "percent": rng.choice([1, 5, 10, 25, 50]), "serve": names[0]}
        elif action == 3 and len(names) > 1:
            w = 100 // len(names)
            weights = [w] * len(names)
            weights[0] += 100 - sum(weights)
            rule["split"] = {"variants": [{"variant": n, "weight": x} for n, x in zip(names, weights)]}
        else:
            rule["rollout"] = {"steps": [{"at": "2026-12-01T00:00:00Z", "percent": 1},
                                         {"at": "2026-12-08T00:00:00Z", "percent": 25},
                                         {"at": "2026-12-15T00:00:00Z", "percent": 100}],
                               "serve": names[0]}
        rules.append(rule)
    flag["rules"] = rules
    return flag


def main():
    rng = random.Random(SEED)
    flags = generated_flags(rng, 199)
    # The flag of the single-evaluation benchmark (S1 in docs/benchmarks/peers.md).
    flags["s1"] = {"type": "boolean", "variants": {"on": True, "off": False}, "default": "off",
                   "rules": [{"id": "mobile-10", "when": {"all": [
                       {"attr": "appVersion", "op": "semver", "range": ">=2.3.0"},
                       {"attr": "platform", "op": "in", "values": ["ios", "android"]}]},
                       "rollout": {"by": "userId", "percent": 10, "serve": "on"}}]}

    doc = {"schema": 1, "revision": 1, "segments": SEGMENTS, "flags": flags}
    with open("ruleset-200.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
