// Server rendering with React 19, end to end: a Node server renders the page with the packed
// package (serverState, a static client, renderToString) and Chromium hydrates it with a client
// made from the page's state (test/browser/ssr-*.js, built by Vite). Checked: no hydration
// mismatch (React's recoverable errors and console), the flag-dependent element never shows its
// fallback (a MutationObserver installed before the body records every text it has), the
// client answers with the server's values while the .wasm is held back by the server, the
// engine takes over without a change event, the preloaded .wasm is fetched once, and a client
// whose values are newer than the page's still hydrates, then moves to them.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { NPM_DIR, installPackedApp, ruleset } from "./helpers.mjs";
import { startStatic, launchChromium } from "./static-server.mjs";

const CONTEXT = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
// The preload of npm/README.md ("Loading the module early"), verbatim.
const PRELOAD = readFileSync(path.join(NPM_DIR, "README.md"), "utf8").match(/```html\n(<link rel="preload"[^\n]*)\n```/)[1];
const work = mkdtempSync(path.join(tmpdir(), "rollgate-ssr-"));
const browser = await launchChromium();
const app = installPackedApp(work);
for (const dep of ["react", "react-dom", "scheduler"]) symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
for (const file of ["ssr-app.js", "ssr-server.js", "ssr-main.js"]) copyFileSync(path.join(NPM_DIR, "test", "browser", file), path.join(app, file));
writeFileSync(path.join(app, "index.html"), `<!doctype html><script type="module" src="/ssr-main.js"></script>`);
const { build } = await import("vite");
// React's development build: it reports every hydration difference on the console (attributes
// too, which the production build ignores), besides the recoverable errors both builds report.
await build({ root: app, logLevel: "silent", mode: "development", define: { "process.env.NODE_ENV": JSON.stringify("development") }, build: { outDir: path.join(app, "dist"), emptyOutDir: true, minify: false } });
assert.match(readdirSync(path.join(app, "dist", "assets")).map((f) => readFileSync(path.join(app, "dist", "assets", f), "latin1")).join(""), /A tree hydrated but some attributes/, "React's development build");
const entry = readFileSync(path.join(app, "dist", "index.html"), "utf8").match(/src="(\/assets\/[^"]+\.js)"/)[1];
const { createRenderer } = await import(pathToFileURL(path.join(app, "ssr-server.js")).href);
const render = await createRenderer(JSON.stringify(ruleset(7, { layout: "b" })));
const wasmBytes = readFileSync(path.join(app, "node_modules", "rollgate", "pkg", "rollgate_bg.wasm"));

// What the server does per test: the ruleset it serves at /flags.json, how long it holds the
// .wasm back, and every request for the .wasm.
const host = { flags: JSON.stringify(ruleset(7, { layout: "b" })), wasmGate: Promise.resolve(), wasmRequests: [] };

/** The page: the preload (`?preload=no-crossorigin`: without that attribute), the recorder of #checkout's texts, the server's HTML and state. */
function page(url) {
  const include = url.searchParams.get("include") ?? "values";
  const { html, state } = render(CONTEXT, include);
  const preload = url.searchParams.get("preload") === "no-crossorigin" ? PRELOAD.replace(" crossorigin", "") : PRELOAD;
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
${preload}
<script>
  window.__texts = [];
  window.__elements = new Set();
  new MutationObserver(() => {
    const el = document.getElementById("checkout");
    if (el === null) return;
    window.__elements.add(el);
    if (window.__texts[window.__texts.length - 1] !== el.textContent) window.__texts.push(el.textContent);
  }).observe(document, { subtree: true, childList: true, characterData: true });
</script>
<script type="module" src="${entry}"></script>
</head><body><div id="root">${html}</div>
<script type="application/json" id="rollgate-state">${state}</script>
</body></html>`;
}

const server = await startStatic({ "/assets/": path.join(app, "dist", "assets") + path.sep }, {
  "/": (req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(page(new URL(req.url, "http://x")));
  },
  "/rollgate_bg.wasm": async (req, res) => {
    host.wasmRequests.push(req.headers["sec-fetch-dest"] ?? "?");
    await host.wasmGate;
    res.writeHead(200, { "content-type": "application/wasm", "cache-control": "no-store" });
    res.end(wasmBytes);
  },
  "/flags.json": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
    res.end(host.flags);
  },
});
after(async () => {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** A new page whose console messages, page errors and failed requests are collected. */
async function open(path) {
  const tab = await browser.newPage();
  const console = [];
  tab.on("console", (m) => console.push(`${m.type()}: ${m.text()}`));
  tab.on("pageerror", (e) => console.push(`pageerror: ${e}`));
  await tab.goto(`${server.origin}${path}`);
  return { tab, console };
}

const texts = (tab) => tab.evaluate(() => ({ texts: window.__texts, elements: window.__elements.size, shown: Object.fromEntries([...document.querySelectorAll("p")].map((p) => [p.id, p.textContent])) }));

for (const include of ["values", "ruleset"]) {
  test(`include: ${include}: hydration with no mismatch, never the fallback, the server's values before the .wasm, and a takeover without a change`, async () => {
    let release;
    host.wasmGate = new Promise((resolve) => { release = resolve; });
    host.wasmRequests = [];
    host.flags = JSON.stringify(ruleset(7, { layout: "b" }));
    const { tab, console } = await open(`/?include=${include}`);
    await tab.waitForFunction(() => window.__hydrated === true, null, { timeout: 30_000 });

    // Hydrated while the .wasm is still held back by the server: the answers were the server's.
    const before = await tab.evaluate(() => ({ first: window.__ssr.first, initialized: window.__ssr.isInitialized(), status: { ...window.__ssr.client.status } }));
    assert.deepEqual(before, {
      first: { initialized: false, enabled: true, layout: "b", status: { source: "server", ready: true, stale: false, error: undefined, revision: 7 } },
      initialized: false,
      status: { source: "server", ready: true, stale: false, error: undefined, revision: 7 },
    });
    assert.deepEqual(host.wasmRequests, ["empty"], "one request for the .wasm so far: the preload's");
    const shown = { checkout: "new checkout, layout b", why: "B STATIC", status: "source=server ready=true revision=7", count: "3 flags" };
    assert.deepEqual(await texts(tab), { texts: ["new checkout, layout b"], elements: 1, shown });

    release();
    await tab.evaluate(() => window.__ssr.client.started);
    await tab.evaluate(() => window.__ssr.client.refresh());
    const afterTakeover = await tab.evaluate(() => ({
      initialized: window.__ssr.isInitialized(), events: window.__ssr.events, revision: window.__ssr.client.engine.revision,
      exposures: window.__ssr.exposures, recoverable: window.__ssr.recoverable,
    }));
    assert.deepEqual(afterTakeover, {
      initialized: true,
      // The fetched ruleset is the page's revision: values only, it takes over from the server's
      // values (a status event, no change); with the ruleset in the page, nothing changes at all.
      events: include === "values" ? [["status", "network"]] : [],
      revision: 7,
      exposures: ["new-checkout=true", "checkout-layout=b"],
      recoverable: [],
    });
    assert.deepEqual(host.wasmRequests, ["empty"], "the preload was used: no second request for the .wasm");
    const final = await texts(tab);
    assert.deepEqual(final.texts, ["new checkout, layout b"], "the element only ever showed the server's value");
    assert.equal(final.elements, 1, "the server's element was hydrated, never replaced");
    assert.equal(final.shown.status, include === "values" ? "source=network ready=true revision=7" : "source=server ready=true revision=7");
    assert.deepEqual(console.filter((m) => /hydrat|mismatch|did not match|preload|error|warn/i.test(m)), []);
    await tab.close();
  });
}

test("a client already newer than the page (engine ready, a newer ruleset fetched) hydrates with the page's values, then moves to its own", async () => {
  host.wasmGate = Promise.resolve();
  host.wasmRequests = [];
  host.flags = JSON.stringify(ruleset(8, { layout: "a" }));
  const { tab, console } = await open("/?late");
  await tab.waitForFunction(() => window.__hydrated === true, null, { timeout: 30_000 });
  await tab.waitForFunction(() => document.getElementById("checkout").textContent === "new checkout, layout a", null, { timeout: 5000 });
  const state = await tab.evaluate(() => ({ recoverable: window.__ssr.recoverable, events: window.__ssr.events }));
  assert.deepEqual(state.recoverable, [], "hydration rendered the server's snapshot: no mismatch");
  assert.deepEqual(state.events, [["change", ["checkout-layout"]], ["details", ["checkout-layout"]], ["update", { previousRevision: 7, revision: 8, source: "network" }], ["status", "network"]]);
  const final = await texts(tab);
  assert.deepEqual(final.texts, ["new checkout, layout b", "new checkout, layout a"], "the page's value, then the newer one; never the fallback");
  assert.equal(final.elements, 1);
  assert.deepEqual(final.shown, { checkout: "new checkout, layout a", why: "A STATIC", status: "source=network ready=true revision=8", count: "3 flags" });
  assert.deepEqual(console.filter((m) => /hydrat|mismatch|did not match|preload|error|warn/i.test(m)), []);
  await tab.close();
});

test("the preload without crossorigin is a request of another mode: Chromium fetches the .wasm twice", async () => {
  host.wasmGate = Promise.resolve();
  host.wasmRequests = [];
  host.flags = JSON.stringify(ruleset(7, { layout: "b" }));
  const { tab } = await open("/?preload=no-crossorigin");
  await tab.waitForFunction(() => window.__hydrated === true, null, { timeout: 30_000 });
  await tab.evaluate(() => window.__ssr.client.started);
  assert.equal(host.wasmRequests.length, 2, "the preload's request and the module's own");
  await tab.close();
});
