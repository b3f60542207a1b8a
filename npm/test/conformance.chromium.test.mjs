// The whole conformance corpus through the WASM build in headless Chromium (Debian's), its explain
// cases through the debug module, plus a module web worker; the page loads the package as plain
// ES modules from a static server.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { NPM_DIR, CORPUS_DIR, assertSameCasesAsNode, corpus } from "./helpers.mjs";
import { startStatic, launchChromium } from "./static-server.mjs";

const files = corpus();
const server = await startStatic({ "/npm/": NPM_DIR + path.sep, "/corpus/": CORPUS_DIR + path.sep }, {
  "/corpus-index.json": (req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify(files.map((f) => f.file))); },
});
const browser = await launchChromium();
after(async () => { await browser.close(); await server.close(); });

test("the whole corpus passes in Chromium, with the same case counts as in Node", async () => {
  const page = await browser.newPage();
  const logs = [];
  page.on("console", (m) => logs.push(m.text()));
  page.on("pageerror", (e) => logs.push(String(e)));
  await page.goto(`${server.origin}/npm/test/browser/conformance.html`);
  await page.waitForFunction(() => window.__report !== undefined, null, { timeout: 60_000 });
  const report = await page.evaluate(() => window.__report);
  assert.equal(report.fatal, undefined, `${report.fatal}\n${logs.join("\n")}`);
  assert.ok(/Chrome\//.test(report.userAgent), report.userAgent);
  await assertSameCasesAsNode(report, files);
  assert.ok(report.explained >= 10, `explain cases run: ${report.explained}`);
  assert.deepEqual(report.wasmFetched, ["/npm/pkg/rollgate_bg.wasm", "/npm/pkg-debug/rollgate_bg.wasm"], "the default module, then the debug module for explain");
  assert.deepEqual(report.worker, { value: "b", reason: "TARGETING_MATCH", ruleId: "ios" });
  console.log(`# chromium: ${report.total} conformance cases passed in ${files.length} files, ${report.explained} explain cases (${report.userAgent.match(/Chrome\/[\d.]+/)[0]})`);
});
