// A real bundler: `npm pack` the package, install the tarball into a tiny app, build it with
// Vite, serve the output and run it in Chromium. Proves the `exports`, the `.wasm` asset URL
// and the OpenFeature entry survive bundling.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { installPackedApp, ruleset } from "./helpers.mjs";
import { startStatic, chromiumSession } from "./static-server.mjs";

let server;
const { work, browser } = await chromiumSession("rollgate-vite-", () => server);

test("a Vite build of an app importing rollgate runs in Chromium", async () => {
  const app = installPackedApp(work);
  writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><div id="out"></div><script type="module" src="/main.js"></script>`);
  writeFileSync(path.join(app, "main.js"), `
    import { createClient } from "rollgate";
    (async () => {
      try {
        const flags = await createClient({ bootstrap: ${JSON.stringify(ruleset(7))}, context: { userId: "u1", appVersion: "2.4.0", platform: "ios" } });
        const details = flags.getDetails("new-checkout");
        flags.setContext({ userId: "u1", appVersion: "2.0.0", platform: "ios" });
        window.__result = { enabled: details.value, reason: details.reason, revision: flags.revision,
          afterContext: flags.isEnabled("new-checkout"), layout: flags.getString("checkout-layout", "z") };
        flags.close();
      } catch (e) { window.__result = { error: String(e && e.stack || e) }; }
    })();`);
  const { build } = await import("vite");
  await build({ root: app, logLevel: "silent", build: { outDir: path.join(app, "dist"), emptyOutDir: true } });
  const assets = readdirSync(path.join(app, "dist", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite emitted the .wasm asset: ${assets}`);
  // An app that imports only `rollgate` bundles neither the React hooks, the test client nor the devtools panel.
  const bundled = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(app, "dist", "assets", f), "utf8")).join("\n");
  assert.match(bundled, /If-None-Match/, "the client is in the bundle");
  assert.doesNotMatch(bundled, /RollgateProvider|useSyncExternalStore|invalid test flags|rollgate-devtools|Search flags by key/);
  server = await startStatic({ "/": path.join(app, "dist") + path.sep });
  const page = await browser.newPage();
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
  assert.deepEqual(await page.evaluate(() => window.__result),
    { enabled: true, reason: "SPLIT", revision: 7, afterContext: false, layout: "a" });
});
