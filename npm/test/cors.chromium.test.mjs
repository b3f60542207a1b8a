// The client against a cross-origin ruleset server in Chromium, as a CDN serves it: with CORS
// rules that allow `If-None-Match` (conditional refreshes, 304s) and with rules that do not
// (the browser refuses the preflight and `fetch` says only "Failed to fetch"). The client must
// detect the second case, say which header is missing, and keep refreshing.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { NPM_DIR, ruleset } from "./helpers.mjs";
import { listen, startStatic, launchChromium } from "./static-server.mjs";

/**
 * A ruleset server on its own port (so another origin than the page). `allowIfNoneMatch`
 * decides whether its preflight answer lists `If-None-Match` in Access-Control-Allow-Headers.
 */
async function startCdn() {
  const state = { allowIfNoneMatch: false, revision: 1, requests: [] };
  const server = await listen((req, res) => {
    const ifNoneMatch = req.headers["if-none-match"];
    state.requests.push({ method: req.method, ifNoneMatch, preflightHeaders: req.headers["access-control-request-headers"] });
    const cors = { "access-control-allow-origin": "*", "access-control-expose-headers": "ETag, Date, Age" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "access-control-allow-methods": "GET", ...(state.allowIfNoneMatch ? { "access-control-allow-headers": "If-None-Match" } : {}) });
      return res.end();
    }
    const etag = `"v${state.revision}"`;
    const headers = { ...cors, etag, "cache-control": "no-cache", "content-type": "application/json" };
    if (ifNoneMatch === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify(ruleset(state.revision, { layout: state.revision % 2 ? "a" : "b" })));
  });
  return { state, url: `${server.origin}/flags/prod.json`, close: server.close };
}

const site = await startStatic({ "/npm/": NPM_DIR + path.sep }, {
  "/": (req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<!doctype html><title>app</title>"); },
});
const cdn = await startCdn();
const browser = await launchChromium();
after(async () => { await browser.close(); await site.close(); await cdn.close(); });

/** A page on the site's origin with a client of the CDN's ruleset as `window.client`. */
async function pageWithClient() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${site.origin}/`);
  await page.evaluate(async (url) => {
    const { createClient, RollgateError } = await import("/npm/dist/index.js");
    window.events = [];
    window.client = await createClient({ url, storage: false, context: { userId: "u1", appVersion: "2.4.0", platform: "ios" } });
    for (const name of ["warning", "error", "update"]) {
      window.client.on(name, (e) => window.events.push({ name, code: e.code, message: e.message, rollgate: e instanceof RollgateError, revision: e.revision }));
    }
  }, cdn.url);
  assert.deepEqual(errors, []);
  return page;
}

const refresh = (page) => page.evaluate(async () => ({ result: await window.client.refresh(), revision: window.client.revision, stale: window.client.stale, layout: window.client.getString("checkout-layout", "?") }));

test("CORS rules without If-None-Match: the client says which header is missing and refreshes without it", async () => {
  cdn.state.allowIfNoneMatch = false;
  cdn.state.revision = 1;
  cdn.state.requests.length = 0;
  const page = await pageWithClient();
  assert.equal(await page.evaluate(() => window.client.revision), 1);

  // The first refresh has an ETag to send: the preflight is refused, the plain retry works.
  assert.deepEqual(await refresh(page), { result: "not-modified", revision: 1, stale: false, layout: "a" });
  const events = await page.evaluate(() => window.events);
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.equal(events[0].name, "warning");
  assert.equal(events[0].code, "CORS_HEADER_BLOCKED");
  assert.equal(events[0].rollgate, true);
  assert.match(events[0].message, new RegExp(`^GET ${cdn.url.replace(/[.]/g, "\\.")} failed with an If-None-Match header \\(Failed to fetch\\) and worked without it: `));
  assert.match(events[0].message, /the server's CORS rules do not allow the If-None-Match request header\. Add it to Access-Control-Allow-Headers/);
  const methods = cdn.state.requests.map((r) => r.method);
  assert.deepEqual(methods, ["GET", "OPTIONS", "GET"], "first load, the refused preflight, the plain retry");
  assert.equal(cdn.state.requests[1].preflightHeaders, "if-none-match");

  // From then on: plain requests (no preflight, no warning), and updates still arrive.
  cdn.state.requests.length = 0;
  assert.equal((await refresh(page)).result, "not-modified");
  cdn.state.revision = 2;
  assert.deepEqual(await refresh(page), { result: "updated", revision: 2, stale: false, layout: "b" });
  assert.deepEqual(cdn.state.requests.map((r) => r.method), ["GET", "GET"]);
  const later = (await page.evaluate(() => window.events)).slice(1);
  assert.deepEqual(later.map((e) => [e.name, e.revision]), [["update", 2]]);
  await page.close();
});

test("CORS rules that allow If-None-Match: conditional refreshes, 304s, no warning", async () => {
  cdn.state.allowIfNoneMatch = true;
  cdn.state.revision = 3;
  cdn.state.requests.length = 0;
  const page = await pageWithClient();
  assert.deepEqual(await refresh(page), { result: "not-modified", revision: 3, stale: false, layout: "a" });
  const gets = cdn.state.requests.filter((r) => r.method === "GET");
  assert.deepEqual(gets.map((r) => r.ifNoneMatch), [undefined, '"v3"'], "the second GET is conditional");
  assert.deepEqual(await page.evaluate(() => window.events), []);
  await page.close();
});
