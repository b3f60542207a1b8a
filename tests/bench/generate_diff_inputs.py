#!/usr/bin/env python3
"""Writes the inputs of the `rollgate diff` benchmark: two versions of a large ruleset and a
context sample.

    python3 tests/bench/generate_diff_inputs.py OUT_DIR [--flags 1000] [--users 100000] [--all]

- OUT_DIR/old.json: a ruleset of FLAGS flags in the mix of every benchmark
  (generate_ruleset.py): version gates, platform lists, segments, regexes, numeric and date
  checks, rollouts, splits, ramps, prerequisites and kill switches.
- OUT_DIR/new.json: the same ruleset after a large pull request: about one flag in ten gets a
  percentage raised or lowered, a condition edited, a rule added or removed, a salt changed,
  split weights moved, or is killed or revived; one segment gets one more country (which
  affects every flag that uses it); a few flags are added and removed. With --all, every
  flag changes: the worst case, where every flag of every context is evaluated twice.
- OUT_DIR/users.jsonl: USERS contexts like examples/users.jsonl (userId, email, appVersion,
  platform, plan, country, sessions, signupDate; some signed-out devices, a few bad lines).

Deterministic (fixed seed): the same files every run, so timings compare.
"""
import argparse
import copy
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_ruleset import SEGMENTS, generated_flags

SEED = 20261204


def ruleset(rng, count):
    """The benchmarks' flag mix (generate_ruleset.py), `count` flags."""
    flags = generated_flags(rng, count, digits=4)
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
    new["segments"]["big-markets"]["values"].append("NL")
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
