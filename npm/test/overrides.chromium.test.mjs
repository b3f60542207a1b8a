// Local overrides in Chromium: a QA link (`?rollgate=flag:variant,...`) sets overrides at
// start, they are persisted in the page's real `localStorage` and come back on the next load
// without the parameter, and clearing them removes the record.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { NPM_DIR, ruleset } from "./helpers.mjs";
import { startStatic, launchChromium } from "./static-server.mjs";

const RULESET = JSON.stringify(ruleset(1));
const site = await startStatic({ "/npm/": NPM_DIR + path.sep }, {
  "/": (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<!doctype html><title>app</title>"); },
  "/flags.json": (_req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.end(RULESET); },
});
const browser = await launchChromium();
after(async () => { await browser.close(); await site.close(); });

/** What a client with overrides enabled serves on `page` (already at its URL), and what it stored. */
function readClient(page, action) {
  return page.evaluate(async (action) => {
    const { createClient } = await import("/npm/dist/index.js");
    const client = await createClient({
      url: "/flags.json", context: { userId: "u1", appVersion: "2.4.0", platform: "ios" }, overrides: { enabled: true },
    });
    const changes = [];
    client.on("change", (keys) => changes.push(keys));
    if (action === "clear") client.clearOverrides();
    const answer = {
      overrides: client.overrides(),
      layout: client.getDetails("checkout-layout"),
      checkout: client.getDetails("new-checkout"),
      changes,
    };
    // Let the storage write (asynchronous for adapters) settle.
    await new Promise((resolve) => setTimeout(resolve, 0));
    answer.stored = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    client.close();
    return { ...answer, layout: { value: answer.layout.value, reason: answer.layout.reason }, checkout: { value: answer.checkout.value, reason: answer.checkout.reason } };
  }, action);
}

test("a QA link's ?rollgate= overrides apply at start, persist in localStorage, and survive a reload without the parameter", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.origin}/?rollgate=checkout-layout:B,new-checkout:off`);
  const linked = await readClient(page);
  assert.deepEqual(linked.overrides, { "checkout-layout": "B", "new-checkout": "off" });
  assert.deepEqual(linked.layout, { value: "b", reason: "OVERRIDE" });
  assert.deepEqual(linked.checkout, { value: false, reason: "OVERRIDE" });
  const key = "rollgate:/flags.json:overrides";
  assert.deepEqual(JSON.parse(linked.stored[key]), { v: 1, overrides: { "checkout-layout": "B", "new-checkout": "off" } });

  await page.goto(`${site.origin}/`);
  const reloaded = await readClient(page);
  assert.deepEqual(reloaded.overrides, { "checkout-layout": "B", "new-checkout": "off" }, "restored from localStorage");
  assert.deepEqual(reloaded.layout, { value: "b", reason: "OVERRIDE" });

  const cleared = await readClient(page, "clear");
  assert.deepEqual(cleared.overrides, {});
  assert.deepEqual(cleared.changes, [["checkout-layout", "new-checkout"]], "one change event for both flags");
  assert.deepEqual(cleared.layout, { value: "a", reason: "STATIC" });
  assert.deepEqual(cleared.checkout, { value: true, reason: "SPLIT" });
  assert.equal(cleared.stored[key], undefined, "no overrides: no record");

  await page.goto(`${site.origin}/`);
  assert.deepEqual((await readClient(page)).overrides, {});
  await context.close();
});
