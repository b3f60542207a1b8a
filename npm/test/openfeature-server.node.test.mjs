// The OpenFeature server provider (`rollgate/openfeature/server`), driven through the real
// @openfeature/server-sdk with a context per evaluation: its answers equal the core's for every
// flag of examples/flags.json and the 1,000 users of examples/users.jsonl, and for the whole
// conformance corpus; they equal the web provider's for the same context (one mapping of
// reasons and error codes); and its ruleset loading, events, not-ready state and errors.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { OpenFeature, ProviderEvents } from "@openfeature/server-sdk";
import { OpenFeature as WebOpenFeature } from "@openfeature/web-sdk";
import { Engine } from "rollgate";
import { RollgateProvider } from "rollgate/openfeature";
import { RollgateServerProvider, toAttributes } from "rollgate/openfeature/server";
import { NPM_DIR, ROOT, corpus, ruleset } from "./helpers.mjs";
import { startServer, sleep } from "./server.mjs";

const EXAMPLE = readFileSync(path.join(ROOT, "examples", "flags.json"), "utf8");
const USERS = readFileSync(path.join(ROOT, "examples", "users.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
// During the ramp of `search-v2` (25% from 2026-12-08).
const NOW = Date.parse("2026-12-10T00:00:00Z");
const DEFAULTS = { boolean: false, string: "", number: 0, object: {} };
const GETTER = { boolean: "getBooleanDetails", string: "getStringDetails", number: "getNumberDetails", object: "getObjectDetails" };

const srv = await startServer();
after(async () => {
  await OpenFeature.close();
  await WebOpenFeature.close();
  await srv.close();
});

/** An OpenFeature context for a user of users.jsonl: `targetingKey` carries the user id. */
const ofContext = ({ userId, ...rest }) => ({ targetingKey: userId, ...rest });

/** The fields both sides report, from OpenFeature details. */
const fromDetails = (d) => ({ value: d.value, variant: d.variant ?? null, reason: d.reason, errorCode: d.errorCode ?? null, ruleId: d.flagMetadata?.ruleId ?? null });
/** The same fields from a core result; on error the caller's default. */
const fromCore = (r, fallback) => ({
  value: r.reason === "ERROR" || r.value === undefined ? fallback : r.value,
  variant: r.reason === "ERROR" ? null : r.variant ?? null,
  reason: r.reason, errorCode: r.errorCode ?? null, ruleId: r.ruleId ?? null,
});

/** Resolves once `condition()` holds (checked every 10 ms; rejects after `ms`). */
async function until(condition, ms = 5000) {
  for (const start = Date.now(); !condition(); await sleep(10)) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${condition}`);
  }
}

function waitFor(client, event, ms = 2000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), ms);
    const handler = (details) => { clearTimeout(timer); client.removeHandler(event, handler); resolve(details); };
    client.addHandler(event, handler);
  });
}

test("examples: every flag for the 1,000 users of users.jsonl, evaluated concurrently through the server SDK, equals Engine.evaluate", async () => {
  const provider = new RollgateServerProvider({ bootstrap: EXAMPLE, now: () => NOW });
  await OpenFeature.setProviderAndWait("examples", provider);
  const client = OpenFeature.getClient("examples");
  const engine = await Engine.create(EXAMPLE);
  const flags = engine.flagKeys().map((key) => [key, engine.flag(key).type]);
  const seen = await Promise.all(USERS.flatMap((user) => flags.map(([key, type]) =>
    client[GETTER[type]](key, DEFAULTS[type], ofContext(user)).then(fromDetails))));
  const expected = USERS.flatMap((user) => flags.map(([key, type]) => fromCore(engine.evaluate(key, user, { now: NOW, type }), DEFAULTS[type])));
  assert.equal(seen.length, USERS.length * flags.length);
  assert.deepEqual(seen, expected);
  // Not a run of defaults: rules, rollouts, splits and the ramp all decide for someone.
  const reasons = new Set(seen.map((d) => d.reason));
  for (const reason of ["TARGETING_MATCH", "SPLIT", "DEFAULT", "DISABLED"]) assert.ok(reasons.has(reason), reason);
  engine.free();
  await OpenFeature.clearProviders();
});

test("the conformance corpus through the server SDK: every case as the corpus expects and as the core answers", async () => {
  let cases = 0;
  let nested = 0;
  let total = 0;
  for (const { file, doc } of corpus()) {
    if (!Array.isArray(doc.cases)) continue;
    let now = 0;
    const provider = new RollgateServerProvider({ bootstrap: doc.ruleset, now: () => now });
    await OpenFeature.setProviderAndWait(file, provider);
    const client = OpenFeature.getClient(file);
    const engine = await Engine.create(doc.ruleset);
    total += doc.cases.length;
    for (const c of doc.cases) {
      const type = c.type ?? engine.flag(c.flag)?.type ?? "boolean";
      const fallback = c.default !== undefined ? c.default : DEFAULTS[type];
      now = c.now ?? 0;
      const seen = fromDetails(await client[GETTER[type]](c.flag, fallback, c.context));
      const where = `${file} :: ${c.name}`;
      // The provider flattens nested context objects (OpenFeature's `{address: {country}}` is
      // Rollgate's "address.country"): the core's answer for the flattened context.
      assert.deepEqual(seen, fromCore(engine.evaluate(c.flag, toAttributes(c.context), { now, type }), fallback), where);
      const isNested = Object.values(c.context).some((v) => v !== null && typeof v === "object" && !Array.isArray(v));
      if (isNested) {
        nested++;
        continue;
      }
      const want = c.expect;
      assert.deepEqual(seen, {
        value: want.reason === "ERROR" ? fallback : want.value, variant: want.variant ?? null, reason: want.reason,
        errorCode: want.errorCode ?? null, ruleId: want.ruleId ?? null,
      }, where);
      cases++;
    }
    engine.free();
  }
  assert.ok(cases > 600, `${cases} cases`);
  assert.equal(cases + nested, total, "every case of every evaluation file");
  assert.equal(nested, 1, "one case of invalid-contexts.json nests an object (INVALID_CONTEXT for the core, flattened here)");
  await OpenFeature.clearProviders();
});

test("the server and web providers resolve alike for the same context: values, variants, reasons, error codes and metadata", async () => {
  const server = new RollgateServerProvider({ bootstrap: EXAMPLE, now: () => NOW });
  await OpenFeature.setProviderAndWait("parity", server);
  const serverClient = OpenFeature.getClient("parity");
  const web = new RollgateProvider({ bootstrap: EXAMPLE, storage: false, now: () => NOW });
  await WebOpenFeature.setProviderAndWait(web);
  const webClient = WebOpenFeature.getClient();
  // Every flag with its own type, plus a missing flag and two type mismatches.
  const engine = await Engine.create(EXAMPLE);
  const questions = [
    ...engine.flagKeys().map((key) => [key, engine.flag(key).type]),
    ["no-such-flag", "boolean"], ["checkout-layout", "number"], ["new-checkout", "string"],
  ];
  const strip = (d) => ({ value: d.value, variant: d.variant, reason: d.reason, errorCode: d.errorCode, errorMessage: d.errorMessage, flagMetadata: d.flagMetadata });
  for (const user of USERS.slice(0, 100)) {
    await WebOpenFeature.setContext(ofContext(user));
    for (const [key, type] of questions) {
      const fromServer = await serverClient[GETTER[type]](key, DEFAULTS[type], ofContext(user));
      const fromWeb = webClient[GETTER[type]](key, DEFAULTS[type]);
      assert.deepEqual(strip(fromServer), strip(fromWeb), `${user.userId} ${key} as ${type}`);
    }
  }
  engine.free();
  await OpenFeature.clearProviders();
  await WebOpenFeature.clearProviders();
});

test("a context per evaluation: targetingKey is the userId, nested objects are flattened, and the SDK's merged contexts reach the provider", async () => {
  const rs = ruleset(1);
  rs.flags["country-gate"] = {
    type: "boolean", variants: { on: true, off: false }, default: "off",
    rules: [{ id: "fr-pro", when: { all: [{ attr: "address.country", op: "equals", value: "FR" }, { attr: "plan", op: "equals", value: "pro" }] }, serve: "on" }],
  };
  await OpenFeature.setProviderAndWait("context", new RollgateServerProvider({ bootstrap: rs }));
  OpenFeature.setContext({ plan: "pro" }); // global context, merged by the SDK into each evaluation
  const client = OpenFeature.getClient("context");
  assert.equal(await client.getBooleanValue("country-gate", false, { targetingKey: "u1", address: { country: "FR" } }), true);
  assert.equal(await client.getBooleanValue("country-gate", false, { targetingKey: "u1", address: { country: "DE" } }), false);
  assert.equal(await client.getBooleanValue("country-gate", false, { targetingKey: "u1", plan: "free", address: { country: "FR" } }), false);
  // The rollout unit is the targetingKey: two users, two answers where the core gives two.
  const engine = await Engine.create(rs);
  for (const userId of ["u1", "u2", "u3", "u4", "u5", "u6"]) {
    const d = await client.getBooleanDetails("new-checkout", false, { targetingKey: userId, appVersion: "2.4.0", platform: "ios" });
    assert.equal(d.value, engine.evaluate("new-checkout", { userId, appVersion: "2.4.0", platform: "ios" }).value, userId);
  }
  OpenFeature.setContext({});
  engine.free();
  await OpenFeature.clearProviders();
});

test("errors: FLAG_NOT_FOUND, TYPE_MISMATCH and INVALID_CONTEXT give the default with the code, as in the web provider", async () => {
  await OpenFeature.setProviderAndWait("errors", new RollgateServerProvider({ bootstrap: ruleset(1) }));
  const client = OpenFeature.getClient("errors");
  const missing = await client.getBooleanDetails("nope", true, { targetingKey: "u1" });
  assert.deepEqual([missing.value, missing.reason, missing.errorCode, missing.errorMessage], [true, "ERROR", "FLAG_NOT_FOUND", "nope: FLAG_NOT_FOUND"]);
  const mismatch = await client.getStringDetails("new-checkout", "dflt", { targetingKey: "u1" });
  assert.deepEqual([mismatch.value, mismatch.errorCode], ["dflt", "TYPE_MISMATCH"]);
  assert.equal(mismatch.flagMetadata.owner, "payments", "a mismatch still carries the flag's metadata");
  const invalid = await client.getNumberDetails("max-items", 1, { targetingKey: "u1", tags: [null] });
  assert.deepEqual([invalid.value, invalid.reason, invalid.errorCode], [1, "ERROR", "INVALID_CONTEXT"]);
  const ok = await client.getObjectDetails("max-items", {}, { targetingKey: "u1" });
  assert.equal(ok.errorCode, "TYPE_MISMATCH");
  await OpenFeature.clearProviders();
});

test("a URL: fetched with If-None-Match when polled; CONFIGURATION_CHANGED on a new ruleset, STALE on a failure, READY on recovery, ERROR on a refused ruleset", async () => {
  srv.serve(ruleset(1), '"s1"');
  const provider = new RollgateServerProvider({ url: srv.url, pollInterval: 20 });
  await OpenFeature.setProviderAndWait("url", provider);
  const client = OpenFeature.getClient("url");
  const ios = { targetingKey: "u1", appVersion: "2.4.0", platform: "ios" };
  assert.equal(await client.getStringValue("checkout-layout", "z", ios), "a");
  const first = srv.state.requests.length;
  await until(() => srv.state.requests.length >= first + 2);
  const polls = srv.state.requests.slice(first);
  assert.ok(polls.every((r) => r.ifNoneMatch === '"s1"' && r.status === 304), "unchanged: 304s");

  const changed = waitFor(client, ProviderEvents.ConfigurationChanged);
  srv.serve(ruleset(2, { layout: "b" }), '"s2"');
  await changed;
  assert.equal(await client.getStringValue("checkout-layout", "z", ios), "b");

  const stale = waitFor(client, ProviderEvents.Stale);
  srv.state.status = 500;
  assert.match((await stale).message, /HTTP 500/);
  assert.equal(client.providerStatus, "STALE");
  assert.equal(await client.getStringValue("checkout-layout", "z", ios), "b", "stale but served");
  const ready = waitFor(client, ProviderEvents.Ready);
  srv.serve(ruleset(2, { layout: "b" }), '"s2"');
  await ready;
  assert.equal(client.providerStatus, "READY");

  const refused = waitFor(client, ProviderEvents.Error);
  srv.serve('{"schema":1,', '"broken"');
  const error = await refused;
  assert.match(error.message, /invalid ruleset/);
  assert.equal(error.errorCode, "PARSE_ERROR");
  assert.equal(await client.getStringValue("checkout-layout", "z", ios), "b", "the last good ruleset stays");
  await OpenFeature.clearProviders();
  assert.equal(provider.client, undefined, "closed by the SDK");
});

test("not ready: the SDK answers PROVIDER_NOT_READY while initialize runs; a failed initialize rejects with NO_RULESET, and resolutions say PROVIDER_NOT_READY with the load error until a ruleset loads", async () => {
  srv.serve(ruleset(1), '"n1"');
  srv.state.delayMs = 300;
  const slow = new RollgateServerProvider({ url: srv.url });
  const setting = OpenFeature.setProviderAndWait("slow", slow);
  const slowClient = OpenFeature.getClient("slow");
  const early = await slowClient.getBooleanDetails("new-checkout", false, { targetingKey: "u1" });
  assert.deepEqual([early.value, early.reason, early.errorCode], [false, "ERROR", "PROVIDER_NOT_READY"]);
  await setting;
  srv.state.delayMs = 0;
  assert.equal((await slowClient.getBooleanDetails("new-checkout", false, { targetingKey: "u1", appVersion: "2.4.0", platform: "ios" })).reason, "SPLIT");

  srv.state.status = 500;
  const failing = new RollgateServerProvider({ url: srv.url });
  await assert.rejects(OpenFeature.setProviderAndWait("down", failing), (e) => {
    assert.equal(e.code, "NO_RULESET");
    assert.equal(e.message, `rollgate: no ruleset loaded: GET ${srv.url}: HTTP 500`);
    return true;
  });
  const client = OpenFeature.getClient("down");
  assert.equal(client.providerStatus, "ERROR");
  const d = await client.getBooleanDetails("new-checkout", true, { targetingKey: "u1" });
  assert.deepEqual([d.value, d.reason, d.errorCode, d.errorMessage], [true, "ERROR", "PROVIDER_NOT_READY", `rollgate: no ruleset loaded: GET ${srv.url}: HTTP 500`]);

  srv.serve(ruleset(1), '"n1"');
  const ready = waitFor(client, ProviderEvents.Ready);
  await failing.client.refresh();
  await ready;
  assert.equal(client.providerStatus, "READY");
  assert.equal((await client.getBooleanDetails("new-checkout", false, { targetingKey: "u1", appVersion: "2.4.0", platform: "ios" })).value, true);
  await OpenFeature.clearProviders();
});

test("an existing client: the provider serves from its engine and leaves it open when the SDK closes", async () => {
  const { createClient } = await import("rollgate");
  const existing = await createClient({ bootstrap: ruleset(5), storage: false });
  const provider = new RollgateServerProvider({ client: existing });
  await OpenFeature.setProviderAndWait("existing", provider);
  const d = await OpenFeature.getClient("existing").getBooleanDetails("new-checkout", false, { targetingKey: "u1", appVersion: "2.0.0", platform: "ios" });
  assert.deepEqual([d.value, d.reason, d.flagMetadata.ruleId], [false, "TARGETING_MATCH", "old-apps"]);
  assert.equal(provider.client, existing);
  await OpenFeature.clearProviders();
  assert.equal(existing.revision, 5, "still open");
  existing.close();
});

test("rollgate/openfeature/server: its own entry (node and default conditions, types for import and require), importing the server SDK only; nothing persisted by default", async () => {
  const pkg = JSON.parse(readFileSync(path.join(NPM_DIR, "package.json"), "utf8"));
  assert.deepEqual(pkg.exports["./openfeature/server"], {
    types: { require: "./dist/cjs-types/openfeature-server.d.ts", default: "./dist/openfeature-server.d.ts" },
    node: "./dist/openfeature-server-node.js", default: "./dist/openfeature-server.js",
  });
  assert.deepEqual(pkg.typesVersions["*"]["openfeature/server"], ["./dist/openfeature-server.d.ts"]);
  assert.equal(pkg.peerDependencies["@openfeature/server-sdk"], "^1.17.0");
  assert.deepEqual(pkg.peerDependenciesMeta["@openfeature/server-sdk"], { optional: true });
  for (const file of ["openfeature-server.js", "openfeature-server-node.js", "openfeature/server-provider.js", "openfeature/resolution.js"]) {
    assert.doesNotMatch(readFileSync(path.join(NPM_DIR, "dist", file), "utf8"), /@openfeature\/web-sdk/, file);
  }
  // storage: false unless given: a service keeps nothing between starts (it has its bootstrap).
  const provider = new RollgateServerProvider({ bootstrap: ruleset(3) });
  await provider.initialize();
  assert.equal(provider.client.revision, 3);
  assert.equal(provider.client.storage, undefined);
  await provider.onClose();
});
