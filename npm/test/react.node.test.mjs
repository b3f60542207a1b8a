// rollgate/react on a server: `renderToString` renders the hooks from the client's answers (the
// server snapshot), with the real client and with the test client; the fallbacks and the
// reasons the hooks give; hooks outside a provider. Re-rendering on changes is tested in
// Chromium (react.chromium.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createClient } from "rollgate";
import { RollgateProvider, useFlag, useFlagDetails, useFlags, useRollgateClient, useRollgateStatus } from "rollgate/react";
import { createTestClient } from "rollgate/testing";
import { ruleset } from "./helpers.mjs";

const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };

/** Renders `component` inside a provider of `client`; returns the text without React's comment markers. */
const render = (client, component) => renderToString(h(RollgateProvider, { client }, h(component))).replace(/<!-- -->/g, "");

function Checkout() {
  const on = useFlag("new-checkout", false);
  const layout = useFlagDetails("checkout-layout", "?");
  const all = useFlags();
  const status = useRollgateStatus();
  const client = useRollgateClient();
  return h("p", null, `new=${on} layout=${layout.value}/${layout.variant}/${layout.reason} flags=${Object.keys(all).length} ` +
    `ready=${status.ready} revision=${status.revision} user=${client.getContext().userId}`);
}

test("server rendering: the hooks answer from the real client", async () => {
  const client = await createClient({ bootstrap: ruleset(3, { layout: "b" }), context: IOS, storage: false });
  assert.equal(render(client, Checkout), "<p>new=true layout=b/B/STATIC flags=3 ready=true revision=3 user=u1</p>");
  client.setContext({ ...IOS, appVersion: "2.2.0" });
  assert.match(render(client, Checkout), /^<p>new=false /);
  client.close();
});

test("server rendering: the hooks answer from the test client", () => {
  const client = createTestClient({ "new-checkout": true, "checkout-layout": "C" }, { context: { userId: "t1" } });
  assert.equal(render(client, Checkout), "<p>new=true layout=C/C/STATIC flags=2 ready=true revision=1 user=t1</p>");
});

test("the fallback's type is the expected type: another type, a missing flag or no ruleset gives the fallback, and details say why", async () => {
  const client = await createClient({ bootstrap: ruleset(1, { extra: { theme: { type: "object", variants: { dark: { color: "black" } }, default: "dark" } } }), context: IOS, storage: false });
  function Lookups() {
    const mismatch = useFlagDetails("new-checkout", "text");
    const missing = useFlagDetails("missing", 7);
    const theme = useFlag("theme", { color: "white" });
    const items = useFlag("max-items", 0);
    return h("p", null, [useFlag("new-checkout", "text"), mismatch.value, mismatch.errorCode, missing.value, missing.errorCode, theme.color, items].join(" "));
  }
  assert.equal(render(client, Lookups), "<p>text text TYPE_MISMATCH 7 FLAG_NOT_FOUND black 5</p>");
  client.close();

  const empty = await createClient({ storage: false });
  function NotReady() {
    const d = useFlagDetails("new-checkout", false);
    const s = useRollgateStatus();
    return h("p", null, `${useFlag("new-checkout", true)} ${d.value} ${d.errorCode} ready=${s.ready}`);
  }
  assert.equal(render(empty, NotReady), "<p>true false PROVIDER_NOT_READY ready=false</p>");
  empty.close();
});

test("useFlags fires no exposure; useFlag and useFlagDetails do, once per flag", async () => {
  const exposed = [];
  const client = await createClient({ bootstrap: ruleset(1), context: IOS, storage: false, onExposure: (e) => exposed.push(e.flag) });
  function Everything() {
    return h("p", null, Object.keys(useFlags()).join(","));
  }
  assert.equal(render(client, Everything), "<p>checkout-layout,max-items,new-checkout</p>");
  assert.deepEqual(exposed, []);
  function Two() {
    return h("p", null, `${useFlag("new-checkout", false)} ${useFlagDetails("max-items", 0).value} ${useFlag("new-checkout", false)}`);
  }
  assert.equal(render(client, Two), "<p>true 5 true</p>");
  assert.deepEqual(exposed, ["new-checkout", "max-items"]);
  client.close();
});

test("outside a provider the hooks throw NO_PROVIDER, saying what to do", () => {
  function Orphan() {
    return h("p", null, String(useFlag("new-checkout", false)));
  }
  assert.throws(() => renderToString(h(Orphan)), (e) => {
    assert.equal(e.name, "RollgateError");
    assert.equal(e.code, "NO_PROVIDER");
    assert.equal(e.message, "useFlag needs a client: render it inside <RollgateProvider client={...}>");
    return true;
  });
});
