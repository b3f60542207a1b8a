// The demo page (examples/web) end to end in Chromium: the table shows what the engine says
// for the chosen context, the rollout slider changes exactly the expected flags, and a
// screenshot is saved for the docs (docs/wasm-demo.png).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { Engine, init } from "rollgate";
import { ROOT } from "./helpers.mjs";
import { startStatic, launchChromium } from "./static-server.mjs";

await init();
const server = await startStatic({ "/": ROOT + path.sep });
const browser = await launchChromium();
after(async () => { await browser.close(); await server.close(); });

const ruleset = JSON.parse(readFileSync(path.join(ROOT, "examples/web/flags.json"), "utf8"));

function expected(rs, ctx) {
  const e = new Engine();
  e.load(rs);
  const out = Object.fromEntries([...e.evaluateAll(ctx).toMap()].map(([k, r]) => [k, JSON.stringify(r.value ?? null)]));
  e.free();
  return out;
}

test("demo page: flags for a version, platform and user; the rollout slider", async () => {
  // A user outside the 10% rollout, so moving the slider to 100% changes something.
  let userId;
  for (let i = 0; !userId; i++) {
    const ctx = { userId: `user-${i}`, appVersion: "2.4.0", platform: "android", email: "jane@example.com" };
    if (expected(ruleset, ctx)["new-checkout"] === "false") userId = ctx.userId;
  }
  const ctx = { userId, appVersion: "2.4.0", platform: "android", email: "jane@example.com" };
  const page = await browser.newPage({ viewport: { width: 1000, height: 560 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/examples/web/index.html`);
  await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 30_000 });
  await page.selectOption("#platform", "android");
  await page.fill("#userId", userId);
  const read = () => page.$$eval("#flags tr", (rows) => Object.fromEntries(rows.map((r) => [r.dataset.flag, r.children[1].textContent])));
  assert.deepEqual(await read(), expected(ruleset, ctx));

  await page.fill("#rollout", "100");
  const at100 = structuredClone(ruleset);
  at100.flags["new-checkout"].rules.find((r) => r.id === "mobile").rollout.percent = 100;
  const after100 = expected(at100, ctx);
  assert.deepEqual(await read(), after100);
  assert.equal(after100["new-checkout"], "true");
  const before = expected(ruleset, ctx);
  const changedExpected = Object.keys(after100).filter((k) => after100[k] !== before[k]).sort();
  const changedShown = (await page.$$eval("#flags tr.changed", (rows) => rows.map((r) => r.dataset.flag))).sort();
  assert.deepEqual(changedShown, changedExpected);
  assert.match(await page.textContent("#reach"), /reaches 1000 of 1,000 simulated android users/);
  assert.match(await page.textContent("#status"), /revision 2 · 5 flags/);
  mkdirSync(path.join(ROOT, "docs"), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, "docs/wasm-demo.png") });
  assert.deepEqual(errors, []);
});
