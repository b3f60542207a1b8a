// The React app of react.chromium.test.mjs (built by Vite from the packed package): two roots,
// one over a real client fetching /flags.json, one over a test client. Every component counts
// its renders; the test drives changes through `window.__app` and compares the counts.
import { createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { createClient, RollgateError } from "rollgate";
import { RollgateProvider, useFlag, useFlagDetails, useFlags, useRollgateStatus } from "rollgate/react";
import { createTestClient } from "rollgate/testing";

const renders = {};
const counted = (name, render) => {
  const component = () => {
    renders[name] = (renders[name] ?? 0) + 1;
    return h("p", { id: name }, render());
  };
  component.displayName = name;
  return component;
};

const NewCheckout = counted("NewCheckout", () => String(useFlag("new-checkout", false)));
const CheckoutWhy = counted("CheckoutWhy", () => {
  const d = useFlagDetails("new-checkout", false);
  return `${d.value} ${d.reason} ${d.ruleId ?? "-"}`;
});
const Layout = counted("Layout", () => useFlag("checkout-layout", "?"));
const LayoutWhy = counted("LayoutWhy", () => {
  const d = useFlagDetails("checkout-layout", "?");
  return `${d.value} ${d.variant} ${d.reason}`;
});
const MaxItems = counted("MaxItems", () => String(useFlag("max-items", 0)));
const All = counted("All", () => JSON.stringify(useFlags()));
const Status = counted("Status", () => {
  const s = useRollgateStatus();
  return `ready=${s.ready} stale=${s.stale} revision=${s.revision} error=${s.error?.code ?? "-"}`;
});

const TestCheckout = counted("TestCheckout", () => String(useFlag("new-checkout", false)));
const TestLayout = counted("TestLayout", () => useFlag("checkout-layout", "?"));
const TestStatus = counted("TestStatus", () => {
  const s = useRollgateStatus();
  return `stale=${s.stale} error=${s.error?.code ?? "-"}`;
});

/** Resolves after a macrotask: React flushes the updates a store change schedules in a microtask. */
const settle = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
});

(async () => {
  try {
    const client = await createClient({ url: "/flags.json", storage: false, context: { userId: "u1", appVersion: "2.4.0", platform: "ios" } });
    const testClient = createTestClient({ "new-checkout": true, "checkout-layout": "B" });
    createRoot(document.getElementById("real")).render(
      h(RollgateProvider, { client }, h(NewCheckout), h(CheckoutWhy), h(Layout), h(LayoutWhy), h(MaxItems), h(All), h(Status)));
    createRoot(document.getElementById("test")).render(
      h(RollgateProvider, { client: testClient }, h(TestCheckout), h(TestLayout), h(TestStatus)));
    const text = () => Object.fromEntries([...document.querySelectorAll("p")].map((p) => [p.id, p.textContent]));
    window.__app = { client, testClient, renders, settle, text, RollgateError };
  } catch (e) {
    window.__app = { error: String(e?.stack ?? e) };
  }
})();
