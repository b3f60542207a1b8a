// Server rendering in Node: the state a server puts into a page (serverState, its safe
// serialization, readServerState), and the client made from it (createClientSync), which
// answers before the .wasm is loaded with exactly the server's results and hands over to its
// engine with a change event only for values that really change. The state is made in another
// Node process, as a server would make it; the .wasm of this process is held back by the test.
// The same in Chromium, with React's hydration: ssr.chromium.test.mjs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as rollgate from "rollgate";
import { createClient, createClientSync, isInitialized, MemoryStorage, readServerState, serializeServerState, serverState } from "rollgate";
import { NPM_DIR, ruleset } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
const WASM = path.join(NPM_DIR, "pkg", "rollgate_bg.wasm");
const srv = await startServer();
after(() => srv.close());

/** What a server process renders for `context` from `rs`: the state, parsed from its serialized text. */
function renderedByServer(rs, context, include) {
  const code = `
    import { createClient, serverState, serializeServerState } from "rollgate";
    const flags = await createClient({ bootstrap: ${JSON.stringify(JSON.stringify(rs))}, storage: false });
    process.stdout.write(serializeServerState(serverState(flags, ${JSON.stringify(context)}, { include: ${JSON.stringify(include)} })));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: NPM_DIR, encoding: "utf8" }));
}

/** Records a client's change, details, update and status events. */
function record(client) {
  const events = [];
  for (const name of ["change", "details", "update", "status"]) client.on(name, (arg) => events.push([name, arg]));
  return events;
}

test("createClientSync answers with the server's results before the .wasm is loaded, and its engine takes over without events", async () => {
  const values = renderedByServer(ruleset(7, { layout: "b" }), IOS, "values");
  const withRuleset = renderedByServer(ruleset(7, { layout: "b" }), IOS, "ruleset");
  assert.equal(values.ruleset, undefined);
  assert.equal(JSON.parse(withRuleset.ruleset).revision, 7);

  let release;
  const wasm = new Promise((resolve) => { release = () => resolve(readFileSync(WASM)); });
  const a = createClientSync({ server: values, storage: false, wasm });
  const b = createClientSync({ server: withRuleset, storage: false });
  assert.equal(isInitialized(), false, "the .wasm is held back");
  for (const c of [a, b]) {
    assert.equal(c.isEnabled("new-checkout"), true);
    assert.equal(c.getString("checkout-layout", "?"), "b");
    assert.equal(c.getNumber("max-items", 0), 5);
    assert.deepEqual(JSON.parse(JSON.stringify(c.getDetails("new-checkout"))), values.results["new-checkout"]);
    assert.equal(c.getDetails("new-checkout").ruleId, "mobile");
    assert.equal(c.getDetails("missing").errorCode, "FLAG_NOT_FOUND");
    assert.deepEqual(c.getContext(), IOS);
    assert.deepEqual(c.status, { source: "server", ready: true, stale: false, error: undefined, revision: 7 });
    assert.equal(c.hasRuleset, true);
    assert.throws(() => c.engine, { code: "NOT_INITIALIZED", message: /not ready yet: `await client.started`/ });
  }
  const eventsA = record(a);
  const eventsB = record(b);
  release();
  await Promise.all([a.started, b.started]);
  assert.equal(isInitialized(), true);
  // Values only, nothing local: the server's values stay (the engine has no ruleset to evaluate).
  assert.deepEqual(eventsA, []);
  assert.equal(a.engine.revision, 0);
  assert.equal(a.status.source, "server");
  // With the ruleset: the engine serves it, with the same results, so no event at all.
  assert.deepEqual(eventsB, []);
  assert.equal(b.engine.revision, 7);
  assert.deepEqual(b.status, { source: "server", ready: true, stale: false, error: undefined, revision: 7 });
  a.close();
  b.close();
});

test("serverState: the request's context evaluated by the server's engine; the ruleset's text only with include: ruleset", async () => {
  const flags = await createClient({ bootstrap: ruleset(7), storage: false, context: { userId: "server" } });
  const before = Date.now();
  const state = serverState(flags, { ...IOS, signedUpAt: new Date("2030-01-01T00:00:00Z") });
  assert.equal(state.v, 1);
  assert.equal(state.ready, true);
  assert.equal(state.revision, 7);
  assert.ok(state.evaluatedAt >= before && state.evaluatedAt <= Date.now());
  assert.deepEqual(state.context, { ...IOS, signedUpAt: "2030-01-01T00:00:00.000Z" }, "as JSON");
  for (const flag of flags.engine.flagKeys()) {
    assert.deepEqual(state.results[flag], JSON.parse(JSON.stringify(flags.engine.evaluate(flag, IOS))), flag);
  }
  assert.equal(state.ruleset, undefined);
  const size = serializeServerState(serverState(flags, IOS)).length;
  assert.ok(size > 100 && size < 1000, `a few hundred bytes for three flags: ${size}`);
  assert.equal(serverState(flags, IOS, { include: "ruleset" }).ruleset, JSON.stringify(ruleset(7)));
  assert.equal(serverState(flags, { ...IOS, platform: "web" }).results["new-checkout"].value, false);
  assert.throws(() => serverState(flags, { address: { city: "x" } }), { code: "INVALID_CONTEXT" });
  const empty = await createClient({ storage: false });
  const notReady = serverState(empty, IOS);
  assert.deepEqual(notReady, { v: 1, ready: false, revision: 0, context: IOS, evaluatedAt: notReady.evaluatedAt, results: {} });
  const none = createClientSync({ server: serverState(empty, IOS), storage: false });
  assert.deepEqual(none.status, { source: "defaults", ready: false, stale: false, error: undefined, revision: 0 });
  assert.equal(none.getDetails("new-checkout").errorCode, "PROVIDER_NOT_READY");
  none.close();
  empty.close();
  flags.close();
});

test("serializeServerState: no </script>, <!-- or raw U+2028/U+2029 in the text, which parses back to the same state", async () => {
  const hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 & ' \"";
  const rs = ruleset(3, { extra: { banner: { type: "string", variants: { x: hostile }, default: "x" } } });
  const flags = await createClient({ bootstrap: rs, storage: false });
  const state = serverState(flags, { userId: "</script>" }, { include: "ruleset" });
  const text = serializeServerState(state);
  assert.ok(!text.includes("<"), text);
  assert.ok(!/[\u2028\u2029]/.test(text));
  assert.match(text, /\\u003c\/script>/);
  assert.deepEqual(JSON.parse(text), state);
  assert.equal(JSON.parse(text).results.banner.value, hostile);
  // Inside the element an HTML parser ends at the first "</script", so none may be in the text.
  const html = `<script type="application/json" id="rollgate-state">${text}</script>`;
  assert.equal(html.toLowerCase().indexOf("</script"), html.length - "</script>".length);
  flags.close();
});

test("readServerState: the element's state; undefined without the element; INVALID_STATE naming the element and the field", async () => {
  const flags = await createClient({ bootstrap: ruleset(2), storage: false });
  const state = serverState(flags, IOS);
  const page = (elements) => ({ getElementById: (id) => (id in elements ? { textContent: elements[id] } : null) });
  assert.deepEqual(readServerState("rollgate-state", page({ "rollgate-state": serializeServerState(state) })), state);
  assert.deepEqual(readServerState("other", page({ other: serializeServerState(state) })), state);
  assert.equal(readServerState("rollgate-state", page({})), undefined);
  assert.throws(() => readServerState("rollgate-state", page({ "rollgate-state": "{" })), (e) => {
    assert.equal(e.code, "INVALID_STATE");
    assert.match(e.message, /^#rollgate-state: not JSON: /);
    return true;
  });
  const broken = (change) => JSON.stringify({ ...state, ...change });
  const cases = [
    [{ v: 2 }, "#rollgate-state.v: format 2 is not 1: the page was rendered by another version of rollgate"],
    [{ revision: -1 }, "#rollgate-state.revision: not a whole number ≥ 0"],
    [{ results: { "new-checkout": { value: true } } }, `#rollgate-state.results["new-checkout"]: not a result (no reason)`],
    [{ ruleset: {} }, "#rollgate-state.ruleset: not the ruleset's JSON text"],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => readServerState("rollgate-state", page({ "rollgate-state": broken(change) })), { name: "RollgateError", code: "INVALID_STATE", message });
  }
  assert.throws(() => createClientSync({ server: { ...state, context: null } }), { code: "INVALID_STATE", message: "server.context: not an object of attributes", path: "server.context" });
  assert.throws(() => createClientSync({ server: state, context: IOS }), { code: "INVALID_CONTEXT", message: /`context` and `server` both given/ });
  flags.close();
});

test("server values against the local rulesets: a newer persisted ruleset takes over with a change event; an older one does not", async () => {
  const state = renderedByServer(ruleset(7), IOS, "values");
  // Newer on the device (revision 8, layout B): the app moves to it, announcing what changed.
  const newer = new MemoryStorage();
  newer.set("k", JSON.stringify({ v: 1, ruleset: JSON.stringify(ruleset(8, { layout: "b" })) }));
  const c = createClientSync({ server: state, storage: newer, storageKey: "k" });
  const events = record(c);
  assert.equal(c.getString("checkout-layout", "?"), "a");
  await c.started;
  assert.deepEqual(events, [
    ["change", ["checkout-layout"]],
    ["details", ["checkout-layout"]],
    ["status", { source: "storage", ready: true, stale: false, error: undefined, revision: 8 }],
  ]);
  assert.equal(c.getString("checkout-layout", "?"), "b");
  c.close();

  // The same revision on the device: evaluated locally, the same values: no change, source storage.
  const same = new MemoryStorage();
  same.set("k", JSON.stringify({ v: 1, ruleset: JSON.stringify(ruleset(7)) }));
  const d = createClientSync({ server: state, storage: same, storageKey: "k" });
  const eventsD = record(d);
  await d.started;
  assert.deepEqual(eventsD, [["status", { source: "storage", ready: true, stale: false, error: undefined, revision: 7 }]]);
  d.close();

  // A revision-0 ruleset on the server, nothing on the device: the server's values stay.
  const zero = createClientSync({ server: renderedByServer(ruleset(0), IOS, "values"), storage: false });
  await zero.started;
  assert.deepEqual([zero.getString("checkout-layout", "?"), zero.status.source, zero.status.ready], ["a", "server", true]);
  zero.close();

  // Older on the device (revision 5, layout B): the server's values stay; a context change
  // then evaluates with the older ruleset, the best the client has for a context the server
  // did not evaluate.
  const older = new MemoryStorage();
  older.set("k", JSON.stringify({ v: 1, ruleset: JSON.stringify(ruleset(5, { layout: "b" })) }));
  const e = createClientSync({ server: state, storage: older, storageKey: "k" });
  const eventsE = record(e);
  await e.started;
  assert.deepEqual(eventsE, []);
  assert.equal(e.getString("checkout-layout", "?"), "a");
  assert.equal(e.status.source, "server");
  assert.deepEqual(e.setContext(IOS), [], "the same attributes keep the server's values");
  assert.equal(e.status.source, "server");
  assert.deepEqual(e.setContext({ ...IOS, userId: "u2" }), ["checkout-layout"]);
  assert.deepEqual(e.status, { source: "storage", ready: true, stale: false, error: undefined, revision: 5 });
  e.close();
});

test("server values and the network: a ruleset at least as new replaces them (update); an older one (a CDN behind the server) does not", async () => {
  const state = renderedByServer(ruleset(7), IOS, "values");
  srv.serve(ruleset(6, { layout: "b" }), '"v6"');
  const c = createClientSync({ server: state, url: srv.url, storage: false });
  const events = record(c);
  await c.started;
  assert.equal(await c.refresh(), "updated", "the first fetch (in flight: the client had values to serve) loaded revision 6");
  assert.deepEqual(events, [], "revision 6 is kept for context changes; the server's values of revision 7 stay");
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(c.getString("checkout-layout", "?"), "a");
  assert.equal(c.engine.revision, 6);
  srv.serve(ruleset(9, { layout: "b" }), '"v9"');
  assert.equal(await c.refresh(), "updated");
  assert.deepEqual(events, [
    ["change", ["checkout-layout"]],
    ["details", ["checkout-layout"]],
    ["update", { previousRevision: 7, revision: 9, source: "network" }],
    ["status", { source: "network", ready: true, stale: false, error: undefined, revision: 9 }],
  ]);
  c.close();
});

test("a ruleset in the state: context changes are evaluated in the browser; values only: fallbacks until a ruleset arrives", async () => {
  const withRuleset = createClientSync({ server: renderedByServer(ruleset(7), IOS, "ruleset"), storage: false });
  await withRuleset.started;
  assert.deepEqual(withRuleset.setContext({ ...IOS, appVersion: "2.2.0" }), ["new-checkout"]);
  assert.equal(withRuleset.getDetails("new-checkout").ruleId, "old-apps");
  assert.equal(withRuleset.status.source, "server");
  withRuleset.close();

  const valuesOnly = createClientSync({ server: renderedByServer(ruleset(7), IOS, "values"), storage: false });
  await valuesOnly.started;
  const events = record(valuesOnly);
  assert.deepEqual(valuesOnly.setContext({ ...IOS, appVersion: "2.2.0" }), ["checkout-layout", "max-items", "new-checkout"]);
  assert.equal(valuesOnly.getString("checkout-layout", "fallback"), "fallback");
  assert.equal(valuesOnly.getDetails("new-checkout").errorCode, "PROVIDER_NOT_READY");
  assert.deepEqual(events.at(-1), ["status", { source: "defaults", ready: false, stale: false, error: undefined, revision: 0 }]);
  valuesOnly.close();
});

test("static: answers from the state only; no engine, no storage, no request", async () => {
  srv.state.requests.length = 0;
  const storage = new MemoryStorage();
  const c = createClientSync({ server: renderedByServer(ruleset(7), IOS, "ruleset"), static: true, url: srv.url, storage });
  await c.started;
  assert.equal(await c.refresh(), "not-modified");
  assert.equal(c.isEnabled("new-checkout"), true);
  assert.deepEqual(c.status, { source: "server", ready: true, stale: false, error: undefined, revision: 7 });
  assert.throws(() => c.engine, { code: "NOT_INITIALIZED", message: "a static client has no engine: it answers from its server state only" });
  assert.deepEqual(srv.state.requests, []);
  assert.equal(storage.get("rollgate:" + srv.url), null);
  c.close();
});

test("a .wasm that cannot load: the client keeps the server's values and reports WASM_LOAD_FAILED; createClient rejects", () => {
  const state = renderedByServer(ruleset(7), IOS, "values");
  const code = `
    import { createClient, createClientSync } from "rollgate";
    const state = ${JSON.stringify(state)};
    const c = createClientSync({ server: state, storage: false, wasm: new Uint8Array([0, 1, 2]) });
    const errors = [];
    c.on("error", (e) => errors.push(e.code));
    await c.started;
    let rejected;
    try { await createClient({ wasm: new Uint8Array([0, 1, 2]) }); } catch (e) { rejected = e.code; }
    console.log(JSON.stringify({ errors, status: { ...c.status, error: c.status.error?.code }, layout: c.getString("checkout-layout", "?"), rejected }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: NPM_DIR, encoding: "utf8" }));
  assert.deepEqual(out, {
    errors: ["WASM_LOAD_FAILED"],
    status: { source: "server", ready: true, stale: false, error: "WASM_LOAD_FAILED", revision: 7 },
    layout: "a",
    rejected: "WASM_LOAD_FAILED",
  });
});

test("the entry points export the server rendering API", () => {
  for (const name of ["createClientSync", "serverState", "serializeServerState", "readServerState"]) assert.equal(typeof rollgate[name], "function", name);
});
