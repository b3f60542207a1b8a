"""Rulesets shared by the bad-input, persistence and listener tests."""

import json


def ruleset(revision, *, checkout_percent=100, layout_default="A", extra_flags=None):
    """A small ruleset covering every flag type; `revision` is visible in `rev-marker`."""
    flags = {
        "new-checkout": {
            "type": "boolean", "variants": {"on": True, "off": False}, "default": "off",
            "metadata": {"owner": "payments"},
            "rules": [
                {"id": "old-apps", "when": {"attr": "appVersion", "op": "semver", "range": "<2.3.0"},
                 "serve": "off"},
                {"id": "all", "rollout": {"by": "userId", "percent": checkout_percent, "serve": "on"}},
            ],
        },
        "layout": {"type": "string", "variants": {"A": "a", "B": "b"}, "default": layout_default},
        "max-items": {"type": "number", "variants": {"few": 3, "many": 30}, "default": "few"},
        "theme": {"type": "object", "variants": {"dark": {"bg": "#000"}}, "default": "dark"},
        "rev-marker": {"type": "number", "variants": {"r": revision}, "default": "r"},
    }
    flags.update(extra_flags or {})
    return json.dumps({"schema": 1, "revision": revision, "flags": flags})
