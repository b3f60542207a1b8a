// Device clocks in Chromium, across origins: the page's clock is Playwright's, set two days
// behind the real one; the ruleset comes from a server on another origin whose `Date` (and a
// CDN's `Age`) the page can read only when `Access-Control-Expose-Headers` lists them
// (docs/hosting.md). With them, the client evaluates ramps on the server's time.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { NPM_DIR, ruleset } from "./helpers.mjs";
import { listen, startStatic, launchChromium } from "./static-server.mjs";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A ruleset server on its own port: `expose` is its Access-Control-Expose-Headers; `age` (s) makes its Date that much older and sends it as Age. */
async function startCdn() {
  const state = { expose: "ETag, Date, Age", age: undefined, body: "{}" };
  const server = await listen((req, res) => {
    const headers = { "access-control-allow-origin": "*", "access-control-expose-headers": state.expose, "cache-control": "no-cache", "content-type": "application/json" };
    if (state.age !== undefined) {
      res.sendDate = false;
      Object.assign(headers, { date: new Date(Date.now() - state.age * 1000).toUTCString(), age: String(state.age) });
    }
    res.writeHead(200, headers);
    res.end(state.body);
  });
  return { state, url: `${server.origin}/flags/prod.json`, close: server.close };
}

const site = await startStatic({ "/npm/": NPM_DIR + path.sep }, {
  "/": (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<!doctype html><title>app</title>"); },
});
const cdn = await startCdn();
const browser = await launchChromium();
after(async () => { await browser.close(); await site.close(); await cdn.close(); });

/** The ramp: `search-v2` on for everyone from an hour ago (real time). */
cdn.state.body = JSON.stringify(ruleset(1, {
  extra: { "search-v2": { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ id: "ramp", rollout: { steps: [{ at: Date.now() - HOUR, percent: 100 }], serve: "on" } }] } },
}));

/** A page whose clock is `skew` ms off the real one; returns what its client serves. */
async function clientOnSkewedPage(skew) {
  const page = await browser.newPage();
  await page.clock.install({ time: Date.now() + skew });
  await page.goto(`${site.origin}/`);
  const out = await page.evaluate(async (url) => {
    const { createClient } = await import("/npm/dist/index.js");
    const client = await createClient({ url, storage: false, context: { userId: "u1", appVersion: "2.4.0", platform: "ios" } });
    const answer = { on: client.isEnabled("search-v2"), offset: client.clockOffset };
    client.close();
    return answer;
  }, cdn.url);
  await page.close();
  return out;
}

test("a device two days behind: the step the server's time has passed is served, when Date is exposed", async () => {
  cdn.state.expose = "ETag, Date, Age";
  cdn.state.age = undefined;
  const exposed = await clientOnSkewedPage(-2 * DAY);
  assert.equal(exposed.on, true);
  assert.ok(Math.abs(exposed.offset - 2 * DAY) < 3000, `offset ${exposed.offset}`);

  cdn.state.expose = "ETag";
  const hidden = await clientOnSkewedPage(-2 * DAY);
  assert.deepEqual({ on: hidden.on, offset: hidden.offset }, { on: false, offset: 0 }, "Date not exposed: the device's clock decides");
});

test("a CDN's copy five minutes old: Date + Age is the server's time, when Age is exposed too", async () => {
  cdn.state.age = 300;
  cdn.state.expose = "ETag, Date, Age";
  const withAge = await clientOnSkewedPage(0);
  assert.equal(withAge.offset, 0, "a device with the right time stays uncorrected");
  cdn.state.expose = "ETag, Date";
  const withoutAge = await clientOnSkewedPage(0);
  assert.ok(Math.abs(withoutAge.offset + 300_000) < 3000, `Age hidden: the copy's Date alone says the device is 5 minutes ahead (offset ${withoutAge.offset})`);
  cdn.state.age = undefined;
});
