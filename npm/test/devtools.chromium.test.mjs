// rollgate/devtools in Chromium: a Vite build (from the packed package) of
// test/browser/devtools-app.js, whose real client fetches examples/flags.json from a local
// server. The panel is a chunk of its own, loaded only when the app imports it; it lists what
// the engine serves, searches by key, shows the status, context and last fetch (a failed one
// too), explains a flag for the current context (the text `rollgate explain` prints for the same
// flag, context and time) and follows context and ruleset changes; over
// a test double with overrides it sets and clears them. Its screenshot is docs/images/devtools.png,
// rewritten only with UPDATE_SCREENSHOTS=1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Engine, init } from "rollgate";
import { reasonText, ruleText, valueText } from "../dist/devtools/model.js";
import { NPM_DIR, ROOT, installPackedApp, rollgateCli } from "./helpers.mjs";
import { startStatic, chromiumSession } from "./static-server.mjs";

const SCREENSHOT = path.join(ROOT, "docs", "images", "devtools.png");
const EXAMPLE = path.join(ROOT, "examples", "flags.json");
const example = JSON.parse(readFileSync(EXAMPLE, "utf8"));
const alice = { userId: "u-00001", email: "alice@acme.com", appVersion: "2.4.0", platform: "ios", plan: "enterprise" };
const bob = { userId: "u-00002", email: "bob@example.com", appVersion: "2.2.0", platform: "android", plan: "free" };

await init();
let server;
const { work, browser } = await chromiumSession("rollgate-devtools-", () => server);

/** The rows the panel must show for `ruleset` and `context`, as the engine evaluates them. */
function expectedRows(ruleset, context) {
  const engine = new Engine();
  engine.load(ruleset);
  const rows = [...engine.evaluateAll(context).toMap()].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, r]) => ({ key, value: valueText(r.value), variant: r.variant ?? "—", reason: reasonText(r), rule: ruleText(r) }));
  engine.free();
  return rows;
}

/**
 * What `rollgate explain` prints for `ruleset` (a file), `flag` and `context` at the time the
 * panel's trace `shown` ends with ("evaluated at <time>, ...").
 */
function cliTrace(file, flag, context, shown) {
  const at = shown.at(-1)?.match(/^ {2}evaluated at (\S+), ruleset revision \d+$/);
  assert.ok(at, `the trace ends with its time:\n${shown.join("\n")}`);
  const run = spawnSync(rollgateCli(), ["explain", file, "--flag", flag, "--context", JSON.stringify(context), "--now", String(Date.parse(at[1]))], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** The panel's trace as text: each line indented two spaces per depth level (its `depthN` class). */
const traceText = (shown) => shown.map((line) => `${line}\n`).join("");

test("rollgate/devtools in Chromium: loaded on demand; rows, search, status, last fetch, why?, overrides; screenshot", async () => {
  const app = installPackedApp(work);
  writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body data-context='${JSON.stringify(alice)}' style="margin:0;background:#eef1f4"><div id="devtools" style="width:900px;padding:12px"></div><script type="module" src="/main.js"></script></body>`);
  copyFileSync(path.join(NPM_DIR, "test", "browser", "devtools-app.js"), path.join(app, "main.js"));
  const { build } = await import("vite");
  await build({ root: app, logLevel: "silent", build: { outDir: path.join(app, "dist"), emptyOutDir: true } });

  // The panel is a chunk of its own: the entry chunk has none of it.
  const assets = path.join(app, "dist", "assets");
  const chunks = readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => ({ f, text: readFileSync(path.join(assets, f), "utf8") }));
  const entry = readFileSync(path.join(app, "dist", "index.html"), "utf8").match(/src="\/assets\/([^"]+\.js)"/)[1];
  // Strings of the panel's code (the app's own code names the element's tag, so that is no marker).
  const panel = chunks.filter((c) => c.text.includes("Search flags by key"));
  assert.equal(panel.length, 1, chunks.map((c) => c.f).join());
  assert.notEqual(panel[0].f, entry);
  assert.doesNotMatch(chunks.find((c) => c.f === entry).text, /Search flags by key|data-override|customElements/);
  const panelGzip = gzipSync(panel[0].text, { level: 9 }).length;
  assert.ok(panelGzip < 5_000, `the panel's chunk is ${panelGzip} B gzip`);
  console.log(`# devtools chunk ${panel[0].f}: ${Buffer.byteLength(panel[0].text)} B, gzip -9 ${panelGzip} B`);

  let served = { status: 200, ruleset: example };
  server = await startStatic({ "/": path.join(app, "dist") + path.sep }, {
    "/flags.json": (_req, res) => {
      res.writeHead(served.status, { "content-type": "application/json", "cache-control": "no-cache" });
      res.end(served.status === 200 ? JSON.stringify(served.ruleset) : "server error");
    },
  });
  const page = await browser.newPage({ viewport: { width: 924, height: 900 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => window.__app !== undefined, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__app.error), undefined);

  // Not loaded until asked for.
  const loaded = () => page.evaluate((f) => performance.getEntriesByType("resource").some((e) => e.name.endsWith(`/assets/${f}`)), panel[0].f);
  assert.equal(await page.evaluate(() => customElements.get("rollgate-devtools")), undefined);
  assert.equal(await loaded(), false);
  await page.evaluate(() => window.__app.mount("inline"));
  assert.equal(await loaded(), true);

  /** What the panel shows, read from its shadow root. */
  const read = () => page.evaluate(() => {
    const root = document.querySelector("rollgate-devtools").shadowRoot;
    const field = (name) => root.querySelector(`[data-field="${name}"]`).textContent;
    return {
      rows: [...root.querySelectorAll("tbody tr")].map((tr) => Object.fromEntries([...tr.querySelectorAll("td[data-col]")].map((td) =>
        [td.dataset.col, td.dataset.col === "override" ? (td.querySelector("select")?.value ?? null) : td.textContent]))),
      overridden: [...root.querySelectorAll("tbody tr.overridden")].map((tr) => tr.dataset.flag),
      overrideColumn: [...root.querySelectorAll("th")].some((th) => th.textContent === "Override" && !th.hidden),
      clearShown: !root.querySelector('[data-action="clear-overrides"]').hidden,
      status: root.querySelector(".status").textContent,
      source: field("source"), revision: field("revision"), fetch: field("fetch"), error: field("error"), context: field("context"),
      count: root.querySelector(".count").textContent,
      notice: root.querySelector(".notice").hidden ? "" : root.querySelector(".notice").textContent,
      why: root.querySelector(".why").hidden ? undefined : root.querySelector(".why .title").textContent,
      trace: [...root.querySelectorAll(".why li")].map((li) => "  ".repeat(Number(li.className.match(/\bdepth(\d)\b/)?.[1] ?? 0)) + li.textContent),
      verdicts: Object.fromEntries([...root.querySelectorAll(".why li")].map((li) => [li.textContent, li.classList.contains("pass") ? "pass" : li.classList.contains("fail") ? "fail" : ""])),
    };
  });
  const settle = () => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  const inPanel = (selector) => page.locator(`rollgate-devtools ${selector}`);

  let shown = await read();
  const realHasOverrides = await page.evaluate(() => typeof window.__app.flags.setOverride === "function");
  assert.deepEqual(shown.rows.map(({ override: _, ...row }) => row), expectedRows(example, alice));
  assert.equal(shown.overrideColumn, realHasOverrides, "override controls only for a client that has overrides");
  assert.equal(shown.status, "network · ready · revision 42");
  assert.deepEqual([shown.source, shown.revision, shown.error, shown.count], ["network", "42", "none", "8 of 8 flags"]);
  assert.match(shown.fetch, /^\d\d:\d\d:\d\d UTC updated$/);
  assert.equal(shown.context, Object.keys(alice).sort().map((k) => `${k} = ${JSON.stringify(alice[k])}`).join("\n"));
  assert.equal(shown.why, undefined);

  // Search by key.
  await inPanel('input[type="search"]').fill("DARK");
  shown = await read();
  assert.deepEqual(shown.rows.map((r) => r.key), ["dark-mode", "dark-mode-v2"]);
  assert.equal(shown.count, "2 of 8 flags");
  await inPanel('input[type="search"]').fill("");
  assert.equal((await read()).rows.length, 8);

  // why? for the current context, following a context change.
  await inPanel('button[data-why="new-checkout"]').click();
  // The first trace loads the debug module (ADR 0027); later ones answer within a settle.
  await page.waitForFunction(() => document.querySelector("rollgate-devtools").shadowRoot.querySelectorAll(".why li").length > 0);
  shown = await read();
  assert.equal(shown.why, "Why new-checkout? (current context)");
  assert.equal(traceText(shown.trace), cliTrace(EXAMPLE, "new-checkout", alice, shown.trace));
  assert.match(shown.trace.at(-1), /^ {2}evaluated at \d{4}-\d\d-\d\dT[\d:.]+Z, ruleset revision 42$/);
  // Styled by the core's verdicts: the rule that decided passed, the rules before it failed.
  assert.equal(shown.verdicts["rule beta: matched"], "pass");
  assert.equal(shown.verdicts["rule old-apps: no match"], "fail");
  assert.equal(shown.verdicts[shown.trace[0]], "", "the result line tests nothing");
  await page.evaluate((ctx) => window.__app.flags.setContext(ctx), bob);
  await settle();
  shown = await read();
  assert.deepEqual(shown.rows.map(({ override: _, ...row }) => row), expectedRows(example, bob));
  assert.equal(traceText(shown.trace), cliTrace(EXAMPLE, "new-checkout", bob, shown.trace));
  assert.match(shown.context, /^appVersion = "2\.2\.0"\nemail = "bob@example\.com"/);

  // A failed fetch: its time, outcome and error; then a new ruleset.
  served = { status: 500 };
  await inPanel("header button").first().click();
  await page.waitForFunction(() => /failed/.test(document.querySelector("rollgate-devtools").shadowRoot.querySelector('[data-field="fetch"]').textContent));
  shown = await read();
  assert.match(shown.fetch, /^\d\d:\d\d:\d\d UTC failed \(HTTP_ERROR\)$/);
  assert.equal(shown.error, `HTTP_ERROR: GET /flags.json: HTTP 500`);
  assert.equal(shown.status, "network · ready · stale · revision 42");
  const newer = structuredClone(example);
  newer.revision = 43;
  newer.flags["checkout-layout"].rules = [];
  newer.flags["checkout-layout"].default = "B";
  served = { status: 200, ruleset: newer };
  await inPanel("header button").first().click();
  await page.waitForFunction(() => document.querySelector("rollgate-devtools").shadowRoot.querySelector('[data-field="revision"]').textContent === "43");
  await settle();
  shown = await read();
  assert.deepEqual([shown.status, shown.error], ["network · ready · revision 43", "none"]);
  assert.match(shown.fetch, /^\d\d:\d\d:\d\d UTC updated$/);
  assert.deepEqual(shown.rows.map(({ override: _, ...row }) => row), expectedRows(newer, bob));
  assert.match(shown.trace.at(-1), /ruleset revision 43$/);
  const newerFile = path.join(work, "flags-43.json");
  writeFileSync(newerFile, JSON.stringify(newer));
  assert.equal(traceText(shown.trace), cliTrace(newerFile, "new-checkout", bob, shown.trace));

  // Over a client with overrides (the test double): set, clear one, a refused one, clear all.
  await page.evaluate(() => window.__app.mount("overrides"));
  await page.evaluate((ctx) => window.__app.flags.setContext(ctx), alice);
  await settle();
  shown = await read();
  assert.equal(shown.overrideColumn, true);
  assert.equal(shown.clearShown, false);
  assert.ok(shown.rows.every((r) => r.override === ""), "no override yet");
  await inPanel('select[data-override="checkout-layout"]').selectOption("C");
  await inPanel('select[data-override="new-checkout"]').selectOption("off");
  await settle();
  shown = await read();
  const row = (key) => shown.rows.find((r) => r.key === key);
  assert.deepEqual(row("checkout-layout"), { key: "checkout-layout", value: '"express"', variant: "C", reason: "OVERRIDE", rule: "—", override: "C" });
  assert.deepEqual(row("new-checkout"), { key: "new-checkout", value: "false", variant: "off", reason: "OVERRIDE", rule: "—", override: "off" });
  assert.deepEqual(shown.overridden, ["checkout-layout", "new-checkout"]);
  assert.equal(shown.clearShown, true);
  await inPanel('select[data-override="new-checkout"]').selectOption("");
  await settle();
  shown = await read();
  assert.deepEqual(shown.overridden, ["checkout-layout"]);
  assert.deepEqual(row("new-checkout"), { ...expectedRows(newer, alice).find((r) => r.key === "new-checkout"), override: "" });
  // What the client refuses is shown, not lost.
  await page.evaluate(() => {
    const select = document.querySelector("rollgate-devtools").shadowRoot.querySelector('select[data-override="max-cart-items"]');
    select.append(new Option("huge", "huge"));
    select.value = "huge";
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  shown = await read();
  assert.equal(shown.notice, 'max-cart-items has no variant "huge"');
  // why? through an explain that answers with a Promise.
  await inPanel('button[data-why="dark-mode-v2"]').click();
  await page.waitForFunction(() => document.querySelector("rollgate-devtools").shadowRoot.querySelectorAll(".why li").length > 0);
  shown = await read();
  assert.equal(traceText(shown.trace), cliTrace(newerFile, "dark-mode-v2", alice, shown.trace));

  // The screenshot for the docs: an override, and why? open for new-checkout.
  await inPanel('select[data-override="max-cart-items"]').selectOption("");
  await inPanel('button[data-why="new-checkout"]').click();
  await settle();
  shown = await read();
  assert.equal(shown.notice, "");
  assert.deepEqual(shown.overridden, ["checkout-layout"]);
  assert.ok(shown.trace.some((line) => line.startsWith("  rule beta: matched")), shown.trace.join("\n"));
  const png = await page.locator("rollgate-devtools").screenshot();
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    writeFileSync(SCREENSHOT, png);
  }
  assert.ok(existsSync(SCREENSHOT), `${SCREENSHOT} (run with UPDATE_SCREENSHOTS=1 to make it)`);
  assert.equal(readFileSync(SCREENSHOT).subarray(1, 4).toString(), "PNG");

  await inPanel('[data-action="clear-overrides"]').click();
  await settle();
  shown = await read();
  assert.deepEqual([shown.overridden, shown.clearShown], [[], false]);

  // Without a parent, the panel floats over the page.
  await page.evaluate(() => window.__app.mount("floating"));
  assert.deepEqual(await page.evaluate(() => {
    const el = document.querySelector("rollgate-devtools");
    return [el.parentElement.tagName, el.hasAttribute("floating"), getComputedStyle(el).position];
  }), ["BODY", true, "fixed"]);
  // Placed by hand: defineDevtools(), then the element's client.
  await page.evaluate(() => window.__app.mount("manual"));
  assert.deepEqual(await page.evaluate(() => {
    const el = document.querySelector("rollgate-devtools");
    return [document.querySelectorAll("rollgate-devtools").length, el.parentElement.id, el.hasAttribute("floating"), el.shadowRoot.querySelectorAll("tbody tr").length];
  }), [1, "devtools", false, 8]);
  assert.deepEqual(problems, []);
});
