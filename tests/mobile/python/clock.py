"""The server's clock through the FFI (FlagEngine.observe_server_clock, ADR 0026), on the table
the core and the npm client run too (tests/clock/cases.json): the same offset from the same
response; a response that measures nothing keeps the previous estimate."""

import json
import os

import rollgate as rg

TABLE = os.path.join(os.path.dirname(__file__), "..", "..", "clock", "cases.json")
PREVIOUS = 12_345  # an estimate in place before each case


def check(case):
    engine = rg.FlagEngine.empty()
    engine.observe_server_clock("Thu, 01 Jan 1970 00:00:00 GMT", None, 500 - PREVIOUS, 500 - PREVIOUS)
    assert engine.clock_offset_ms() == PREVIOUS, engine.clock_offset_ms()
    changed = engine.observe_server_clock(case["date"], case["age"], case["sent"], case["received"])
    expected = case["offset"]
    assert engine.clock_offset_ms() == (PREVIOUS if expected is None else expected), engine.clock_offset_ms()
    assert changed == (expected is not None), changed


def run(results):
    with open(TABLE, encoding="utf-8") as f:
        cases = json.load(f)["cases"]

    def enough():
        assert len(cases) >= 30, len(cases)

    results.run("clock: the table has its cases", enough)
    for case in cases:
        results.run(f"clock: {case['name']}", lambda case=case: check(case))
