// The npm client's clock estimate (ServerClock, npm/src/clock.ts) on the table the core and the
// mobile bindings run too (tests/clock/cases.json, ADR 0026): the same offset from the same
// response. Where Date.parse reads a Date the core refuses, the table says so (`browser`), and
// this test holds the browser to that instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ServerClock } from "../dist/clock.js";
import { ROOT } from "./helpers.mjs";

// Date.parse reads a Date without a zone in local time; the table's browser offsets are UTC's.
process.env.TZ = "UTC";

const table = JSON.parse(readFileSync(path.join(ROOT, "tests", "clock", "cases.json"), "utf8"));

test("the clock table has unreadable dates, ignored Ages, uncertain and skewed clocks", () => {
  const offsets = table.cases.map((c) => c.offset);
  assert.ok(offsets.filter((o) => o === null).length >= 5);
  assert.ok(offsets.filter((o) => o === 0).length >= 5);
  assert.ok(offsets.filter((o) => o !== null && Math.abs(o) >= 86_400_000).length >= 3);
});

for (const c of table.cases) {
  test(`ServerClock: ${c.name}`, () => {
    const headers = new Headers();
    if (c.date !== null) headers.set("Date", c.date);
    if (c.age !== null) headers.set("Age", c.age);
    const clock = new ServerClock(() => 0);
    const changed = clock.observe(headers, c.sent, c.received);
    const expected = c.browser ? c.browser.offset : c.offset;
    // null: nothing measured, the estimate stays where it was (0 for a new clock).
    assert.equal(clock.offset, expected ?? 0);
    assert.equal(changed, expected !== null && expected !== 0);
  });
}
