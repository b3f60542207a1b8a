#!/usr/bin/env python3
"""Writes the inputs of the `rollgate diff` benchmark: two versions of a large ruleset and a
context sample.

    python3 tests/bench/generate_diff_inputs.py OUT_DIR [--flags 1000] [--users 100000] [--all]

- OUT_DIR/old.json: a ruleset of FLAGS flags mixing version gates, platform lists, segments,
  regexes, numeric and date checks, rollouts, splits, ramps, prerequisites and kill switches.
- OUT_DIR/new.json: the same ruleset after a large pull request: about one flag in ten gets a
  percentage raised or lowered, a condition edited, a rule added or removed, a salt changed,
  split weights moved, or is killed or revived; one segment changes (which affects every flag
  that uses it, about one in fourteen); a few flags are added and removed. With --all, every
  flag changes: the worst case, where every flag of every context is evaluated twice.
- OUT_DIR/users.jsonl: USERS contexts like examples/users.jsonl (userId, email, appVersion,
  platform, plan, country, sessions, signupDate; some signed-out devices, a few bad lines).

Deterministic (fixed seed): the same files every run, so timings compare.
"""
import argparse
import copy
import json
import random
from pathlib import Path

SEED = 20261204

SEGMENTS = {
    "beta": {"any": [{"attr": "email", "op": "endsWith", "value": "@acme.com"},
                     {"attr": "groups", "op": "in", "values": ["beta", "staff"]}]},
    "big-markets": {"attr": "country", "op": "in", "values": ["US", "DE", "FR", "JP", "BR", "IN"]},
    "power-users": {"attr": "sessions", "op": "gte", "value": 40},
}


def condition(rng, i):
    kind = i % 7
    if kind == 0:
        return {"attr": "appVersion", "op": "semver", "range": f">={rng.randint(1, 3)}.{rng.randint(0, 9)}.0"}
    if kind == 1:
        return {"all": [{"attr": "appVersion", "op": "semver", "range": ">=2.3.0"},
                        {"attr": "platform", "op": "in", "values": ["ios", "android"]}]}
    if kind == 2:
        return {"segment": rng.choice(sorted(SEGMENTS))}
    if kind == 3:
        return {"attr": "email", "op": "matches", "value": "^user[0-9]+@"}
    if kind == 4:
        return {"attr": "sessions", "op": "gte", "value": rng.randint(1, 50)}
    if kind == 5:
        return {"attr": "signupDate", "op": "after", "value": "2025-06-01T00:00:00Z"}
    return {"not": {"attr": "platform", "op": "equals", "value": "web"}}


def variants_of(t):
    if t == "boolean":
        return {"on": True, "off": False}
    if t == "string":
        return {"A": "layout-a", "B": "layout-b", "C": "layout-c"}
    if t == "number":
        return {"low": 10, "high": 50}
    return {"v1": {"endpoint": "/api/v1", "retries": 2}, "v2": {"endpoint": "/api/v2", "retries": 3}}


def ruleset(rng, count):
    flags = {}
    for i in range(count):
        key = f"flag-{i:04d}"
        t = ["boolean", "boolean", "boolean", "string", "number", "object"][i % 6]
        variants = variants_of(t)
        names = list(variants)
        flag = {"type": t, "variants": variants, "default": names[-1] if t == "boolean" else names[0],
                "metadata": {"owner": f"team-{i % 9}"}}
        if i % 25 == 7:
            flag["enabled"] = False
        if i % 20 == 3 and i > 10:
            prerequisite = f"flag-{i - 3:04d}"
            flag["prerequisites"] = [{"flag": prerequisite, "variants": [list(flags[prerequisite]["variants"])[0]]}]
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
        flags[key] = flag
    return {"schema": 1, "revision": 100, "segments": copy.deepcopy(SEGMENTS), "flags": flags}


def change(rng, flag, key, i):
    """One realistic edit of a flag (the kind depends on i)."""
    rules = flag["rules"]
    kind = i % 8
    rollouts = [r for r in rules if "percent" in r.get("rollout", {})]
    if kind == 0 and rollouts:
        rollouts[0]["rollout"]["percent"] = min(100, rollouts[0]["rollout"]["percent"] * 2)
    elif kind == 1 and rollouts:
        rollouts[0]["rollout"]["percent"] = max(0, rollouts[0]["rollout"]["percent"] // 2)
    elif kind == 2:
        rules[0]["when"] = {"attr": "appVersion", "op": "semver", "range": ">=2.4.0"}
    elif kind == 3:
        rules.insert(0, {"id": "staff", "when": {"attr": "email", "op": "endsWith", "value": "@acme.com"},
                         "serve": list(flag["variants"])[0]})
    elif kind == 4:
        flag["salt"] = f"{key}-v2"
    elif kind == 5:
        flag["enabled"] = not flag.get("enabled", True)
    elif kind == 6 and len(rules) > 1:
        rules.pop()
    else:
        flag["default"] = list(flag["variants"])[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--flags", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--all", action="store_true", help="change every flag")
    args = parser.parse_args()
    rng = random.Random(SEED)
    args.out.mkdir(parents=True, exist_ok=True)

    old = ruleset(rng, args.flags)
    new = copy.deepcopy(old)
    new["revision"] = 101
    new["segments"]["power-users"]["value"] = 30
    for i, key in enumerate(sorted(new["flags"])):
        if args.all or i % 10 == 4:
            change(rng, new["flags"][key], key, i // 10 if not args.all else i)
    # A few flags added and removed (none is a prerequisite of another).
    for i in range(5):
        new["flags"][f"new-flag-{i}"] = {"type": "boolean", "variants": {"on": True, "off": False},
                                          "default": "off",
                                          "rules": [{"id": "half", "rollout": {"percent": 50, "serve": "on"}}]}
    for key in [k for k in sorted(new["flags"]) if k.startswith("flag-")][-5:]:
        del new["flags"][key]
    for name, doc in (("old.json", old), ("new.json", new)):
        (args.out / name).write_text(json.dumps(doc, indent=1) + "\n")

    versions = ["2.1.0", "2.2.9", "2.3.0", "2.4.0", "2.4.1", "2.5.0", "2.5.1", "2.6.0", "3.0.0-beta.1"]
    with (args.out / "users.jsonl").open("w") as out:
        for n in range(1, args.users + 1):
            if n % 20_000 == 0:
                out.write("{not json\n")
                continue
            context = {}
            if rng.random() < 0.03:
                context["deviceId"] = f"d-{rng.getrandbits(48):012x}"
            else:
                context["userId"] = f"u-{n:06d}"
                context["email"] = f"user{n}@{rng.choice(['example.com', 'mail.test', 'acme.com'])}"
            context["appVersion"] = rng.choice(versions)
            context["platform"] = rng.choice(["ios", "android", "web"])
            context["plan"] = rng.choice(["free", "free", "pro", "enterprise"])
            context["country"] = rng.choice(["US", "DE", "FR", "GB", "JP", "BR", "IN", "NL"])
            context["sessions"] = rng.randint(0, 60)
            context["signupDate"] = f"202{rng.randint(3, 6)}-0{rng.randint(1, 9)}-15T00:00:00Z"
            out.write(json.dumps(context) + "\n")
    print(f"wrote {args.out}/old.json, new.json ({args.flags} flags) and users.jsonl ({args.users} lines)")


if __name__ == "__main__":
    main()
