// The other bundler the package promises to work with: `npm pack` the package, install the
// tarball into a tiny app, build it with webpack 5 (the Node API, pinned in tools/package.json)
// in production mode, serve the output and run it in Chromium. Proves that webpack resolves
// `rollgate` through the `exports` map to the browser entry, turns its
// `new URL("../pkg/rollgate_bg.wasm", import.meta.url)` into an emitted asset, and that the
// page loads that asset and answers exactly as the core does under Node; and that the debug
// module (its glue a chunk of its own, its .wasm another asset) loads only on explain().
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { NPM_DIR, ROOT, installPackedApp, ruleset } from "./helpers.mjs";
import { startStatic, chromiumSession } from "./static-server.mjs";
import { createClient } from "rollgate";

// webpack is a build tool of the repo (tools/), not a devDependency of the package.
const TOOLS = path.join(ROOT, "tools");
const toolsRequire = createRequire(path.join(TOOLS, "package.json"));

const RULESET = ruleset(7);
const CONTEXT = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
const OLD_APP = { userId: "u1", appVersion: "2.0.0", platform: "ios" };

let server;
const { work, browser } = await chromiumSession("rollgate-webpack-", () => server);

/** The same calls as the page makes, answered by the core through the package's Node entry. */
async function expectedFromCore() {
  const flags = await createClient({ bootstrap: RULESET, context: CONTEXT, storage: false });
  const details = flags.getDetails("new-checkout");
  const before = flags.allFlags();
  flags.setContext(OLD_APP);
  const result = { details, before, after: flags.allFlags(), revision: flags.revision,
    afterContext: flags.isEnabled("new-checkout"), layout: flags.getString("checkout-layout", "z"),
    maxItems: flags.getNumber("max-items", -1) };
  flags.close();
  return JSON.parse(JSON.stringify(result));
}

/** Runs a webpack build with the Node API and closes the compiler (frees its caches/watchers). */
function runWebpack(webpack, config) {
  return new Promise((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((err, stats) => {
      compiler.close((closeErr) => (err || closeErr ? reject(err || closeErr) : resolve(stats)));
    });
  });
}

test("a webpack 5 build of an app importing rollgate runs in Chromium", async () => {
  assert.ok(existsSync(path.join(TOOLS, "node_modules", "webpack")), "tools/node_modules/webpack missing: run scripts/setup.sh");
  const webpack = toolsRequire("webpack");
  assert.match(webpack.version, /^5\./, "webpack 5");

  const app = installPackedApp(work);
  const dist = path.join(app, "dist");
  // Imported by package name only, as a user would: webpack must find the entry via `exports`.
  writeFileSync(path.join(app, "main.js"), `
    import { createClient, Engine } from "rollgate";
    // Called by the test once the page has answered: the debug module loads only now.
    window.__explain = async () => {
      const engine = await Engine.create(${JSON.stringify(RULESET)});
      const trace = await engine.explain("new-checkout", ${JSON.stringify(CONTEXT)}, 0);
      engine.free();
      return trace;
    };
    (async () => {
      try {
        const flags = await createClient({ bootstrap: ${JSON.stringify(RULESET)}, context: ${JSON.stringify(CONTEXT)} });
        const details = flags.getDetails("new-checkout");
        const before = flags.allFlags();
        flags.setContext(${JSON.stringify(OLD_APP)});
        const result = { details, before, after: flags.allFlags(), revision: flags.revision,
          afterContext: flags.isEnabled("new-checkout"), layout: flags.getString("checkout-layout", "z"),
          maxItems: flags.getNumber("max-items", -1) };
        flags.close();
        window.__result = JSON.parse(JSON.stringify(result));
      } catch (e) { window.__result = { error: String(e && e.stack || e) }; }
    })();`);

  const stats = await runWebpack(webpack, {
    mode: "production",
    context: app,
    entry: "./main.js",
    target: "web",
    devtool: false,
    cache: false,
    // The .wasm (~260 KB) is above webpack's 244 KB hint: that is the product, not a bundling fault.
    performance: { hints: false },
    output: { path: dist, filename: "main.js", clean: true },
  });
  const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
  assert.deepEqual(info.errors, [], stats.toString("errors-only"));
  assert.deepEqual(info.warnings, [], "webpack warnings");

  // The two .wasm files are emitted assets, byte for byte the package's (the default module and
  // the debug module), and the bundle points to them relative to the script (publicPath
  // "auto"), not to a path on the build machine.
  const wasmAssets = info.assets.map((a) => a.name).filter((n) => n.endsWith(".wasm"));
  assert.equal(wasmAssets.length, 2, `webpack emitted the two .wasm assets: ${info.assets.map((a) => a.name)}`);
  const emitted = (file) => wasmAssets.find((a) => readFileSync(path.join(dist, a)).equals(readFileSync(path.join(NPM_DIR, file))));
  const wasmAsset = emitted("pkg/rollgate_bg.wasm");
  const debugAsset = emitted("pkg-debug/rollgate_bg.wasm");
  assert.ok(wasmAsset && debugAsset && wasmAsset !== debugAsset, `the default and the debug module: ${wasmAssets}`);
  const bundle = readFileSync(path.join(dist, "main.js"), "utf8");
  assert.ok(bundle.includes(path.basename(wasmAsset)), "the bundle references the emitted .wasm");
  assert.ok(!bundle.includes("file://") && !bundle.includes(work), "no build-machine path in the bundle");
  // The debug module's glue is a chunk of its own (the dynamic import), not in main.js.
  const chunks = readdirSync(dist).filter((f) => f.endsWith(".js") && f !== "main.js");
  assert.equal(chunks.length, 1, `main.js and one chunk, no Node-only chunk: ${chunks}`);
  assert.match(readFileSync(path.join(dist, chunks[0]), "utf8"), /explain/, "the chunk is the debug glue");
  assert.doesNotMatch(bundle, /wasmengine_explain/, "main.js does not hold the debug glue");

  writeFileSync(path.join(dist, "index.html"), `<!doctype html><meta charset="utf-8"><div id="out"></div><script src="main.js"></script>`);
  server = await startStatic({ "/": dist + path.sep });
  const page = await browser.newPage();
  const wasmFetched = [];
  page.on("response", (r) => { if (r.url().endsWith(".wasm")) wasmFetched.push([new URL(r.url()).pathname, r.status()]); });
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
  const got = await page.evaluate(() => window.__result);
  assert.equal(got.error, undefined, got.error);
  assert.deepEqual(wasmFetched, [[`/${wasmAsset}`, 200]], "the page loaded webpack's .wasm asset, and only that one");
  const trace = await page.evaluate(() => window.__explain());
  assert.deepEqual([trace.flag, trace.result.ruleId, trace.rules.map((r) => r.id)], ["new-checkout", "mobile", ["old-apps", "mobile"]]);
  assert.deepEqual(wasmFetched, [[`/${wasmAsset}`, 200], [`/${debugAsset}`, 200]], "explain() loaded the debug module");

  // Same answers as the core gives under Node, and the ones the ruleset is written to produce.
  assert.deepEqual(got, await expectedFromCore());
  assert.deepEqual({ enabled: got.details.value, reason: got.details.reason, revision: got.revision,
    afterContext: got.afterContext, layout: got.layout, maxItems: got.maxItems },
  { enabled: true, reason: "SPLIT", revision: 7, afterContext: false, layout: "a", maxItems: 5 });
});
