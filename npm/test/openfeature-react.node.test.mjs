// OpenFeature's React SDK on top of the Rollgate provider, unchanged: components read flags
// through the SDK's hooks, and the values are Rollgate's. Rendered with react-dom/server, so no
// DOM is needed; a context change re-renders with the new user's values.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import React from "react";
import { renderToString } from "react-dom/server";
import { OpenFeature } from "@openfeature/web-sdk";
import { OpenFeatureProvider, useBooleanFlagValue, useStringFlagDetails } from "@openfeature/react-sdk";
import { RollgateProvider } from "rollgate/openfeature";
import { ruleset } from "./helpers.mjs";

after(() => OpenFeature.close());

function Checkout() {
  const fresh = useBooleanFlagValue("new-checkout", false, { suspend: false });
  const layout = useStringFlagDetails("checkout-layout", "?", { suspend: false });
  return React.createElement("p", null, `checkout=${fresh ? "new" : "old"} layout=${layout.value} reason=${layout.reason}`);
}

const render = () =>
  renderToString(React.createElement(OpenFeatureProvider, { suspend: false }, React.createElement(Checkout)));

test("React components read Rollgate flags through @openfeature/react-sdk", async () => {
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.4.0", platform: "ios" });
  await OpenFeature.setProviderAndWait(
    new RollgateProvider({ bootstrap: JSON.stringify(ruleset(1, { layout: "b" })), storage: false }),
  );
  assert.match(render(), /checkout=new layout=b reason=STATIC/);

  // An old app is gated off by the version rule: the same component now renders the old path.
  await OpenFeature.setContext({ targetingKey: "u1", appVersion: "2.2.0", platform: "ios" });
  assert.match(render(), /checkout=old layout=b/);
});
