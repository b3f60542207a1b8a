// Local overrides in Node: the engine's (forced variant, prerequisites, errors, dropped on
// load), the client's (off unless enabled, events, exposures, persistence, the URL parameter,
// ruleset updates) and the test client's.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, Engine, MemoryStorage, RollgateError } from "rollgate";
import { createTestClient } from "rollgate/testing";
import { ruleset } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
// "needs-checkout" serves "yes" only where "new-checkout" serves "on".
const DEPENDENT = {
  "needs-checkout": {
    type: "string", variants: { yes: "yes", no: "no" }, default: "yes", offVariant: "no",
    prerequisites: [{ flag: "new-checkout", variants: ["on"] }],
  },
};
const rules = (rev, options = {}) => ruleset(rev, { ...options, extra: { ...DEPENDENT, ...options.extra } });

/**
 * Overrides three flags on `target` (an engine or a client) and returns revision 2, which keeps
 * `max-items`, drops variant B of `checkout-layout` and removes `needs-checkout`.
 */
function overrideThreeAndDropTwo(target) {
  target.setOverride("checkout-layout", "B");
  target.setOverride("max-items", "big");
  target.setOverride("needs-checkout", "no");
  const next = rules(2);
  next.flags["checkout-layout"].variants = { A: "a", C: "c" };
  delete next.flags["needs-checkout"];
  return next;
}

const srv = await startServer();
after(() => srv.close());

test("engine: an override forces the variant with reason OVERRIDE, and prerequisites see it", async () => {
  const engine = await Engine.create(rules(1));
  assert.equal(engine.evaluate("new-checkout", IOS).variant, "on");
  assert.equal(engine.evaluate("needs-checkout", IOS).value, "yes");
  engine.setOverride("new-checkout", "off");
  const forced = engine.evaluate("new-checkout", IOS);
  assert.equal(forced.variant, "off");
  assert.equal(forced.value, false);
  assert.equal(forced.reason, "OVERRIDE");
  assert.equal(forced.ruleId, undefined);
  const dependent = engine.evaluate("needs-checkout", IOS);
  assert.deepEqual([dependent.value, dependent.reason, dependent.failedPrerequisite], ["no", "PREREQUISITE_FAILED", "new-checkout"]);
  assert.equal(engine.evaluateAll(IOS).get("new-checkout").reason, "OVERRIDE");
  assert.equal(engine.evaluate("checkout-layout", IOS).reason, "STATIC", "other flags untouched");
  assert.deepEqual(engine.overrides(), { "new-checkout": "off" });
  assert.equal(engine.clearOverride("new-checkout"), true);
  assert.equal(engine.clearOverride("new-checkout"), false);
  assert.equal(engine.evaluate("new-checkout", IOS).reason, "SPLIT");
  assert.deepEqual(engine.overrides(), {});
  engine.free();
});

test("engine: explain (the debug module) traces what is served, overrides included", async () => {
  const engine = await Engine.create(rules(1));
  engine.setOverride("new-checkout", "off");
  const forced = await engine.explain("new-checkout", IOS);
  assert.deepEqual([forced.result.variant, forced.result.reason, forced.rules.length], ["off", "OVERRIDE", 0]);
  const dependent = await engine.explain("needs-checkout", IOS);
  assert.equal(dependent.result.reason, "PREREQUISITE_FAILED");
  engine.clearOverride("new-checkout");
  const real = await engine.explain("new-checkout", IOS);
  assert.deepEqual([real.result.variant, real.result.reason], ["on", "SPLIT"]);
  engine.free();
});

test("engine: an unknown flag or variant is INVALID_OVERRIDE naming it, and changes nothing", async () => {
  const engine = await Engine.create(rules(1));
  engine.setOverride("checkout-layout", "B");
  assert.throws(() => engine.setOverride("new-chekout", "on"), (e) => {
    assert.ok(e instanceof RollgateError);
    assert.equal(e.code, "INVALID_OVERRIDE");
    assert.equal(e.flag, "new-chekout");
    assert.equal(e.variant, undefined);
    // Did-you-mean hints are part of the full messages, in the debug module (ADR 0028).
    assert.equal(e.message, 'cannot override flag "new-chekout": no such flag');
    return true;
  });
  assert.throws(() => engine.setOverride("checkout-layout", "C"), (e) => {
    assert.deepEqual([e.code, e.flag, e.variant], ["INVALID_OVERRIDE", "checkout-layout", "C"]);
    assert.equal(e.message, 'cannot override flag "checkout-layout" with variant "C": no such variant; its variants: "A", "B"');
    return true;
  });
  assert.deepEqual(engine.overrides(), { "checkout-layout": "B" });
  assert.equal(engine.evaluate("checkout-layout", IOS).value, "b");
  engine.free();
});

test("engine: load keeps the overrides it can and reports the dropped ones", async () => {
  const engine = await Engine.create(rules(1));
  const next = overrideThreeAndDropTwo(engine);
  const outcome = engine.load(next);
  assert.deepEqual(outcome, {
    previousRevision: 1, revision: 2,
    droppedOverrides: [
      { key: "checkout-layout", variant: "B", reason: "VARIANT_REMOVED" },
      { key: "needs-checkout", variant: "no", reason: "FLAG_REMOVED" },
    ],
  });
  assert.deepEqual(engine.overrides(), { "max-items": "big" });
  assert.equal(engine.evaluate("max-items", IOS).reason, "OVERRIDE");
  assert.deepEqual(engine.load(rules(3)).droppedOverrides, []);
  assert.equal(engine.clearOverrides(), true);
  assert.equal(engine.clearOverrides(), false);
  engine.free();
});

test("client: overrides are off unless enabled", async () => {
  const c = await createClient({ bootstrap: rules(1), context: IOS, storage: false });
  assert.throws(() => c.setOverride("new-checkout", "off"), (e) => e.code === "OVERRIDES_DISABLED" && /overrides: \{ enabled: true \}/.test(e.message));
  c.clearOverride("new-checkout");
  c.clearOverrides();
  assert.deepEqual(c.overrides(), {});
  assert.equal(c.getDetails("new-checkout").reason, "SPLIT");
  c.close();
});

test("client: setOverride emits change for the affected flags, then overrides; no exposure", async () => {
  const exposures = [];
  const c = await createClient({
    bootstrap: rules(1), context: IOS, storage: false, overrides: { enabled: true }, onExposure: (x) => exposures.push(x),
  });
  const events = [];
  c.on("change", (keys) => events.push(["change", keys]));
  c.on("overrides", (change) => events.push(["overrides", change]));
  c.setOverride("new-checkout", "off");
  assert.deepEqual(events, [
    ["change", ["needs-checkout", "new-checkout"]],
    ["overrides", { overrides: { "new-checkout": "off" }, dropped: [] }],
  ]);
  assert.equal(c.isEnabled("new-checkout"), false);
  assert.equal(c.getDetails("new-checkout").reason, "OVERRIDE");
  assert.equal(c.getString("needs-checkout", "?"), "no");
  assert.deepEqual(exposures.map((x) => x.flag), ["needs-checkout"], "the overridden reads are no exposures");
  assert.throws(() => c.setOverride("new-checkout", "maybe"), (e) => e.code === "INVALID_OVERRIDE" && e.variant === "maybe");
  assert.deepEqual(c.overrides(), { "new-checkout": "off" });
  events.length = 0;
  c.clearOverride("new-checkout");
  assert.deepEqual(events, [
    ["change", ["needs-checkout", "new-checkout"]],
    ["overrides", { overrides: {}, dropped: [] }],
  ]);
  assert.equal(c.getDetails("new-checkout").reason, "SPLIT");
  events.length = 0;
  c.clearOverrides();
  assert.deepEqual(events, [], "nothing to clear: no event");
  c.close();
});

test("client: a ruleset update drops overrides whose flag or variant is gone, with an overrides event", async () => {
  srv.serve(rules(1), '"o1"');
  const c = await createClient({ url: srv.url, context: IOS, storage: false, overrides: { enabled: true } });
  srv.serve(overrideThreeAndDropTwo(c), '"o2"');
  const events = [];
  c.on("change", (keys) => events.push(["change", keys]));
  c.on("update", (outcome) => events.push(["update", outcome.droppedOverrides.length]));
  c.on("overrides", (change) => events.push(["overrides", change]));
  assert.equal(await c.refresh(), "updated");
  assert.deepEqual(events, [
    ["change", ["checkout-layout", "needs-checkout"]],
    ["update", 2],
    ["overrides", {
      overrides: { "max-items": "big" },
      dropped: [
        { key: "checkout-layout", variant: "B", reason: "VARIANT_REMOVED" },
        { key: "needs-checkout", variant: "no", reason: "FLAG_REMOVED" },
      ],
    }],
  ]);
  assert.equal(c.getNumber("max-items", 0), 50);
  assert.equal(c.getDetails("max-items").reason, "OVERRIDE");
  c.close();
});

test("client: overrides are persisted in the client's storage and come back at the next start", async () => {
  const storage = new MemoryStorage();
  const options = { bootstrap: rules(1), context: IOS, storage, storageKey: "qa", overrides: { enabled: true } };
  const first = await createClient(options);
  first.setOverride("checkout-layout", "B");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(JSON.parse(storage.get("qa:overrides")), { v: 1, overrides: { "checkout-layout": "B" } });
  first.close();

  const second = await createClient(options);
  assert.deepEqual(second.overrides(), { "checkout-layout": "B" });
  assert.equal(second.getString("checkout-layout", "?"), "b");
  assert.equal(second.getDetails("checkout-layout").reason, "OVERRIDE");
  second.clearOverrides();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(storage.get("qa:overrides"), null, "no overrides: no record");
  second.close();

  storage.set("qa:overrides", JSON.stringify({ v: 1, overrides: { "checkout-layout": "B" } }));
  const notPersisted = await createClient({ ...options, overrides: { enabled: true, persist: false } });
  assert.deepEqual(notPersisted.overrides(), {}, "persist: false reads no stored overrides");
  notPersisted.setOverride("max-items", "big");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(JSON.parse(storage.get("qa:overrides")).overrides, { "checkout-layout": "B" }, "and writes none");
  notPersisted.close();

  const disabled = await createClient({ ...options, overrides: { enabled: false } });
  assert.deepEqual(disabled.overrides(), {}, "disabled: stored overrides are not applied");
  assert.equal(disabled.getDetails("checkout-layout").reason, "STATIC");
  disabled.close();
});

test("client: overrides from ?rollgate=flag:variant at start; the URL wins over storage; bad entries are reported", async (t) => {
  t.after(() => delete globalThis.location);
  globalThis.location = { search: "?x=1&rollgate=checkout-layout:B,max-items:huge,new-checkout,needs-checkout:no" };
  const storage = new MemoryStorage();
  storage.set("url:overrides", JSON.stringify({ v: 1, overrides: { "checkout-layout": "A", "new-checkout": "off" } }));
  const warnings = [];
  const changes = [];
  const c = await createClient({ bootstrap: rules(1), context: IOS, storage, storageKey: "url", overrides: { enabled: true } });
  c.on("warning", (w) => warnings.push(w));
  c.on("overrides", (change) => changes.push(change));
  assert.deepEqual(c.overrides(), { "checkout-layout": "B", "needs-checkout": "no", "new-checkout": "off" });
  assert.equal(c.getString("checkout-layout", "?"), "b");
  assert.equal(c.getString("needs-checkout", "?"), "no");
  assert.equal(c.isEnabled("new-checkout"), false);
  c.close();

  // Events at start reach listeners attached before the engine takes over.
  const { createClientSync } = await import("rollgate");
  const sync = createClientSync({ bootstrap: rules(1), context: IOS, storage: false, overrides: { enabled: true } });
  sync.on("warning", (w) => warnings.push(w));
  sync.on("overrides", (change) => changes.push(change));
  await sync.started;
  assert.deepEqual(warnings.map((w) => [w.code, w.message]), [["INVALID_OVERRIDE", '?rollgate=: "new-checkout" is not flag:variant; it was ignored']]);
  assert.deepEqual(changes, [{
    overrides: { "checkout-layout": "B", "needs-checkout": "no" },
    dropped: [{ key: "max-items", variant: "huge", reason: "UNKNOWN_VARIANT" }],
  }]);
  sync.close();

  const renamed = await createClient({ bootstrap: rules(1), context: IOS, storage: false, overrides: { enabled: true, urlParam: "x" } });
  assert.deepEqual(renamed.overrides(), {}, "another parameter name: ?x=1 is not flag:variant");
  renamed.close();
  const ignored = await createClient({ bootstrap: rules(1), context: IOS, storage: false, overrides: { enabled: true, urlParam: false } });
  assert.deepEqual(ignored.overrides(), {});
  ignored.close();
});

test("client: overrides asked for before the first ruleset wait for it", async () => {
  srv.serve(rules(1), '"w1"');
  const { createClientSync } = await import("rollgate");
  const c = createClientSync({ url: srv.url, context: IOS, storage: false, overrides: { enabled: true } });
  c.setOverride("checkout-layout", "B");
  c.setOverride("nope", "x");
  assert.deepEqual(c.overrides(), { "checkout-layout": "B", nope: "x" });
  const changes = [];
  c.on("overrides", (change) => changes.push(change));
  await c.started;
  assert.deepEqual(c.overrides(), { "checkout-layout": "B" });
  assert.equal(c.getString("checkout-layout", "?"), "b");
  assert.deepEqual(changes.at(-1).dropped, [{ key: "nope", variant: "x", reason: "UNKNOWN_FLAG" }]);
  c.close();
});

test("test client: setOverride, clearOverride, clearOverrides and overrides, as the real client", () => {
  const c = createTestClient({ "new-checkout": true, "checkout-layout": "A", "max-items": 5 });
  const events = [];
  c.on("change", (keys) => events.push(["change", keys]));
  c.on("overrides", (change) => events.push(["overrides", change]));
  c.setOverride("new-checkout", "false");
  c.setOverride("max-items", "50");
  assert.equal(c.isEnabled("new-checkout"), false);
  assert.equal(c.getNumber("max-items", 0), 50);
  assert.deepEqual([c.getDetails("max-items").reason, c.getDetails("max-items").variant], ["OVERRIDE", "50"]);
  assert.deepEqual(c.overrides(), { "new-checkout": "false", "max-items": "50" });
  assert.deepEqual(events[0], ["change", ["new-checkout"]]);
  assert.deepEqual(events[1], ["overrides", { overrides: { "new-checkout": "false" }, dropped: [] }]);
  assert.throws(() => c.setOverride("missing", "x"), (e) => e.code === "INVALID_OVERRIDE" && e.flag === "missing");
  assert.throws(() => c.setOverride("new-checkout", "yes"), (e) => e.code === "INVALID_OVERRIDE" && e.variant === "yes");
  c.clearOverride("new-checkout");
  assert.equal(c.isEnabled("new-checkout"), true);
  assert.equal(c.getDetails("new-checkout").reason, "STATIC");
  c.clearOverrides();
  assert.deepEqual(c.overrides(), {});
  assert.equal(c.getNumber("max-items", 0), 5);
});

test("OpenFeature: an overridden flag resolves with reason OVERRIDE, through the real web SDK", async () => {
  const { OpenFeature } = await import("@openfeature/web-sdk");
  const { RollgateProvider } = await import("rollgate/openfeature");
  const rollgate = await createClient({ bootstrap: rules(1), context: IOS, storage: false, overrides: { enabled: true } });
  rollgate.setOverride("checkout-layout", "B");
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.4.0", platform: "ios" });
  await OpenFeature.setProviderAndWait(new RollgateProvider({ client: rollgate }));
  const details = OpenFeature.getClient().getStringDetails("checkout-layout", "?");
  assert.deepEqual([details.value, details.variant, details.reason], ["b", "B", "OVERRIDE"]);
  await OpenFeature.close();
  rollgate.close();
});
