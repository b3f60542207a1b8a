// The client layer against a real HTTP server on 127.0.0.1.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, MemoryStorage, RollgateError, defaultStorage } from "rollgate";
import { ruleset } from "./helpers.mjs";
import { startServer, nextEvent, sleep } from "./server.mjs";

const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
const WEB = { userId: "u1", appVersion: "2.4.0", platform: "web" };
const srv = await startServer();
after(() => srv.close());

/** Resolves once `condition()` holds (checked every 10 ms; fails after 5 s). */
async function until(condition) {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) assert.fail("condition not met within 5 s");
    await sleep(10);
  }
}

function fresh() {
  srv.state.requests.length = 0;
  srv.state.delayMs = 0;
}

test("bootstrap only: flags with no network, typed getters and defaults", async () => {
  const c = await createClient({ bootstrap: ruleset(1), context: IOS, storage: false });
  assert.equal(c.isEnabled("new-checkout"), true);
  assert.equal(c.getString("checkout-layout", "z"), "a");
  assert.equal(c.getNumber("max-items", 0), 5);
  assert.equal(c.getString("new-checkout", "fallback"), "fallback", "type mismatch gives the fallback");
  assert.equal(c.isEnabled("missing"), false);
  assert.equal(c.getDetails("missing").errorCode, "FLAG_NOT_FOUND");
  assert.equal(c.getDetails("new-checkout", "string").errorCode, "TYPE_MISMATCH");
  assert.deepEqual(c.getDetails("new-checkout").metadata, { owner: "payments", tags: ["checkout"] });
  assert.equal(c.getDetails("new-checkout").ruleId, "mobile");
  assert.deepEqual(c.allFlags(), { "checkout-layout": "a", "max-items": 5, "new-checkout": true });
  c.close();
});

test("fetch with ETag, then 304 keeps what it has", async () => {
  fresh();
  srv.serve(ruleset(3), '"v3"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  assert.equal(c.revision, 3);
  assert.equal(srv.state.requests[0].ifNoneMatch, undefined);
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(srv.state.requests[1].ifNoneMatch, '"v3"');
  assert.equal(srv.state.requests[1].status, 304);
  assert.equal(c.revision, 3);
  assert.equal(c.isEnabled("new-checkout"), true);
  c.close();
});

test("change events name exactly the flags whose value changed", async () => {
  fresh();
  srv.serve(ruleset(4), '"v4"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const changes = [];
  const updates = [];
  c.on("change", (keys) => changes.push(keys));
  c.on("update", (u) => updates.push(u));
  srv.serve(ruleset(5, { layout: "b" }), '"v5"');
  assert.equal(await c.refresh(), "updated");
  assert.deepEqual(changes, [["checkout-layout"]]);
  assert.deepEqual(updates, [{ previousRevision: 4, revision: 5, droppedOverrides: [], source: "network" }]);
  assert.equal(c.getString("checkout-layout", "z"), "b");
  // Same values under a new revision: an update, but no change.
  srv.serve(ruleset(6, { layout: "b" }), '"v6"');
  await c.refresh();
  assert.equal(changes.length, 1);
  assert.equal(updates.length, 2);
  // Context change: only the flags whose value differs for the new context.
  assert.deepEqual(c.setContext(WEB), ["new-checkout"]);
  assert.deepEqual(changes[1], ["new-checkout"]);
  assert.equal(c.isEnabled("new-checkout"), false);
  assert.deepEqual(c.setContext({ ...WEB }), []);
  assert.equal(changes.length, 2, "no event when nothing changed");
  c.close();
});

test("details events name the flags whose result changed in any field: a superset of change", async () => {
  fresh();
  srv.serve(ruleset(1), '"d1"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const events = [];
  c.on("change", (keys) => events.push(["change", keys]));
  c.on("details", (keys) => events.push(["details", keys]));
  // A value change is a details change too.
  c.setContext({ ...IOS, appVersion: "2.2.0" });
  assert.deepEqual(events.splice(0), [["change", ["new-checkout"]], ["details", ["new-checkout"]]]);
  assert.equal(c.getDetails("new-checkout").ruleId, "old-apps");
  // The same value (off) for another reason: details only.
  c.setContext(WEB);
  assert.deepEqual(events.splice(0), [["details", ["new-checkout"]]]);
  assert.equal(c.getDetails("new-checkout").reason, "DEFAULT");
  // A new ruleset whose only difference is a flag's metadata: details only, for that flag.
  const rs = ruleset(2);
  rs.flags["max-items"].metadata = { owner: "search" };
  srv.serve(rs, '"d2"');
  assert.equal(await c.refresh(), "updated");
  assert.deepEqual(events.splice(0), [["details", ["max-items"]]]);
  // Equal results (new objects from a new revision) are no change at all.
  srv.serve({ ...rs, revision: 3 }, '"d3"');
  assert.equal(await c.refresh(), "updated");
  assert.deepEqual(events, []);
  c.close();
});

test("HTTP 500 keeps the last good ruleset, emits error and stale, then fresh on recovery", async () => {
  fresh();
  srv.serve(ruleset(7), '"v7"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const errors = [];
  let staleEvents = 0;
  let freshEvents = 0;
  c.on("error", (e) => errors.push(e));
  c.on("stale", () => staleEvents++);
  c.on("fresh", () => freshEvents++);
  srv.state.status = 500;
  assert.equal(await c.refresh(), "failed");
  assert.equal(await c.refresh(), "failed");
  assert.equal(errors.length, 2);
  assert.equal(errors[0].code, "HTTP_ERROR");
  assert.equal(errors[0].status, 500);
  assert.equal(staleEvents, 1, "stale once per stale period");
  assert.equal(c.stale, true);
  assert.equal(c.revision, 7);
  assert.equal(c.isEnabled("new-checkout"), true);
  srv.state.status = 200;
  srv.serve(ruleset(8), '"v8"');
  assert.equal(await c.refresh(), "updated");
  assert.equal(freshEvents, 1);
  assert.equal(c.stale, false);
  assert.equal(c.lastError, undefined);
  c.close();
});

test("malformed JSON and an invalid ruleset are refused with their problems", async () => {
  fresh();
  srv.serve(ruleset(9), '"v9"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const errors = [];
  c.on("error", (e) => errors.push(e));
  srv.serve('{"schema": 1, "revision": 10, "flags": {', '"broken"');
  assert.equal(await c.refresh(), "failed");
  assert.equal(errors[0].code, "INVALID_RULESET");
  assert.equal(errors[0].problems[0].kind, "syntax");
  const bad = ruleset(10);
  bad.flags["new-checkout"].rules[0].when.op = "semverish";
  srv.serve(bad, '"bad"');
  assert.equal(await c.refresh(), "failed");
  assert.deepEqual(errors[1].problems.map((p) => [p.path, p.kind]), [["flags.new-checkout.rules[0].when.op", "unknown_operator"]]);
  assert.equal(c.revision, 9);
  assert.equal(c.isEnabled("new-checkout"), true);
  c.close();
});

test("a rollback to an older revision is refused", async () => {
  fresh();
  srv.serve(ruleset(12), '"v12"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const errors = [];
  c.on("error", (e) => errors.push(e));
  srv.serve(ruleset(11, { layout: "b" }), '"v11"');
  assert.equal(await c.refresh(), "failed");
  assert.equal(errors[0].code, "STALE_REVISION");
  assert.equal(errors[0].current, 12);
  assert.equal(errors[0].offered, 11);
  assert.equal(c.revision, 12);
  assert.equal(c.getString("checkout-layout", "z"), "a");
  c.close();
});

test("a slow response times out and keeps the last good ruleset", async () => {
  fresh();
  srv.serve(ruleset(13), '"v13"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false, requestTimeout: 150 });
  srv.serve(ruleset(14, { layout: "b" }), '"v14"');
  srv.state.delayMs = 600;
  const errors = [];
  c.on("error", (e) => errors.push(e));
  const t0 = Date.now();
  assert.equal(await c.refresh(), "failed");
  assert.ok(Date.now() - t0 < 550, "gave up at the timeout, not when the response came");
  assert.equal(errors[0].code, "TIMEOUT");
  assert.equal(c.revision, 13);
  srv.state.delayMs = 0;
  c.close();
});

test("polling backs off while requests fail", async () => {
  fresh();
  srv.serve(ruleset(15), '"v15"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false, pollInterval: 40, maxBackoff: 300 });
  // It polls on its own: wait (by events, not by the clock) for three more requests.
  await until(() => srv.state.requests.length >= 4);
  srv.state.status = 500;
  // Each failure doubles the delay before the next poll, up to maxBackoff.
  const delays = [];
  await new Promise((resolve) => {
    const off = c.on("error", () => {
      delays.push(c.nextPollDelay);
      if (delays.length === 4) { off(); resolve(); }
    });
  });
  assert.deepEqual(delays, [80, 160, 300, 300]);
  srv.state.status = 200;
  await nextEvent(c, "fresh", 5000);
  assert.equal(c.nextPollDelay, 40, "a success resets the delay");
  c.close();
  const count = srv.state.requests.length;
  await sleep(200);
  assert.equal(srv.state.requests.length, count, "close() stops polling");
  assert.equal(c.isEnabled("new-checkout"), true, "lookups still answer after close");
});

test("persisted last good ruleset: offline start, ETag restored", async () => {
  fresh();
  const storage = new MemoryStorage();
  srv.serve(ruleset(20, { layout: "b" }), '"v20"');
  const online = await createClient({ url: srv.url, context: IOS, storage, storageKey: "k" });
  assert.equal(online.revision, 20);
  online.close();
  // Offline: nothing listens there.
  const dead = await startServer();
  const deadUrl = dead.url;
  await dead.close();
  const offline = await createClient({ url: deadUrl, context: IOS, storage, storageKey: "k" });
  assert.equal(offline.revision, 20);
  assert.equal(offline.getString("checkout-layout", "z"), "b");
  await sleep(50);
  assert.equal(offline.lastError?.code, "NETWORK_ERROR");
  offline.close();
  // Back online: the persisted ETag is sent and the server answers 304.
  fresh();
  const again = await createClient({ url: srv.url, context: IOS, storage, storageKey: "k" });
  await again.refresh();
  assert.equal(srv.state.requests[0].ifNoneMatch, '"v20"');
  assert.equal(srv.state.requests[0].status, 304);
  again.close();
});

test("persisted vs bootstrap: the newer revision wins; corrupt records are dropped", async () => {
  const storage = new MemoryStorage();
  storage.set("k", JSON.stringify({ v: 1, ruleset: JSON.stringify(ruleset(30, { layout: "b" })) }));
  const a = await createClient({ bootstrap: ruleset(25), context: IOS, storage, storageKey: "k" });
  assert.equal(a.revision, 30);
  a.close();
  const b = await createClient({ bootstrap: ruleset(31), context: IOS, storage, storageKey: "k" });
  assert.equal(b.revision, 31);
  b.close();
  storage.set("k", "{not json");
  const c = await createClient({ bootstrap: ruleset(2), context: IOS, storage, storageKey: "k" });
  assert.equal(c.revision, 2);
  storage.set("k", JSON.stringify({ v: 1, ruleset: "{}" }));
  const d = await createClient({ bootstrap: ruleset(2), context: IOS, storage, storageKey: "k" });
  assert.equal(d.revision, 2);
  assert.equal(storage.get("k"), null, "an unloadable record is removed");
  c.close();
  d.close();
});

test("storage fallback: a throwing storage or localStorage never breaks the client", async () => {
  assert.ok(defaultStorage() instanceof MemoryStorage, "no localStorage in Node: memory");
  globalThis.localStorage = { setItem() { throw new Error("QuotaExceededError"); }, getItem() { return null; }, removeItem() {} };
  try {
    assert.ok(defaultStorage() instanceof MemoryStorage, "an unusable localStorage falls back to memory");
  } finally {
    delete globalThis.localStorage;
  }
  const broken = { get() { throw new Error("denied"); }, set() { throw new Error("denied"); }, remove() { throw new Error("denied"); } };
  fresh();
  srv.serve(ruleset(40), '"v40"');
  const c = await createClient({ url: srv.url, bootstrap: ruleset(1), context: IOS, storage: broken });
  const errors = [];
  c.on("error", (e) => errors.push(e));
  srv.serve(ruleset(41, { layout: "b" }), '"v41"');
  assert.equal(await c.refresh(), "updated");
  assert.equal(c.revision, 41);
  assert.equal(errors.length, 1, "the failed write is reported");
  assert.equal(errors[0].code, "STORAGE_ERROR");
  assert.equal(errors[0].message, 'could not persist the ruleset under "rollgate:' + srv.url + '": denied');
  c.close();
});

test("no ruleset anywhere and the server down: starts with defaults", async () => {
  const dead = await startServer();
  const url = dead.url;
  await dead.close();
  const c = await createClient({ url, context: IOS, storage: false });
  assert.equal(c.hasRuleset, false);
  assert.equal(c.lastError.code, "NETWORK_ERROR");
  assert.equal(c.getString("checkout-layout", "fallback"), "fallback");
  c.close();
});

test("a scheduled ramp step recomputes and emits change without a new ruleset", async () => {
  const soon = Date.now() + 200;
  const rs = ruleset(50, {
    extra: {
      "search-v2": { type: "boolean", variants: { on: true, off: false }, default: "off",
        rules: [{ id: "ramp", rollout: { steps: [{ at: soon, percent: 100 }], serve: "on" } }] },
    },
  });
  const c = await createClient({ bootstrap: rs, context: IOS, storage: false });
  assert.equal(c.isEnabled("search-v2"), false);
  const [changed] = await nextEvent(c, "change", 2000);
  assert.deepEqual(changed, ["search-v2"]);
  assert.ok(Date.now() >= soon);
  assert.equal(c.isEnabled("search-v2"), true);
  c.close();
});

test("onExposure fires once per flag and context", async () => {
  const seen = [];
  const c = await createClient({ bootstrap: ruleset(1), context: IOS, storage: false, onExposure: (e) => seen.push(e) });
  c.isEnabled("new-checkout");
  c.isEnabled("new-checkout");
  c.getDetails("new-checkout");
  c.getString("checkout-layout", "z");
  assert.equal(seen.length, 2);
  assert.deepEqual(
    { flag: seen[0].flag, value: seen[0].value, variant: seen[0].variant, reason: seen[0].reason, ruleId: seen[0].ruleId, revision: seen[0].revision },
    { flag: "new-checkout", value: true, variant: "on", reason: "SPLIT", ruleId: "mobile", revision: 1 },
  );
  assert.deepEqual(seen[0].context, IOS);
  c.isEnabled("missing");
  assert.equal(seen.length, 2, "unknown flags are not exposures");
  c.setContext(WEB);
  c.isEnabled("new-checkout");
  c.isEnabled("new-checkout");
  assert.equal(seen.length, 3);
  assert.equal(seen[2].value, false);
  c.close();
});

test("without an ETag, the same ruleset again is no update and no change", async () => {
  fresh();
  srv.serve(ruleset(60), undefined);
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const updates = [];
  const changes = [];
  c.on("update", (u) => updates.push(u));
  c.on("change", (keys) => changes.push(keys));
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(srv.state.requests.every((r) => r.ifNoneMatch === undefined && r.status === 200), true, "full 200 answers, no conditional requests");
  assert.deepEqual(updates, []);
  assert.deepEqual(changes, []);
  // A new text is an update, and a change only for the flags whose value changed.
  srv.serve(ruleset(61, { layout: "b" }), undefined);
  assert.equal(await c.refresh(), "updated");
  assert.deepEqual(updates, [{ previousRevision: 60, revision: 61, droppedOverrides: [], source: "network" }]);
  assert.deepEqual(changes, [["checkout-layout"]]);
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(updates.length, 1);
  c.close();
});

test("the persisted or bootstrapped text fetched again is no update", async () => {
  fresh();
  const text = JSON.stringify(ruleset(62));
  srv.serve(text, undefined);
  const storage = new MemoryStorage();
  const first = await createClient({ url: srv.url, context: IOS, storage, storageKey: "same" });
  first.close();
  for (const options of [{ storage, storageKey: "same" }, { storage: false, bootstrap: text }, { storage: false, bootstrap: ruleset(62) }]) {
    const c = await createClient({ url: srv.url, context: IOS, ...options });
    const updates = [];
    c.on("update", (u) => updates.push(u));
    assert.equal(await c.refresh(), "not-modified");
    assert.deepEqual(updates, [], JSON.stringify(Object.keys(options)));
    c.close();
  }
});

test("an HTML page served with 200 (a SPA fallback) says what came back and from where", async () => {
  fresh();
  srv.serve(ruleset(63), '"v63"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const errors = [];
  c.on("error", (e) => errors.push(e));
  srv.serve("<!doctype html><html><head><title>App</title></head></html>", '"html"', "text/html; charset=utf-8");
  assert.equal(await c.refresh(), "failed");
  assert.ok(errors[0] instanceof RollgateError);
  assert.equal(errors[0].code, "INVALID_RESPONSE");
  assert.equal(errors[0].message, `GET ${srv.url} returned text/html, not a ruleset: a body starting "<!doctype html><html><head><title>App</t"`);
  assert.deepEqual([errors[0].url, errors[0].status, errors[0].contentType], [srv.url, 200, "text/html; charset=utf-8"]);
  srv.serve("", undefined, "text/plain");
  await c.refresh();
  assert.equal(errors[1].message, `GET ${srv.url} returned text/plain, not a ruleset: an empty body`);
  assert.equal(c.revision, 63, "the last good ruleset stays");
  c.close();
  // With nothing local, the client starts on defaults and `lastError` says why.
  srv.serve("<html></html>", undefined, "text/html");
  const empty = await createClient({ url: srv.url, context: IOS, storage: false });
  assert.equal(empty.hasRuleset, false);
  assert.equal(empty.lastError.code, "INVALID_RESPONSE");
  empty.close();
});

test("load errors name the URL; refresh errors are RollgateErrors with the URL", async () => {
  fresh();
  srv.serve(ruleset(65), '"v65"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const errors = [];
  c.on("error", (e) => errors.push(e));
  const bad = ruleset(66);
  bad.flags["new-checkout"].rules[0].when.op = "semverish";
  srv.serve(bad, '"bad"');
  await c.refresh();
  srv.serve(ruleset(64), '"v64"');
  await c.refresh();
  srv.state.status = 503;
  await c.refresh();
  srv.state.status = 200;
  assert.ok(errors.every((e) => e instanceof RollgateError && e.url === srv.url));
  assert.deepEqual(errors.map((e) => e.code), ["INVALID_RULESET", "STALE_REVISION", "HTTP_ERROR"]);
  assert.match(errors[0].message, new RegExp(`^GET ${srv.url.replace(/[.]/g, "\\.")}: invalid ruleset \\(1 problem\\)\\n  flags\\.new-checkout\\.rules\\[0\\]\\.when\\.op: `));
  assert.equal(errors[0].problems[0].kind, "unknown_operator");
  assert.equal(errors[1].message, `GET ${srv.url}: refused revision 64: older than the current revision 65`);
  assert.deepEqual([errors[1].current, errors[1].offered], [65, 64]);
  assert.equal(errors[2].message, `GET ${srv.url}: HTTP 503`);
  c.close();
});

test("a relative or file: URL in Node is refused at once, pointing at bootstrap", async () => {
  for (const url of ["./flags.json", "/flags/prod.json", "file:///srv/flags.json"]) {
    await assert.rejects(createClient({ url, storage: false }), (e) => {
      assert.ok(e instanceof RollgateError);
      assert.equal(e.code, "INVALID_URL");
      assert.equal(e.url, url);
      assert.match(e.message, new RegExp(`^url "${url}"`));
      assert.match(e.message, /`bootstrap`/);
      return true;
    });
  }
  assert.equal((await import("node:util")).inspect(await createClient({ url: new URL(srv.url), storage: false })).startsWith("RollgateClient {"), true);
});

test("with no ruleset loaded, lookups say PROVIDER_NOT_READY, not FLAG_NOT_FOUND", async () => {
  const dead = await startServer();
  const url = dead.url;
  await dead.close();
  const c = await createClient({ url, context: IOS, storage: false });
  assert.equal(c.hasRuleset, false);
  assert.equal(c.getDetails("new-checkout").errorCode, "PROVIDER_NOT_READY");
  assert.equal(c.getDetails("new-checkout", "boolean").errorCode, "PROVIDER_NOT_READY");
  assert.equal(c.getBoolean("new-checkout", true), true);
  c.close();
  const loaded = await createClient({ bootstrap: ruleset(1), context: IOS, storage: false });
  assert.equal(loaded.getDetails("nope").errorCode, "FLAG_NOT_FOUND");
  loaded.close();
});

test("the client prints its state, not its engine", async () => {
  const { inspect } = await import("node:util");
  const c = await createClient({ bootstrap: ruleset(9), context: IOS, storage: false });
  const printed = inspect(c, { depth: 3 });
  assert.match(printed, /^RollgateClient \{\n {2}url: undefined,\n {2}revision: 9,\n {2}hasRuleset: true,\n {2}stale: false,/);
  assert.match(printed, /flags: \{ 'checkout-layout': 'a', 'max-items': 5, 'new-checkout': true \}/);
  assert.ok(!printed.includes("Int32Array") && !printed.includes("listeners"), printed);
  c.close();
});

test("defaults: requestTimeout 10 000 ms, maxBackoff 300 000 ms", async () => {
  const dead = await startServer();
  const url = dead.url;
  await dead.close();
  const delays = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms, ...rest) => { delays.push(ms); return realSetTimeout(fn, ms, ...rest); };
  let c;
  try {
    c = await createClient({ url, context: IOS, storage: false, pollInterval: 100_000 });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  assert.ok(delays.includes(10_000), `the request timer: ${delays}`);
  await c.refresh();
  await c.refresh();
  assert.equal(c.nextPollDelay, 300_000, "100 000 doubled three times, capped at 300 000");
  c.close();
});

test("with a bootstrap, createClient resolves at once and the fetch runs in the background", async () => {
  fresh();
  srv.serve(ruleset(71, { layout: "b" }), '"v71"');
  srv.state.delayMs = 300;
  const c = await createClient({ url: srv.url, bootstrap: ruleset(70), context: IOS, storage: false });
  assert.equal(c.revision, 70, "served from the bootstrap while the request is in flight");
  assert.equal(c.getString("checkout-layout", "z"), "a");
  const [update] = await nextEvent(c, "update", 5000);
  assert.deepEqual(update, { previousRevision: 70, revision: 71, droppedOverrides: [], source: "network" });
  assert.equal(c.getString("checkout-layout", "z"), "b");
  srv.state.delayMs = 0;
  c.close();
});

test("close() aborts a request in flight: no error, no update, lookups still answer", async () => {
  fresh();
  srv.serve(ruleset(72), '"v72"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false });
  const events = [];
  for (const name of ["error", "update", "stale"]) c.on(name, () => events.push(name));
  srv.serve(ruleset(73, { layout: "b" }), '"v73"');
  srv.state.delayMs = 2000;
  const pending = c.refresh();
  await sleep(50);
  c.close();
  assert.equal(await pending, "failed");
  assert.deepEqual(events, []);
  assert.equal(c.getString("checkout-layout", "z"), "a");
  srv.state.delayMs = 0;
});

test("onExposure fires again for a flag whose value a new ruleset changed, not for the others", async () => {
  fresh();
  srv.serve(ruleset(74), '"v74"');
  const seen = [];
  const c = await createClient({ url: srv.url, context: IOS, storage: false, onExposure: (e) => seen.push(`${e.flag}=${e.value}@${e.revision}`) });
  c.getString("checkout-layout", "z");
  c.isEnabled("new-checkout");
  srv.serve(ruleset(75, { layout: "b" }), '"v75"');
  assert.equal(await c.refresh(), "updated");
  c.getString("checkout-layout", "z");
  c.isEnabled("new-checkout");
  assert.deepEqual(seen, ["checkout-layout=a@74", "new-checkout=true@74", "checkout-layout=b@75"]);
  c.close();
});
