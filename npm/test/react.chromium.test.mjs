// rollgate/react in Chromium with React 19: a Vite build (production React) of
// test/browser/react-app.js, installed from the packed package, whose components count their
// renders. A context change, a ruleset update, a ramp step and a failed refresh each re-render
// exactly the components that read what changed; so does a value set on the test client.
// The page's clock is Playwright's fake clock: the ramp step arrives when the test moves it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NPM_DIR, installPackedApp, ruleset } from "./helpers.mjs";
import { startStatic, chromiumSession } from "./static-server.mjs";

const T0 = Date.parse("2030-01-01T00:00:00Z");
const HOUR = 3_600_000;

/** The helpers' ruleset plus `max-items` ramped to `big` for everyone at T0 + 1 h. */
function flags(revision, layout) {
  const rs = ruleset(revision, { layout });
  rs.flags["max-items"].rules = [{ id: "ramp", rollout: { steps: [{ at: T0 + HOUR, percent: 100 }], serve: "big" } }];
  return rs;
}

let server;
const { work, browser } = await chromiumSession("rollgate-react-", () => server);

test("rollgate/react re-renders exactly the components whose flags changed (context, ruleset, ramp step, refresh error, test client)", async () => {
  const app = installPackedApp(work);
  for (const dep of ["react", "react-dom", "scheduler"]) symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
  writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="real"></div><div id="test"></div><script type="module" src="/main.js"></script>`);
  copyFileSync(path.join(NPM_DIR, "test", "browser", "react-app.js"), path.join(app, "main.js"));
  const { build } = await import("vite");
  await build({ root: app, logLevel: "silent", mode: "production", build: { outDir: path.join(app, "dist"), emptyOutDir: true } });
  const built = readdirSync(path.join(app, "dist", "assets")).filter((f) => f.endsWith(".js")).map((f) => path.join(app, "dist", "assets", f));
  assert.ok(built.length > 0);

  let served = { status: 200, body: JSON.stringify(flags(1, "a")) };
  server = await startStatic({ "/": path.join(app, "dist") + path.sep }, {
    "/flags.json": (_req, res) => {
      // No Date: the page's fake clock stands for the server's (with the real time in Date, the
      // client would correct the page's 2030 back to today, as it should for a device's clock).
      res.sendDate = false;
      res.writeHead(served.status, { "content-type": "application/json", "cache-control": "no-cache" });
      res.end(served.body);
    },
  });
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  await page.clock.install({ time: T0 });
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => window.__app !== undefined && (window.__app.error || document.querySelectorAll("p").length === 10), null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__app.error), undefined);

  /** Runs `action` in the page, lets React flush, and returns the render counts and the texts. */
  const step = async (action, arg) => page.evaluate(async ([source, arg]) => {
    await new Function("app", "arg", `return (async () => { ${source} })()`)(window.__app, arg);
    await window.__app.settle();
    await window.__app.settle();
    return { renders: { ...window.__app.renders }, text: window.__app.text() };
  }, [action, arg]);

  const initial = { NewCheckout: 1, CheckoutWhy: 1, Layout: 1, LayoutWhy: 1, MaxItems: 1, All: 1, Status: 1, TestCheckout: 1, TestLayout: 1, TestStatus: 1 };
  let state = await step("");
  assert.deepEqual(state.renders, initial);
  assert.deepEqual(state.text, {
    NewCheckout: "true", CheckoutWhy: "true SPLIT mobile", Layout: "a", LayoutWhy: "a A STATIC", MaxItems: "5",
    All: JSON.stringify({ "checkout-layout": "a", "max-items": 5, "new-checkout": true }), Status: "ready=true stale=false revision=1 error=-",
    TestCheckout: "true", TestLayout: "B", TestStatus: "stale=false error=-",
  });
  const expect = (changes) => {
    for (const [name, n] of Object.entries(changes)) initial[name] += n;
    return { ...initial };
  };

  // Context change: the old app version turns new-checkout off; nothing else changes.
  state = await step(`app.client.setContext({ userId: "u1", appVersion: "2.2.0", platform: "ios" });`);
  assert.deepEqual(state.renders, expect({ NewCheckout: 1, CheckoutWhy: 1, All: 1 }));
  assert.equal(state.text.NewCheckout, "false");
  assert.equal(state.text.CheckoutWhy, "false TARGETING_MATCH old-apps");

  // Another context with the same value for another reason: only the details view re-renders.
  state = await step(`app.client.setContext({ userId: "u1", appVersion: "2.4.0", platform: "web" });`);
  assert.deepEqual(state.renders, expect({ CheckoutWhy: 1 }));
  assert.equal(state.text.CheckoutWhy, "false DEFAULT -");

  // Ruleset update (revision 2, layout B): the layout views, all flags and the status.
  served = { status: 200, body: JSON.stringify(flags(2, "b")) };
  state = await step(`if (await app.client.refresh() !== "updated") throw new Error("no update");`);
  assert.deepEqual(state.renders, expect({ Layout: 1, LayoutWhy: 1, All: 1, Status: 1 }));
  assert.equal(state.text.Layout, "b");
  assert.equal(state.text.LayoutWhy, "b B STATIC");
  assert.equal(state.text.Status, "ready=true stale=false revision=2 error=-");

  // Ramp step: an hour later on the page's clock, the client's ramp timer recomputes.
  const before = await page.evaluate(() => window.__app.client.getNumber("max-items", 0));
  assert.equal(before, 5);
  await page.clock.fastForward(HOUR);
  state = await step("");
  assert.deepEqual(state.renders, expect({ MaxItems: 1, All: 1 }));
  assert.equal(state.text.MaxItems, "50");

  // A failed refresh: the status says stale with the error; no flag view re-renders.
  served = { status: 500, body: "down" };
  state = await step(`if (await app.client.refresh() !== "failed") throw new Error("no failure");`);
  assert.deepEqual(state.renders, expect({ Status: 1 }));
  assert.equal(state.text.Status, "ready=true stale=true revision=2 error=HTTP_ERROR");

  // The test client: a value set re-renders its one reader; an emitted stale event the status.
  state = await step(`app.testClient.set("checkout-layout", "C");`);
  assert.deepEqual(state.renders, expect({ TestLayout: 1 }));
  assert.equal(state.text.TestLayout, "C");
  state = await step(`app.testClient.set("checkout-layout", "C");`);
  assert.deepEqual(state.renders, expect({}), "the same value again re-renders nothing");
  state = await step(`app.testClient.emit("stale", new app.RollgateError("NETWORK_ERROR", "offline"));`);
  assert.deepEqual(state.renders, expect({ TestStatus: 1 }));
  assert.equal(state.text.TestStatus, "stale=true error=NETWORK_ERROR");

  assert.deepEqual(problems.filter((p) => !/Failed to load resource.*500/.test(p)), []);
});
