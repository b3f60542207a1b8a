// The Ionic/Capacitor app of capacitor.chromium.test.mjs (built by Vite from the packed package
// and the real Capacitor plugins): it starts as docs/ionic.md shows, with the context from
// `capacitorContext` and the ruleset kept in Preferences, plus a second client on the default
// storage (localStorage) to show what an eviction costs. The test reads `window.__app`.
import { App } from "@capacitor/app";
import { Capacitor } from "@capacitor/core";
import { Device } from "@capacitor/device";
import { Preferences } from "@capacitor/preferences";
import { createClient } from "rollgate";
import { capacitorContext, preferencesStorage } from "rollgate/capacitor";

const params = new URLSearchParams(location.search);

/**
 * What a client started with (as `createClient` resolved), and how its fetch ended: with a
 * ruleset in storage the client resolves at once and fetches in the background, so `refresh()`
 * waits for that fetch (or makes one) before `lastError` is read.
 */
async function started(client) {
  const at = { hasRuleset: client.hasRuleset, revision: client.revision };
  await client.refresh();
  return { ...at, lastError: client.lastError?.code ?? null };
}

async function main() {
  const native = await capacitorContext({ app: App, device: Device, webVersion: params.get("webVersion") ?? undefined });
  const onPreferences = await createClient({ url: "/flags.json", storage: preferencesStorage(Preferences), context: { userId: "u0", ...native } });
  const onLocalStorage = await createClient({ url: "/flags.json", storageKey: "rollgate:plain", context: { userId: "u0", ...native } });
  window.__app = {
    native,
    platform: Capacitor.getPlatform(),
    appInfoError: await App.getInfo().then(() => null, (e) => e.code ?? String(e)),
    preferences: await started(onPreferences),
    localStorage: await started(onLocalStorage),
    /** `tap-to-pay` for each user id, with the native context, as the client answers it. */
    answers(userIds) {
      return userIds.map((userId) => {
        onPreferences.setContext({ userId, ...native });
        const d = onPreferences.getDetails("tap-to-pay");
        return { value: d.value, variant: d.variant, reason: d.reason, ruleId: d.ruleId ?? null };
      });
    },
  };
}

main().catch((e) => {
  window.__app = { error: String(e?.stack ?? e) };
});
