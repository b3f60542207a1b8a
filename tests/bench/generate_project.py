#!/usr/bin/env python3
"""Generates a large flag project for scripts/bench-project.sh: FLAGS flags in TEAMS team files
(YAML, plus one JSON file), SEGMENTS segments, and three environments (development, staging
extending production, production), each with an overlay that changes a share of the flags.

With --edited, the same project after a realistic pull request (scripts/bench-diff.sh diffs
the two): about one flag in twenty gets its rollout percentage changed in the sources, about one
production override in ten gets another percentage, one flag is killed in production, and about
one flag in a hundred gets a new first rule.

Deterministic (fixed seeds): the same arguments give the same files, and the project before
and after the edit differs only by the edit.

    python3 tests/bench/generate_project.py DIR [--flags 1000] [--edited]
"""

import argparse
import json
import random
from pathlib import Path

SEED = 20261203
TEAMS = 10
SEGMENTS = 20


def condition(rng, segments):
    kind = rng.randrange(5)
    if kind == 0:
        return {"segment": rng.choice(segments)}
    if kind == 1:
        return {"attr": "platform", "op": "in", "values": rng.sample(["ios", "android", "web"], 2)}
    if kind == 2:
        return {"attr": "appVersion", "op": "semver", "range": f">={rng.randrange(1, 4)}.{rng.randrange(10)}.0"}
    if kind == 3:
        return {"all": [{"attr": "plan", "op": "equals", "value": rng.choice(["pro", "free"])},
                        {"attr": "country", "op": "in", "values": ["DE", "FR", "US"]}]}
    return {"attr": "email", "op": "endsWith", "value": "@acme.com"}


def flag(rng, key, team, segments):
    kind = rng.randrange(4)
    if kind == 0:
        variants, default, on = {"on": True, "off": False}, "off", "on"
        flag_type = "boolean"
    elif kind == 1:
        variants, default, on = {"a": "classic", "b": "new", "c": "compact"}, "a", "b"
        flag_type = "string"
    elif kind == 2:
        variants, default, on = {"low": 10, "high": 100}, "low", "high"
        flag_type = "number"
    else:
        variants = {"basic": {"chat": False}, "full": {"chat": True, "hours": "24x7"}}
        default, on, flag_type = "basic", "full", "object"
    rules = [{"id": "targeted", "when": condition(rng, segments), "serve": on}]
    if rng.random() < 0.5:
        rules.append({"id": "rollout", "rollout": {"by": "userId", "percent": rng.randrange(0, 101), "serve": on}})
    else:
        rules.append({"id": "ramp", "rollout": {"steps": [
            {"at": "2026-12-01T00:00:00Z", "percent": 1},
            {"at": "2026-12-08T00:00:00Z", "percent": 25},
            {"at": "2026-12-15T00:00:00Z", "percent": 100}], "serve": on}})
    if flag_type == "string":
        rules.append({"id": "test", "split": {"variants": [
            {"variant": "a", "weight": 50}, {"variant": "b", "weight": 25}, {"variant": "c", "weight": 25}]}})
    return {
        "type": flag_type,
        "variants": variants,
        "default": default,
        "metadata": {"owner": f"team-{team}", "description": f"Flag {key}.",
                     "ticket": f"https://tracker.example/T-{rng.randrange(10000)}", "tags": ["generated"]},
        "rules": rules,
    }


def edit(rng, flags, overlays):
    """The pull request of --edited, applied in place."""
    keys = list(flags)
    for i, key in enumerate(keys):
        rules = flags[key]["rules"]
        rollout = next((r["rollout"] for r in rules if r["id"] == "rollout"), None)
        if i % 20 == 3 and rollout is not None:
            rollout["percent"] = (rollout["percent"] + rng.randrange(5, 50)) % 101
        if i % 100 == 7:
            serve = rules[0]["serve"]
            rules.insert(0, {"id": "staff", "when": {"attr": "email", "op": "endsWith", "value": "@acme.com"},
                             "serve": serve})
    production = overlays["production"]
    for i, key in enumerate(sorted(production)):
        if i % 10 == 5:
            production[key]["rollouts"]["rollout"]["percent"] = rng.randrange(0, 101)
    killed = next(k for k in keys if k not in production)
    production[killed] = {"enabled": False}


def to_yaml(value, indent=0):
    """YAML for the generated data (flow style for the leaves, block style above)."""
    pad = "  " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict) and indent < 3:
            lines.append(f"{pad}{key}:")
            lines.append(to_yaml(item, indent + 1))
        elif isinstance(item, list) and indent < 3 and all(isinstance(i, dict) for i in item):
            lines.append(f"{pad}{key}:")
            for entry in item:
                lines.append(f"{pad}  - {json.dumps(entry)}")
        else:
            lines.append(f"{pad}{key}: {json.dumps(item)}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--flags", type=int, default=1000)
    parser.add_argument("--edited", action="store_true", help="the project after a pull request")
    args = parser.parse_args()
    rng = random.Random(SEED)
    root = Path(args.dir)
    (root / "flags").mkdir(parents=True, exist_ok=True)
    (root / "environments").mkdir(exist_ok=True)
    segments = [f"segment-{i}" for i in range(SEGMENTS)]
    (root / "flags" / "segments.yaml").write_text(to_yaml({"segments": {
        name: {"attr": "groups", "op": "in", "values": [f"group-{i}", "beta"]}
        for i, name in enumerate(segments)}}) + "\n")
    flags = {}
    for i in range(args.flags):
        key = f"team{i % TEAMS}-flag-{i}"
        flags[key] = flag(rng, key, i % TEAMS, segments)
    keys = list(flags)
    overlays = {"development": {}, "staging": {}, "production": {}}
    for key in keys:
        rule_ids = [r["id"] for r in flags[key]["rules"]]
        if rng.random() < 0.3:
            overlays["development"][key] = {"enabled": True, "default": flags[key]["default"]}
        if rng.random() < 0.3 and "rollout" in rule_ids:
            overlays["production"][key] = {"rollouts": {"rollout": {"percent": rng.randrange(0, 101)}}}
        if rng.random() < 0.1:
            overlays["staging"][key] = {"enabled": False}
    if args.edited:
        edit(random.Random(SEED + 1), flags, overlays)
    for team in range(TEAMS):
        mine = {k: flags[k] for k in keys if k.startswith(f"team{team}-")}
        if team == 0:
            (root / "flags" / "team-0.json").write_text(json.dumps({"flags": mine}, indent=2) + "\n")
        else:
            (root / "flags" / f"team-{team}.yaml").write_text(to_yaml({"flags": mine}) + "\n")
    for env, changes in overlays.items():
        (root / "environments" / f"{env}.yaml").write_text(to_yaml({"flags": changes}) + "\n")
    (root / "rollgate.yaml").write_text(
        "schema: 1\nsources: flags\nenvironments:\n"
        "  development:\n    overlay: environments/development.yaml\n"
        "  staging:\n    extends: production\n    overlay: environments/staging.yaml\n"
        "  production:\n    overlay: environments/production.yaml\n"
        "client:\n  privateMetadata: [owner, description, ticket]\n")


if __name__ == "__main__":
    main()
