#!/usr/bin/env python3
"""Generates examples/users.jsonl: 1000 sample users, one JSON context per line.

Deterministic (fixed seed), so the counts quoted in examples/README.md and checked by the CLI
tests stay the same. Run from anywhere: python3 examples/generate_users.py
"""

import json
import random
from pathlib import Path

SEED = 20261201
COUNT = 1000

# App versions in the field, weighted like a real install base: mostly recent releases, a
# tail of old ones, prereleases from the beta channel, the 2.5.1 release that new-checkout
# excludes (also with build metadata), a v-prefixed and a partial version, and one that
# is not a version at all (never matches a semver condition).
VERSIONS = [
    ("2.1.0", 4), ("2.2.9", 6), ("2.3.0-beta.2", 2), ("2.3.0", 8), ("2.4.0", 12),
    ("2.4.1", 16), ("v2.4.1", 2), ("2.4", 2), ("2.5.0", 14), ("2.5.1", 8),
    ("2.5.1+build.7", 1), ("2.6.0-rc.1", 3), ("2.6.0", 18), ("3.0.0-beta.1", 3), ("banana", 1),
]
PLATFORMS = [("ios", 45), ("android", 40), ("web", 15)]
PLANS = [("free", 70), ("pro", 25), ("enterprise", 5)]
DOMAINS = [("example.com", 60), ("mail.test", 33), ("acme.com", 7)]


def pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights=weights)[0]


def user(rng, n):
    context = {}
    # 3% are signed-out devices with no userId: rollouts by userId skip them (unitMissing).
    if rng.random() < 0.03:
        context["deviceId"] = f"d-{rng.getrandbits(48):012x}"
    else:
        context["userId"] = f"u-{n:05d}"
        context["email"] = f"user{n}@{pick(rng, DOMAINS)}"
    context["appVersion"] = pick(rng, VERSIONS)
    context["platform"] = pick(rng, PLATFORMS)
    context["plan"] = pick(rng, PLANS)
    if rng.random() < 0.03:
        context["groups"] = ["beta"]
    return context


def main():
    rng = random.Random(SEED)
    path = Path(__file__).resolve().parent / "users.jsonl"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n in range(1, COUNT + 1):
            out.write(json.dumps(user(rng, n)) + "\n")
    print(f"wrote {COUNT} users to {path}")


if __name__ == "__main__":
    main()
