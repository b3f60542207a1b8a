// rollgate/devtools in Node (the panel itself runs in devtools.chromium.test.mjs):
//   - the entry: its exports, types for import and require, free of side effects, not imported
//     by the main entry, and importable where there is no DOM;
//   - what the panel lists: every flag's served result, sorted, without firing exposures, with
//     the variants an override can choose; the search by key; the last fetch and its error;
//   - feature detection: override controls only for a client with all four override methods;
//     explain through `client.explain` when the client has one (synchronous or a Promise),
//     else through its engine at the client's time;
//   - the "why?" trace, the lines the debug module's `explain` hands out, is the text
//     `rollgate explain` prints (the CLI built by cargo), for every flag of examples/flags.json
//     and fifty-three contexts; the panel styles them by the core's verdicts.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createClient, Engine } from "rollgate";
import { createTestClient } from "rollgate/testing";
import * as devtools from "rollgate/devtools";
import { contextLines, explainFor, flagRows, lastFetchText, matches, overrideControls, reasonText, ruleText, statusText, valueText } from "../dist/devtools/model.js";
import { lineClass, traceLines } from "../dist/devtools/trace.js";
import { NPM_DIR, ROOT, rollgateCli } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const EXAMPLE = path.join(ROOT, "examples", "flags.json");
const example = JSON.parse(readFileSync(EXAMPLE, "utf8"));
const users = readFileSync(path.join(ROOT, "examples", "users.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
const NOW = Date.parse("2026-12-04T12:00:00Z"); // inside search-v2's ramp (5%)

const srv = await startServer();
after(() => srv.close());

test("rollgate/devtools: an entry of its own with types for import and require; free of side effects; not in the main entry; importable without a DOM", () => {
  const pkg = JSON.parse(readFileSync(path.join(NPM_DIR, "package.json"), "utf8"));
  assert.deepEqual(pkg.exports["./devtools"], {
    types: { require: "./dist/cjs-types/devtools.d.ts", default: "./dist/devtools.d.ts" },
    default: "./dist/devtools.js",
  });
  assert.deepEqual(pkg.typesVersions["*"].devtools, ["./dist/devtools.d.ts"]);
  assert.ok(!pkg.sideEffects.includes("./dist/devtools.js"));
  for (const main of readdirSync(path.join(NPM_DIR, "dist")).filter((f) => f.endsWith(".js") && f !== "devtools.js")) {
    assert.doesNotMatch(readFileSync(path.join(NPM_DIR, "dist", main), "utf8"), /from "\.\/devtools/, main);
  }
  // Imported in Node (server rendering, tests): no HTMLElement, and nothing defined until asked.
  assert.equal(typeof globalThis.HTMLElement, "undefined");
  assert.deepEqual(Object.keys(devtools).sort(), ["DEVTOOLS_TAG", "RollgateDevtools", "defineDevtools", "mountDevtools"]);
  assert.equal(devtools.DEVTOOLS_TAG, "rollgate-devtools");
});

test("rows: every flag's served result, sorted by key, with its variants; looking fires no exposure", async () => {
  const exposures = [];
  const context = users[0];
  const client = await createClient({ bootstrap: example, context, storage: false, onExposure: (e) => exposures.push(e.flag), now: () => NOW });
  const rows = flagRows(client);
  assert.deepEqual(rows.map((r) => r.key), Object.keys(example.flags).sort());
  assert.deepEqual(exposures, [], "the panel's reads are not exposures");
  for (const row of rows) {
    assert.deepEqual(row.variants, Object.keys(example.flags[row.key].variants), row.key);
    assert.equal(row.override, undefined);
    assert.deepEqual(row.result, client.getDetails(row.key), row.key);
  }
  const engine = await Engine.create(example);
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.key, r.result.variant])),
    Object.fromEntries([...engine.evaluateAll(context, NOW).toMap()].map(([k, r]) => [k, r.variant])));
  engine.free();
  // Search by key, case-insensitive; blank shows everything.
  assert.deepEqual(rows.filter((r) => matches(r, " DARK ")).map((r) => r.key), ["dark-mode", "dark-mode-v2"]);
  assert.equal(rows.filter((r) => matches(r, "")).length, rows.length);
  assert.deepEqual(rows.filter((r) => matches(r, "classic")).map((r) => r.key), [], "values are not searched: keys only");
  client.close();
});

test("cells: a value as JSON, the reason with its error code, the rule or the failed prerequisite, the status and context in lines", async () => {
  const engine = await Engine.create(example);
  // dark-mode-v2 needs dark-mode on: off for a user outside its rollout and the beta segment.
  const outside = users.find((u) => engine.evaluate("dark-mode", u, { now: NOW }).variant === "off");
  const failed = engine.evaluate("dark-mode-v2", outside, { now: NOW });
  assert.equal(failed.reason, "PREREQUISITE_FAILED");
  assert.equal(ruleText(failed), "prerequisite dark-mode");
  const split = engine.evaluate("checkout-layout", users[0], { now: NOW });
  assert.deepEqual([valueText(split.value), ruleText(split)], [JSON.stringify(split.value), "abc-test"]);
  const missing = engine.evaluate("checkout-layout", {}, { now: NOW });
  assert.equal(ruleText(missing), missing.unitMissing === undefined ? "—" : `no ${missing.unitMissing}`);
  const unknown = engine.evaluate("no-such-flag", users[0]);
  assert.deepEqual([valueText(unknown.value), reasonText(unknown), ruleText(unknown)], ["—", "ERROR FLAG_NOT_FOUND", "—"]);
  engine.free();
  assert.equal(statusText({ source: "storage", ready: true, stale: true, error: undefined, revision: 3 }), "storage · ready · stale · revision 3");
  assert.equal(statusText({ source: "defaults", ready: false, stale: false, error: undefined, revision: 0 }), "defaults · not ready · revision 0");
  assert.deepEqual(contextLines({ userId: "u1", appVersion: "2.4.0", gone: undefined, tags: ["a", "b"] }), ['appVersion = "2.4.0"', 'tags = ["a","b"]', 'userId = "u1"']);
});

test("rows of the test client: asked flag by flag; no engine, so no variants to override with", () => {
  const fake = createTestClient({ "new-checkout": true, "checkout-layout": "B" });
  const rows = flagRows(fake);
  assert.deepEqual(rows.map((r) => [r.key, r.result.value, r.result.reason, r.variants]), [
    ["checkout-layout", "B", "STATIC", []],
    ["new-checkout", true, "STATIC", []],
  ]);
  assert.equal(lastFetchText(fake), "—", "a client that does not report its fetches");
});

test("the last fetch: none yet, then when it ended and how; a failure with its code", async () => {
  srv.serve(example, '"v1"');
  const client = await createClient({ url: srv.url, storage: false });
  assert.match(lastFetchText(client), /^\d\d:\d\d:\d\d UTC updated$/);
  assert.equal(client.lastFetch.result, "updated");
  assert.ok(Math.abs(client.lastFetch.at - Date.now()) < 60_000);
  srv.state.status = 500;
  await client.refresh();
  assert.match(lastFetchText(client), /^\d\d:\d\d:\d\d UTC failed \(HTTP_ERROR\)$/);
  assert.equal(client.lastFetch.error, client.lastError);
  srv.state.status = 200;
  await client.refresh();
  assert.match(lastFetchText(client), /^\d\d:\d\d:\d\d UTC not-modified$/);
  client.close();
  const local = await createClient({ bootstrap: example, storage: false });
  assert.equal(lastFetchText(local), "none yet");
  local.close();
});

test("override controls: offered only for a client with all four override methods", () => {
  const methods = { setOverride() {}, clearOverride() {}, clearOverrides() {}, overrides: () => ({ a: "on" }) };
  const testClient = createTestClient({ a: true });
  assert.equal(overrideControls(testClient), testClient, "the test client has overrides, as the real one does");
  // A client of an older version of the package, without overrides.
  const without = () => Object.assign(createTestClient({ a: true }), { setOverride: undefined, clearOverride: undefined, clearOverrides: undefined, overrides: undefined });
  assert.equal(overrideControls(without()), undefined);
  const { clearOverrides: _, ...three } = methods;
  assert.equal(overrideControls(Object.assign(without(), three)), undefined, "three of four");
  const full = Object.assign(without(), methods);
  assert.equal(overrideControls(full), full);
  assert.deepEqual(flagRows(full).map((r) => r.override), ["on"]);
});

test("explain: client.explain when it has one, sync or a Promise; else its engine at the client's time; else a clear error", async () => {
  const client = await createClient({ bootstrap: example, context: users[1], storage: false });
  const before = Date.now();
  const explained = await explainFor(client, "search-v2");
  assert.ok(explained.now >= before && explained.now <= Date.now(), "now, on the client's clock (no offset measured)");
  const engine = await Engine.create(example);
  assert.deepEqual(explained, await engine.explain("search-v2", users[1], explained.now), "through the engine");
  engine.free();
  const trace = { flag: "x" };
  const calls = [];
  const sync = Object.assign(createTestClient({}), { explain: (key) => (calls.push(key), trace) });
  assert.equal(await explainFor(sync, "a"), trace);
  const lazy = Object.assign(createTestClient({}), { explain: async (key) => (calls.push(key), await Promise.resolve(), trace) });
  assert.equal(await explainFor(lazy, "b"), trace);
  assert.deepEqual(calls, ["a", "b"]);
  await assert.rejects(explainFor(createTestClient({}), "a"), /this client cannot explain its flags \(it has no engine\)/);
  const pending = (await import("rollgate")).createClientSync({ static: true, server: { v: 1, revision: 1, ready: true, context: {}, evaluatedAt: 0, results: {} } });
  await assert.rejects(explainFor(pending, "a"), (e) => e.code === "NOT_INITIALIZED");
  client.close();
});

test("the why? trace reads as `rollgate explain` prints it: every flag of examples/flags.json, 50 users and odd contexts", async () => {
  const cli = rollgateCli();
  const engine = await Engine.create(example);
  const contexts = [...users.slice(0, 50), {}, { userId: 7, appVersion: "not-a-version", platform: ["ios"] }, { email: "ops@acme.com" }];
  let compared = 0;
  const kinds = new Set();
  for (const context of contexts) {
    for (const flag of Object.keys(example.flags)) {
      const lines = traceLines(await engine.explain(flag, context, NOW));
      for (const line of lines) kinds.add(line.text.split(/[ .]/)[0]);
      const run = spawnSync(cli, ["explain", EXAMPLE, "--flag", flag, "--context", JSON.stringify(context), "--now", String(NOW)], { encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const text = lines.map((line) => `${"  ".repeat(line.depth)}${line.text}\n`).join("");
      assert.equal(text, run.stdout, `${flag} for ${JSON.stringify(context)}`);
      compared++;
    }
  }
  engine.free();
  assert.equal(compared, 53 * 8);
  // The comparison covered every kind of line: result, kill switch, prerequisite, rule, check, rollout, split, default.
  for (const kind of ["flag", "the", "prerequisite", "rule", "when", "rollout", "split", "no", "evaluated"]) assert.ok(kinds.has(kind), kind);
});

test("the why? lines: the panel's classes from their depth and verdict; a clear error for an explanation without lines", async () => {
  const engine = await Engine.create(example);
  const lines = traceLines(await engine.explain("new-checkout", users[0], NOW));
  engine.free();
  const classes = Object.fromEntries(lines.map((line) => [line.text.replace(/:.*/, ""), lineClass(line)]));
  assert.equal(classes["flag new-checkout"], "depth0", "the result tests nothing");
  // users[0] runs appVersion 2.3.0: old-apps (<2.3.0 || 2.5.1) does not match; a later rule does.
  assert.equal(classes["rule old-apps"], "depth1 fail");
  assert.equal(classes['when appVersion semver "<2.3.0 || 2.5.1"'], "depth2 fail");
  assert.equal(lineClass(lines.find((line) => line.text.endsWith(": matched"))), "depth1 pass");
  assert.equal(classes["evaluated at 2026-12-04T12"], "depth1", "the closing line tests nothing");
  assert.equal(lineClass({ depth: 2, text: "x", verdict: true }), "depth2 pass");
  assert.equal(lineClass({ depth: 1, text: "x", verdict: false }), "depth1 fail");
  assert.equal(lineClass({ depth: 1, text: "x", verdict: null }), "depth1");
  for (const without of [{ flag: "x" }, null, undefined]) {
    assert.throws(() => traceLines(without), /the explanation has no trace lines \(`lines`, from rollgate's explain\)/);
  }
});
