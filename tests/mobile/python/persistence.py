"""Last-known-good persistence and the change listener, through the FFI."""

import json
import os
import tempfile

import rollgate as rg
from fixtures import ruleset


class Recorder(rg.FlagChangeListener):
    """A listener that records every call."""

    def __init__(self):
        self.calls = []

    def on_flags_changed(self, revision, changed_flags):
        self.calls.append((revision, list(changed_flags)))


class Exploding(rg.FlagChangeListener):
    """A listener that throws: the update must still succeed."""

    def on_flags_changed(self, revision, changed_flags):
        raise RuntimeError("app bug in a listener")


def persists_and_restores():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "flags", "ruleset.json")
        engine = rg.FlagEngine.open(path, None)
        assert engine.revision() == 0 and engine.restore_error() is None
        engine.update(ruleset(4))
        with open(path, encoding="utf-8") as f:
            assert json.loads(f.read())["revision"] == 4
        engine.update(ruleset(9, checkout_percent=0))
        assert sorted(os.listdir(os.path.dirname(path))) == ["ruleset.json"], "temp file left"
        # A failed update leaves the file alone.
        try:
            engine.update("{broken")
        except rg.RollgateError.InvalidRuleset:
            pass
        restarted = rg.FlagEngine.open(path, None)
        assert restarted.revision() == 9
        assert restarted.bool_value("new-checkout", True, {"userId": rg.ContextValue.TEXT("u")}, 0) is False


def newer_of_bundled_and_persisted_wins():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "ruleset.json")
        rg.FlagEngine.open(path, None).update(ruleset(7))
        assert rg.FlagEngine.open(path, ruleset(3)).revision() == 7
        assert rg.FlagEngine.open(path, ruleset(8)).revision() == 8
        try:
            rg.FlagEngine.open(path, "{not json")
        except rg.RollgateError.InvalidRuleset:
            pass
        else:
            raise AssertionError("an invalid bundled ruleset was accepted")


def corrupt_file_is_ignored():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "ruleset.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"schema": 1, "revision": 5, "flags": {')  # a torn write by something else
        engine = rg.FlagEngine.open(path, ruleset(2))
        assert engine.revision() == 2
        assert "ignored the persisted ruleset" in engine.restore_error(), engine.restore_error()
        engine.update(ruleset(3))
        assert rg.FlagEngine.open(path, None).revision() == 3


def unwritable_path_is_reported_not_fatal():
    with tempfile.TemporaryDirectory() as d:
        blocker = os.path.join(d, "file")
        open(blocker, "w").close()
        engine = rg.FlagEngine.open(os.path.join(blocker, "ruleset.json"), None)
        result = engine.update(ruleset(1))
        assert result.revision == 1 and engine.revision() == 1
        assert result.persist_error and "could not persist" in result.persist_error, result


def listener_hears_changed_flags():
    engine = rg.FlagEngine(ruleset(1))
    recorder = Recorder()
    engine.set_listener(recorder)
    engine.update(ruleset(2))  # same flags except the revision marker
    engine.update(ruleset(3, layout_default="B", checkout_percent=50))
    engine.update(ruleset(3, layout_default="B", checkout_percent=50))  # no change: no call
    assert recorder.calls == [(2, ["rev-marker"]), (3, ["layout", "new-checkout", "rev-marker"])], recorder.calls
    engine.set_listener(Exploding())
    assert engine.update(ruleset(4, layout_default="B", checkout_percent=50)).changed_flags == ["rev-marker"]
    assert engine.revision() == 4
    engine.set_listener(None)
    engine.update(ruleset(5))
    assert len(recorder.calls) == 2


def run(results):
    for fn in (persists_and_restores, newer_of_bundled_and_persisted_wins, corrupt_file_is_ignored,
               unwritable_path_is_reported_not_fatal, listener_hears_changed_flags):
        results.run(f"persistence: {fn.__name__}", fn)
