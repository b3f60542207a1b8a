// The page of ssr.chromium.test.mjs, rendered by the server (ssr-server.js, in Node) and
// hydrated in Chromium (ssr-main.js): every hook of rollgate/react, and an element whose text
// depends on a flag (#checkout; "old checkout" is the fallback it must never show).
import { createElement as h, useEffect } from "react";
import { useFlag, useFlagDetails, useFlags, useRollgateStatus } from "rollgate/react";

export function App() {
  const fresh = useFlag("new-checkout", false);
  const layout = useFlagDetails("checkout-layout", "?");
  const status = useRollgateStatus();
  const all = useFlags();
  useEffect(() => {
    window.__hydrated = true; // effects run in the browser only, after hydration
  }, []);
  return h("main", null,
    h("p", { id: "checkout" }, fresh ? `new checkout, layout ${layout.value}` : "old checkout"),
    h("p", { id: "why" }, `${layout.variant} ${layout.reason}`),
    h("p", { id: "status" }, `source=${status.source} ready=${status.ready} revision=${status.revision}`),
    h("p", { id: "count" }, `${Object.keys(all).length} flags`));
}
