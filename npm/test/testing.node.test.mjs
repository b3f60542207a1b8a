// rollgate/testing: the test client answers like the real client, changes values and emits
// events on demand, has every member of the real client's interface, and stands in for the
// real client behind the OpenFeature provider.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { OpenFeature } from "@openfeature/web-sdk";
import { readFileSync } from "node:fs";
import path from "node:path";
import { RollgateError, createClient } from "rollgate";
import { RollgateProvider } from "rollgate/openfeature";
import { createTestClient } from "rollgate/testing";
import { NPM_DIR, ruleset } from "./helpers.mjs";

after(() => OpenFeature.close());

test("createTestClient answers synchronously, as the real client does", () => {
  const c = createTestClient({ "new-checkout": true, "checkout-layout": "B", "max-items": 5, theme: { color: "red", sizes: [1, 2] } });
  assert.equal(c.isEnabled("new-checkout"), true);
  assert.equal(c.getBoolean("new-checkout", false), true);
  assert.equal(c.getString("checkout-layout", "A"), "B");
  assert.equal(c.getNumber("max-items", 0), 5);
  assert.deepEqual(c.getObject("theme", {}), { color: "red", sizes: [1, 2] });
  assert.ok(Object.isFrozen(c.getObject("theme", {})) && Object.isFrozen(c.getObject("theme", {}).sizes), "object values are frozen, deeply");
  // Fallbacks: a missing flag or another type.
  assert.equal(c.isEnabled("missing"), false);
  assert.equal(c.getString("new-checkout", "fallback"), "fallback");
  assert.equal(c.getNumber("checkout-layout", 7), 7);
  assert.deepEqual(c.allFlags(), { "new-checkout": true, "checkout-layout": "B", "max-items": 5, theme: { color: "red", sizes: [1, 2] } });
  assert.equal(c.hasRuleset, true);
  assert.equal(c.revision, 1);
  assert.equal(c.stale, false);
  assert.equal(c.lastError, undefined);
});

test("details: reason STATIC, the variant named after the value; FLAG_NOT_FOUND and TYPE_MISMATCH as the real client", async () => {
  const c = createTestClient({ "new-checkout": true, "checkout-layout": "B", "max-items": 5, theme: { color: "red" } });
  const shape = (r) => ({ value: r.value, variant: r.variant, reason: r.reason, ruleId: r.ruleId, errorCode: r.errorCode, type: r.type });
  assert.deepEqual(shape(c.getDetails("checkout-layout")), { value: "B", variant: "B", reason: "STATIC", ruleId: undefined, errorCode: undefined, type: "string" });
  assert.deepEqual(shape(c.getDetails("new-checkout")), { value: true, variant: "true", reason: "STATIC", ruleId: undefined, errorCode: undefined, type: "boolean" });
  assert.equal(c.getDetails("max-items").variant, "5");
  assert.equal(c.getDetails("theme").variant, "object");
  // The real client, on a ruleset with the same flags, for the same two error lookups.
  const real = await createClient({ bootstrap: ruleset(1), storage: false });
  for (const [key, type] of [["missing", undefined], ["new-checkout", "string"]]) {
    // (The ruleset's flag has metadata; a test value has none.)
    assert.deepEqual(c.getDetails(key, type), { ...real.getDetails(key, type), metadata: undefined }, `${key} ${type}`);
  }
  assert.deepEqual(Object.keys(c.getDetails("checkout-layout")), Object.keys(real.getDetails("checkout-layout")), "the same fields");
  real.close();
});

test("set and setAll change values and emit change and details with exactly the flags whose value changed", () => {
  const c = createTestClient({ "new-checkout": true, "checkout-layout": "B" });
  const events = [];
  c.on("change", (keys) => events.push(["change", keys]));
  c.on("details", (keys) => events.push(["details", keys]));
  const unchanged = c.getDetails("new-checkout");

  assert.deepEqual(c.set("checkout-layout", "C"), ["checkout-layout"]);
  assert.equal(c.getString("checkout-layout", "A"), "C");
  assert.deepEqual(c.set("checkout-layout", "C"), [], "the same value again changes nothing");
  assert.deepEqual(c.set("max-items", 9), ["max-items"]);
  assert.deepEqual(c.set("max-items", undefined), ["max-items"], "undefined removes the flag");
  assert.equal(c.getNumber("max-items", 1), 1);
  assert.equal(c.getDetails("new-checkout"), unchanged, "an unchanged flag keeps its result object");

  assert.deepEqual(c.setAll({ "new-checkout": false, theme: { color: "blue" } }), ["new-checkout", "theme", "checkout-layout"]);
  assert.deepEqual(c.allFlags(), { "new-checkout": false, theme: { color: "blue" } });
  assert.deepEqual(c.setAll({ "new-checkout": false, theme: { color: "blue" } }), [], "equal objects are no change");
  assert.deepEqual(events, [
    ["change", ["checkout-layout"]], ["details", ["checkout-layout"]],
    ["change", ["max-items"]], ["details", ["max-items"]],
    ["change", ["max-items"]], ["details", ["max-items"]],
    ["change", ["new-checkout", "theme", "checkout-layout"]], ["details", ["new-checkout", "theme", "checkout-layout"]],
  ]);
});

test("emit sends any event and keeps the state it describes: error, stale, fresh, update", () => {
  const c = createTestClient({ "new-checkout": true });
  const seen = [];
  for (const event of ["change", "update", "error", "stale", "fresh", "warning"]) c.on(event, (...args) => seen.push([event, ...args]));
  const offline = new RollgateError("NETWORK_ERROR", "GET /flags.json: offline");
  c.emit("error", offline);
  assert.equal(c.lastError, offline);
  assert.equal(c.stale, false);
  c.emit("stale", offline);
  assert.equal(c.stale, true);
  c.emit("fresh");
  assert.equal(c.stale, false);
  assert.equal(c.lastError, undefined);
  c.emit("update", { previousRevision: 1, revision: 4, source: "network" });
  assert.equal(c.revision, 4);
  c.emit("change", ["new-checkout"]);
  assert.deepEqual(seen.map(([event]) => event), ["error", "stale", "fresh", "update", "change"]);
  assert.equal(seen[0][1], offline);
  assert.deepEqual(seen[4][1], ["new-checkout"]);
  assert.equal(c.isEnabled("new-checkout"), true, "an emitted change changes no value");
});

test("status: the source given (default bootstrap), the stale state and error emitted, and a status event after each change", () => {
  const c = createTestClient({ "new-checkout": true }, { revision: 3 });
  assert.deepEqual(c.status, { source: "bootstrap", ready: true, stale: false, error: undefined, revision: 3 });
  assert.equal(c.status, c.status, "the same object while nothing changes");
  const statuses = [];
  c.on("status", (s) => statuses.push({ ...s, error: s.error?.code }));
  const offline = new RollgateError("NETWORK_ERROR", "offline");
  c.emit("stale", offline);
  c.emit("warning", new RollgateError("CORS_HEADER_BLOCKED", "no If-None-Match"));
  c.emit("fresh");
  c.emit("update", { previousRevision: 3, revision: 4, source: "network" });
  assert.deepEqual(statuses, [
    { source: "bootstrap", ready: true, stale: true, error: "NETWORK_ERROR", revision: 3 },
    { source: "bootstrap", ready: true, stale: false, error: undefined, revision: 3 },
    { source: "bootstrap", ready: true, stale: false, error: undefined, revision: 4 },
  ]);
  const loading = createTestClient({}, { source: "defaults" });
  assert.deepEqual([loading.status.ready, loading.hasRuleset, loading.clockOffset], [false, false, 0]);
});

test("context: kept and returned; the values do not depend on it", () => {
  const c = createTestClient({ "new-checkout": true }, { context: { userId: "u1" }, revision: 12 });
  assert.deepEqual(c.getContext(), { userId: "u1" });
  assert.equal(c.revision, 12);
  let changes = 0;
  c.on("change", () => changes++);
  assert.deepEqual(c.setContext({ userId: "u2", platform: "ios" }), []);
  assert.deepEqual(c.getContext(), { userId: "u2", platform: "ios" });
  assert.equal(changes, 0);
});

test("a value that is no flag value is refused, naming the flag", () => {
  for (const [value, why] of [[null, "not null"], [[1], "not a list"], [Number.NaN, "finite, not NaN"], [() => 1, "not function"]]) {
    assert.throws(() => createTestClient({ broken: value }), (e) => {
      assert.ok(e instanceof RollgateError);
      assert.equal(e.code, "INVALID_RULESET");
      assert.equal(e.problems[0].path, "broken");
      assert.ok(e.message.includes(`broken: `) && e.message.includes(why), e.message);
      return true;
    });
  }
  const c = createTestClient({ ok: true });
  assert.throws(() => c.set("ok", null), /ok: a flag's value is a boolean, string, number or object, not null/);
  assert.equal(c.isEnabled("ok"), true, "a refused value changes nothing");
});

test("close: listeners removed, changes refused with CLOSED, lookups still answer", async () => {
  const c = createTestClient({ "new-checkout": true });
  let changes = 0;
  c.on("change", () => changes++);
  assert.equal(await c.refresh(), "not-modified");
  c.close();
  assert.throws(() => c.set("new-checkout", false), (e) => e.code === "CLOSED");
  assert.throws(() => c.setContext({}), (e) => e.code === "CLOSED");
  assert.equal(await c.refresh(), "failed");
  assert.equal(c.isEnabled("new-checkout"), true);
  c.emit("change", ["x"]);
  assert.equal(changes, 0);
});

test("the test client has every public member of the real client but its engine and poll delay", () => {
  // The public members, as the real client's declaration file lists them (private and
  // @internal members are not part of the interface).
  const declaration = readFileSync(path.join(NPM_DIR, "dist", "client.d.ts"), "utf8");
  const body = declaration.slice(declaration.indexOf("export declare class RollgateClient"));
  const members = [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {4}(?:readonly )?(?:get )?(\w+)[<(:;]/gm)]
    .map((m) => m[1]).filter((name) => name !== "constructor");
  assert.ok(members.includes("getDetails") && members.includes("lastError") && !members.includes("recompute"), members.join());
  const fake = createTestClient({});
  const missing = [...members, "on", "off"].filter((name) => !(name in fake));
  assert.deepEqual(missing, ["engine", "nextPollDelay"]);
});

test("the OpenFeature provider serves from a test client", async () => {
  const fake = createTestClient({ "new-checkout": true, "checkout-layout": "B" });
  await OpenFeature.setProviderAndWait(new RollgateProvider({ client: fake }));
  const client = OpenFeature.getClient();
  const d = client.getStringDetails("checkout-layout", "A");
  assert.deepEqual({ value: d.value, variant: d.variant, reason: d.reason }, { value: "B", variant: "B", reason: "STATIC" });
  assert.equal(client.getBooleanValue("new-checkout", false), true);
  const changed = new Promise((resolve) => client.addHandler("PROVIDER_CONFIGURATION_CHANGED", (e) => resolve(e.flagsChanged)));
  fake.set("new-checkout", false);
  assert.deepEqual(await changed, ["new-checkout"]);
  assert.equal(client.getBooleanValue("new-checkout", true), false);
});
