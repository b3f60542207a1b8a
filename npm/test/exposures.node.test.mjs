// Exposures: reported only for values the app reads (isEnabled, the typed getters, getDetails,
// useFlag, useFlagDetails), never for allFlags(), useFlags(), a bootstrap, server values or a
// fetch; deduplicated per context (default), per session, or not at all.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createClient, createClientSync, MemoryStorage, serverState } from "rollgate";
import { RollgateProvider, useFlag, useFlagDetails, useFlags } from "rollgate/react";
import { ruleset } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
const WEB = { userId: "u1", appVersion: "2.4.0", platform: "web" };
const srv = await startServer();
after(() => srv.close());

/** A client over `rs` whose exposures are pushed to the returned list as `flag=value`. */
async function exposing(rs, options = {}) {
  const seen = [];
  const client = await createClient({ bootstrap: rs, context: IOS, storage: false, onExposure: (e) => seen.push(`${e.flag}=${e.value}`), ...options });
  return { client, seen };
}

/** Every read the app can make of `new-checkout`. */
function readAll(c) {
  c.isEnabled("new-checkout");
  c.getBoolean("new-checkout", false);
  c.getDetails("new-checkout");
  c.getDetails("new-checkout", "string"); // another type: still a read of the flag
}

test("dedupe context (the default): once per flag and served value for each context", async () => {
  const { client: c, seen } = await exposing(ruleset(1));
  readAll(c);
  c.getString("checkout-layout", "?");
  assert.deepEqual(seen, ["new-checkout=true", "checkout-layout=a"]);
  c.setContext({ ...IOS });
  readAll(c);
  assert.deepEqual(seen, ["new-checkout=true", "checkout-layout=a"], "the same attributes are the same context");
  c.setContext(WEB);
  readAll(c);
  c.setContext(IOS);
  readAll(c);
  assert.deepEqual(seen, ["new-checkout=true", "checkout-layout=a", "new-checkout=false", "new-checkout=true"], "each context counts again");
  c.close();
});

test("dedupe context: a new value counts again; going back to one already counted does not", async () => {
  const storage = new MemoryStorage();
  srv.serve(ruleset(2, { layout: "b" }), '"v2"');
  const seen = [];
  const c = await createClient({ bootstrap: ruleset(1), url: srv.url, context: IOS, storage, onExposure: (e) => seen.push(`${e.flag}=${e.value}@${e.revision}`) });
  c.getString("checkout-layout", "?");
  await c.refresh();
  c.getString("checkout-layout", "?");
  srv.serve(ruleset(3, { layout: "a" }), '"v3"');
  assert.equal(await c.refresh(), "updated");
  c.getString("checkout-layout", "?");
  c.isEnabled("new-checkout");
  assert.deepEqual(seen, ["checkout-layout=a@1", "checkout-layout=b@2", "new-checkout=true@3"]);
  c.close();
});

test("dedupe session: once per flag and served value for the client's life, whatever the context", async () => {
  const { client: c, seen } = await exposing(ruleset(1), { exposureDedupe: "session" });
  readAll(c);
  c.setContext(WEB);
  readAll(c);
  c.setContext({ ...IOS, userId: "u2" });
  readAll(c);
  c.setContext(WEB);
  readAll(c);
  assert.deepEqual(seen, ["new-checkout=true", "new-checkout=false"]);
  c.close();
});

test("dedupe none: every read", async () => {
  const { client: c, seen } = await exposing(ruleset(1), { exposureDedupe: "none" });
  readAll(c);
  c.setContext({ ...IOS });
  c.isEnabled("new-checkout");
  assert.deepEqual(seen, Array(5).fill("new-checkout=true"));
  c.close();
});

test("no exposure for allFlags(), a bootstrap, a stored ruleset, a fetch, server values, a ramp step or a flag that does not exist", async () => {
  srv.serve(ruleset(5, { layout: "b" }), '"v5"');
  const storage = new MemoryStorage();
  storage.set("k", JSON.stringify({ v: 1, ruleset: JSON.stringify(ruleset(4)) }));
  const seen = [];
  const onExposure = (e) => seen.push(e.flag);
  const soon = Date.now() + 100;
  const rs = ruleset(1, { extra: { ramp: { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ id: "r", rollout: { steps: [{ at: soon, percent: 100 }], serve: "on" } }] } } });
  const c = await createClient({ bootstrap: rs, url: srv.url, storage, storageKey: "k", context: IOS, onExposure });
  await c.refresh();
  c.allFlags();
  c.isEnabled("missing");
  c.getDetails("missing");
  const server = await createClient({ bootstrap: rs, storage: false });
  const fromServer = createClientSync({ server: serverState(server, IOS), storage: false, onExposure });
  await fromServer.started;
  fromServer.allFlags();
  await new Promise((resolve) => setTimeout(resolve, 200)); // past the ramp step of `rs`
  assert.deepEqual(seen, []);
  fromServer.isEnabled("new-checkout");
  assert.deepEqual(seen, ["new-checkout"], "a read of a server value is an exposure");
  for (const client of [c, server, fromServer]) client.close();
});

test("React: useFlag and useFlagDetails are reads; useFlags is not", async () => {
  const { client, seen } = await exposing(ruleset(1), { exposureDedupe: "none" });
  const render = (component) => renderToString(h(RollgateProvider, { client }, h(component)));
  render(() => h("p", null, JSON.stringify(useFlags())));
  assert.deepEqual(seen, []);
  render(() => h("p", null, `${useFlag("new-checkout", false)} ${useFlagDetails("max-items", 0).value}`));
  assert.deepEqual(seen.sort(), ["max-items=5", "new-checkout=true"]);
  client.close();
});
