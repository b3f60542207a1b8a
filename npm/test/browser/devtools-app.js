// The app of devtools.chromium.test.mjs, built by Vite from the packed package: a real client
// that fetches /flags.json. The devtools panel is imported (`import("rollgate/devtools")`) only
// when the test opens it, so it is a chunk of its own that the page loads on demand.
import { createClient } from "rollgate";

/**
 * A test double of a client with overrides: the real client, plus `setOverride`,
 * `clearOverride`, `clearOverrides`, `overrides()` and the `overrides` event, whose results say
 * OVERRIDE for a forced variant; and an `explain` that answers with a Promise, as one that
 * loads a debug module first does. Everything else is the real client's.
 */
function withOverrides(client) {
  const forced = new Map();
  const listeners = new Set();
  const notify = (keys) => { for (const listener of [...listeners]) listener(keys); };
  const results = () => {
    const out = new Map(client.allDetails());
    for (const [key, variant] of forced) {
      const value = client.engine.flag(key).variants[variant];
      out.set(key, Object.freeze({ ...out.get(key), value, variant, reason: "OVERRIDE", ruleId: undefined }));
    }
    return out;
  };
  const extra = {
    setOverride(key, variant) {
      const info = client.engine.flag(key);
      if (info === undefined || !(variant in info.variants)) throw new Error(`${key} has no variant ${JSON.stringify(variant)}`);
      forced.set(key, variant);
      notify([key]);
    },
    clearOverride(key) { if (forced.delete(key)) notify([key]); },
    clearOverrides() {
      const keys = [...forced.keys()];
      forced.clear();
      if (keys.length > 0) notify(keys);
    },
    overrides: () => Object.fromEntries(forced),
    allDetails: results,
    getDetails: (key) => results().get(key) ?? client.getDetails(key),
    async explain(key) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return typeof client.explain === "function" ? client.explain(key) : client.engine.explain(key, client.getContext(), Date.now() + client.clockOffset);
    },
    on: (event, listener) => (event === "overrides" ? (listeners.add(listener), () => listeners.delete(listener)) : client.on(event, listener)),
  };
  return new Proxy(client, {
    get: (target, prop) => (prop in extra ? extra[prop] : typeof target[prop] === "function" ? target[prop].bind(target) : target[prop]),
  });
}

(async () => {
  try {
    const flags = await createClient({ url: "/flags.json", context: JSON.parse(document.body.dataset.context), storage: false });
    window.__app = {
      flags,
      /**
       * Opens the panel: `inline` in #devtools, `overrides` the same over the test double,
       * `floating` over the page, `manual` placed by hand (defineDevtools, element.client).
       */
      async mount(kind) {
        const { defineDevtools, mountDevtools } = await import("rollgate/devtools");
        document.querySelector("rollgate-devtools")?.remove();
        if (kind === "manual") {
          defineDevtools();
          const element = document.createElement("rollgate-devtools");
          element.client = flags;
          document.querySelector("#devtools").append(element);
          return;
        }
        const client = kind === "overrides" ? withOverrides(flags) : flags;
        mountDevtools(client, kind === "floating" ? {} : { parent: document.querySelector("#devtools") });
      },
    };
  } catch (e) {
    window.__app = { error: String((e && e.stack) || e) };
  }
})();
