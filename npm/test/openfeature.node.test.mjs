// The OpenFeature web provider, driven through the real @openfeature/web-sdk.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { OpenFeature, ProviderEvents } from "@openfeature/web-sdk";
import { RollgateProvider, toAttributes } from "rollgate/openfeature";
import { ruleset } from "./helpers.mjs";
import { startServer, sleep } from "./server.mjs";

const srv = await startServer();
after(async () => {
  await OpenFeature.close();
  await srv.close();
});

function waitFor(event, ms = 2000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), ms);
    const handler = (details) => { clearTimeout(timer); OpenFeature.removeHandler(event, handler); resolve(details); };
    OpenFeature.addHandler(event, handler);
  });
}

test("context mapping: targetingKey becomes userId, nested objects are flattened", () => {
  assert.deepEqual(toAttributes({ targetingKey: "u9", address: { country: "FR", geo: { city: "Lyon" } }, tags: ["a"] }),
    { targetingKey: "u9", userId: "u9", "address.country": "FR", "address.geo.city": "Lyon", tags: ["a"] });
  assert.equal(toAttributes({ targetingKey: "t", userId: "explicit" }).userId, "explicit");
});

test("resolution details, context changes and events through the real web SDK", async () => {
  srv.serve(ruleset(1), '"v1"');
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.4.0", platform: "ios" });
  const provider = new RollgateProvider({ url: srv.url, storage: false });
  await OpenFeature.setProviderAndWait(provider);
  const client = OpenFeature.getClient();

  const d = client.getBooleanDetails("new-checkout", false);
  assert.equal(d.value, true);
  assert.equal(d.variant, "on");
  assert.equal(d.reason, "SPLIT");
  assert.equal(d.errorCode, undefined);
  assert.deepEqual(d.flagMetadata, { owner: "payments", tags: "checkout", ruleId: "mobile" });
  assert.equal(client.getStringValue("checkout-layout", "z"), "a");
  assert.equal(client.getNumberValue("max-items", 0), 5);

  const missing = client.getBooleanDetails("nope", true);
  assert.equal(missing.value, true);
  assert.equal(missing.reason, "ERROR");
  assert.equal(missing.errorCode, "FLAG_NOT_FOUND");
  const mismatch = client.getStringDetails("new-checkout", "dflt");
  assert.equal(mismatch.value, "dflt");
  assert.equal(mismatch.errorCode, "TYPE_MISMATCH");

  // onContextChange: a web user gets the flag off.
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.4.0", platform: "web" });
  assert.equal(client.getBooleanValue("new-checkout", true), false);
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.0.0", platform: "ios" });
  const old = client.getBooleanDetails("new-checkout", true);
  assert.equal(old.value, false);
  assert.equal(old.reason, "TARGETING_MATCH");
  assert.equal(old.flagMetadata.ruleId, "old-apps");
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.4.0", platform: "ios" });

  // CONFIGURATION_CHANGED names the changed flags.
  srv.serve(ruleset(2, { layout: "b" }), '"v2"');
  const changed = waitFor(ProviderEvents.ConfigurationChanged);
  await provider.client.refresh();
  assert.deepEqual((await changed).flagsChanged, ["checkout-layout"]);
  assert.equal(client.getStringValue("checkout-layout", "z"), "b");

  // STALE on a failed refresh; READY again on recovery.
  srv.state.status = 500;
  const stale = waitFor(ProviderEvents.Stale);
  await provider.client.refresh();
  await stale;
  assert.equal(client.providerStatus, "STALE");
  assert.equal(client.getStringValue("checkout-layout", "z"), "b", "stale but correct");
  srv.serve(ruleset(3, { layout: "b" }), '"v3"');
  const ready = waitFor(ProviderEvents.Ready);
  await provider.client.refresh();
  await ready;
  assert.equal(client.providerStatus, "READY");

  // ERROR when a fetched ruleset is refused.
  srv.serve('{"schema":1,', '"broken"');
  const error = waitFor(ProviderEvents.Error);
  await provider.client.refresh();
  assert.match((await error).message, /invalid ruleset/);
  assert.equal(client.getStringValue("checkout-layout", "z"), "b");
  await OpenFeature.clearProviders();
  await sleep(10);
});

test("after a failed initialize, resolutions are PROVIDER_NOT_READY with the load error, until a ruleset loads", async () => {
  srv.state.status = 500;
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.4.0", platform: "ios" });
  const provider = new RollgateProvider({ url: srv.url, storage: false });
  await assert.rejects(OpenFeature.setProviderAndWait(provider), (e) => {
    assert.equal(e.code, "NO_RULESET");
    assert.equal(e.message, `rollgate: no ruleset loaded: GET ${srv.url}: HTTP 500`);
    assert.equal(e.cause.code, "HTTP_ERROR");
    return true;
  });
  const client = OpenFeature.getClient();
  assert.equal(client.providerStatus, "ERROR");
  const d = client.getBooleanDetails("new-checkout", false);
  assert.equal(d.value, false);
  assert.equal(d.reason, "ERROR");
  assert.equal(d.errorCode, "PROVIDER_NOT_READY", "never FLAG_NOT_FOUND: the flag may well exist");
  assert.equal(d.errorMessage, `rollgate: no ruleset loaded: GET ${srv.url}: HTTP 500`);

  // The server recovers: the next refresh loads the ruleset and the provider is READY.
  srv.serve(ruleset(1), '"v1"');
  const ready = waitFor(ProviderEvents.Ready);
  await provider.client.refresh();
  await ready;
  assert.equal(client.providerStatus, "READY");
  assert.equal(client.getBooleanDetails("new-checkout", false).value, true);
  assert.equal(client.getBooleanDetails("nope", false).errorCode, "FLAG_NOT_FOUND");
  await OpenFeature.clearProviders();
  await sleep(10);
});
