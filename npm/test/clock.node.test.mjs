// Device clocks that are off: the client evaluates scheduled ramps on the ruleset server's time,
// estimated from the responses' Date and Age headers, against a real HTTP server on 127.0.0.1.
// The device's clock is the client's `now` option, set days away from the server's. The same
// in Chromium across origins (Date and Age exposed through CORS): clock.chromium.test.mjs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "rollgate";
import { ruleset } from "./helpers.mjs";
import { startServer, nextEvent } from "./server.mjs";

const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
const DAY = 86_400_000;
const HOUR = 3_600_000;
const srv = await startServer();
after(() => srv.close());

/** The helpers' ruleset plus `search-v2`, on for everyone from `at` (server time). */
function ramped(revision, at) {
  return ruleset(revision, {
    extra: {
      "search-v2": { type: "boolean", variants: { on: true, off: false }, default: "off",
        rules: [{ id: "ramp", rollout: { steps: [{ at, percent: 100 }], serve: "on" } }] },
    },
  });
}

/** Serves `rs` with the server's clock as given (Node's Date unless told otherwise). */
function serve(rs, { sendDate = true, date, age } = {}) {
  srv.serve(rs, undefined);
  Object.assign(srv.state, { sendDate, date, age });
}

test("a ramp step the server's time has passed and the device's clock has not is served", async () => {
  const behind = () => Date.now() - 2 * DAY; // a device two days behind
  serve(ramped(1, Date.now() - HOUR));
  const c = await createClient({ url: srv.url, context: IOS, storage: false, now: behind });
  assert.equal(c.isEnabled("search-v2"), true);
  assert.ok(Math.abs(c.clockOffset - 2 * DAY) < 2000, `offset ${c.clockOffset}`);
  c.close();

  // The same host without a Date header: nothing to measure, the device's clock decides.
  serve(ramped(1, Date.now() - HOUR), { sendDate: false });
  const blind = await createClient({ url: srv.url, context: IOS, storage: false, now: behind });
  assert.equal(blind.isEnabled("search-v2"), false);
  assert.equal(blind.clockOffset, 0);
  blind.close();
});

test("a device ahead of the server does not start a step early", async () => {
  serve(ramped(1, Date.now() + HOUR));
  const c = await createClient({ url: srv.url, context: IOS, storage: false, now: () => Date.now() + 3 * HOUR });
  assert.equal(c.isEnabled("search-v2"), false);
  assert.ok(Math.abs(c.clockOffset + 3 * HOUR) < 2000, `offset ${c.clockOffset}`);
  c.close();
});

test("Age: a CDN's copy made five minutes ago says Date + Age is the server's time now", async () => {
  const fiveMinutesAgo = (arrivedAt) => arrivedAt - 300_000;
  serve(ramped(1, Date.now() + HOUR), { date: fiveMinutesAgo, age: 300 });
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  assert.equal(c.clockOffset, 0, "the device's clock is right: Date + Age agrees with it");
  c.close();
  // Without Age the same Date would say the device is five minutes ahead.
  serve(ramped(1, Date.now() + HOUR), { date: fiveMinutesAgo });
  const d = await createClient({ url: srv.url, context: IOS, storage: false });
  assert.ok(Math.abs(d.clockOffset + 300_000) < 2000, `offset ${d.clockOffset}`);
  d.close();
});

test("a device clock within the measurement's uncertainty of the server's is not corrected", async () => {
  // A frozen server clock on a whole second and a frozen device clock: no round trip and no
  // sub-second fraction lost to the header, so the estimate is exactly Date + 500 ms − device.
  const S = Date.UTC(2026, 0, 1, 12, 0, 0);
  serve(ramped(1, S + HOUR), { date: () => S });
  const near = await createClient({ url: srv.url, context: IOS, storage: false, now: () => S + 500 + 300 });
  assert.equal(near.clockOffset, 0, "300 ms off is within Date's ±500 ms: left alone");
  near.close();
  const far = await createClient({ url: srv.url, context: IOS, storage: false, now: () => S + 500 + 700 });
  assert.equal(far.clockOffset, -700, "700 ms off is beyond it: corrected");
  far.close();
});

test("the ramp timer runs on the server's time: a step 1.5 s away on the server comes in 1.5 s, not in two days", async () => {
  const stepAt = Date.now() + 1500;
  serve(ramped(1, stepAt));
  const c = await createClient({ url: srv.url, context: IOS, storage: false, now: () => Date.now() - 2 * DAY });
  assert.equal(c.isEnabled("search-v2"), false);
  const [changed] = await nextEvent(c, "change", 5000);
  assert.deepEqual(changed, ["search-v2"]);
  assert.ok(Date.now() >= stepAt - 1000, "not before the step, within the estimate's uncertainty");
  assert.equal(c.isEnabled("search-v2"), true);
  c.close();
});

test("a later response that moves the estimate re-evaluates, even a 304", async () => {
  srv.serve(ramped(1, Date.now() - HOUR), '"r1"');
  Object.assign(srv.state, { sendDate: false, date: undefined, age: undefined });
  const c = await createClient({ url: srv.url, context: IOS, storage: false, now: () => Date.now() - 2 * DAY });
  assert.equal(c.isEnabled("search-v2"), false, "no Date yet: the device's clock, two days behind");
  const changes = [];
  c.on("change", (keys) => changes.push(keys));
  srv.state.sendDate = true;
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(srv.state.requests.at(-1).status, 304);
  assert.deepEqual(changes, [["search-v2"]]);
  assert.equal(c.isEnabled("search-v2"), true);
  c.close();
});
