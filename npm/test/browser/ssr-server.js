// The server side of ssr.chromium.test.mjs, in Node, from the packed package: one client for
// the process, and per request the state for the request's context, rendered to HTML by a
// static client made from that state (as README's server rendering section shows).
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createClient, createClientSync, serverState, serializeServerState } from "rollgate";
import { RollgateProvider } from "rollgate/react";
import { App } from "./ssr-app.js";

/** A renderer over `ruleset`: (context, include) => { html, state } (the state serialized for a <script>). */
export async function createRenderer(ruleset) {
  const flags = await createClient({ bootstrap: ruleset, storage: false });
  return (context, include) => {
    const state = serverState(flags, context, { include });
    const client = createClientSync({ server: state, static: true });
    const html = renderToString(h(RollgateProvider, { client }, h(App)));
    return { html, state: serializeServerState(state) };
  };
}
