// The browser side of ssr.chromium.test.mjs, built by Vite: a client from the state in the page
// (answering before the .wasm has loaded), then hydration. `?late` waits for the engine and a
// refresh before hydrating: the client's values are then newer than the page's.
import { createElement as h } from "react";
import { hydrateRoot } from "react-dom/client";
import { createClientSync, isInitialized, readServerState } from "rollgate";
import { RollgateProvider } from "rollgate/react";
import { App } from "./ssr-app.js";

const late = new URLSearchParams(location.search).has("late");
const events = [];
const exposures = [];
const recoverable = [];
const client = createClientSync({
  server: readServerState(),
  url: "/flags.json",
  wasm: "/rollgate_bg.wasm",
  storage: false,
  onExposure: (e) => exposures.push(`${e.flag}=${e.value}`),
});
for (const name of ["change", "details", "update", "status", "error"]) client.on(name, (arg) => events.push([name, name === "status" ? arg.source : name === "error" ? arg.code : arg]));
// The first answers, synchronous, from the page's state.
const first = { initialized: isInitialized(), enabled: client.isEnabled("new-checkout"), layout: client.getString("checkout-layout", "?"), status: { ...client.status } };
window.__ssr = { client, events, exposures, recoverable, first, isInitialized };

(async () => {
  if (late) {
    await client.started;
    await client.refresh();
  }
  hydrateRoot(document.getElementById("root"), h(RollgateProvider, { client }, h(App)), {
    onRecoverableError: (error) => recoverable.push(String(error?.message ?? error)),
  });
})();
