// rollgate/capacitor in Chromium: a Vite build of test/browser/capacitor-app.js (the packed
// package, the real @capacitor/core and the real App, Device and Preferences plugins) serving
// the ruleset of docs/ionic.md.
//
// The native side is simulated the way a native shell provides it: before the page's scripts
// run, the test injects the bridge (`window.Capacitor` with plugin headers and `nativePromise`,
// plus the marker by which @capacitor/core recognises iOS or Android). Every plugin call then
// crosses into this test (an exposed function), which answers App.getInfo() and
// Device.getInfo() with fixed native-like values and keeps Preferences outside the page, as
// UserDefaults are outside a WKWebView's website data. Eviction is simulated by clearing
// localStorage and reloading with the ruleset URL unreachable. The real iOS and Android sides
// are not run here (docs/ionic.md says so).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Engine } from "rollgate";
import { NPM_DIR, ROOT, installPackedApp } from "./helpers.mjs";
import { startStatic, launchChromium } from "./static-server.mjs";

const IONIC_MD = readFileSync(path.join(ROOT, "docs", "ionic.md"), "utf8");
/** The ruleset of docs/ionic.md, section 2 (its one JSON block). */
const RULESET_TEXT = [...IONIC_MD.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).at(0);
const USERS = Array.from({ length: 1000 }, (_, i) => `u-${i}`);

const work = mkdtempSync(path.join(tmpdir(), "rollgate-capacitor-"));
const browser = await launchChromium();
let server;
let dist;
let requests = 0;
after(async () => {
  await browser.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

before(async () => {
  const app = installPackedApp(work);
  symlinkSync(path.join(NPM_DIR, "node_modules", "@capacitor"), path.join(app, "node_modules", "@capacitor"));
  writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/main.js"></script>`);
  copyFileSync(path.join(NPM_DIR, "test", "browser", "capacitor-app.js"), path.join(app, "main.js"));
  const { build } = await import("vite");
  dist = path.join(app, "dist");
  await build({ root: app, logLevel: "silent", mode: "production", build: { outDir: dist, emptyOutDir: true } });
  server = await startStatic({ "/": dist + path.sep }, {
    "/flags.json": (_req, res) => {
      requests++;
      res.writeHead(200, { "content-type": "application/json", etag: '"r1"', "cache-control": "no-cache" });
      res.end(RULESET_TEXT);
    },
  });
});

/** The bridge a native shell injects at document start, reduced to what the plugins call. */
function injectBridge({ platform }) {
  // @capacitor/core tells the platform by these objects (its getPlatformId).
  if (platform === "ios") window.webkit = { messageHandlers: { bridge: { postMessage() {} } } };
  if (platform === "android") window.androidBridge = { postMessage() {} };
  const promise = (name) => ({ name, rtype: "promise" });
  window.Capacitor = {
    PluginHeaders: [
      { name: "App", methods: [promise("getInfo")] },
      { name: "Device", methods: [promise("getInfo")] },
      { name: "Preferences", methods: ["get", "set", "remove"].map(promise) },
    ],
    nativePromise: (plugin, method, options) => window.__capacitorNative(plugin, method, options ?? {}),
  };
}

/** The native side of one installed app: fixed app and device info, and its Preferences. */
function nativeSide({ platform, version, osVersion }) {
  const preferences = new Map();
  const calls = [];
  const call = (plugin, method, options) => {
    calls.push(`${plugin}.${method}`);
    switch (`${plugin}.${method}`) {
      case "App.getInfo": return { name: "Shop", id: "com.example.shop", build: "100", version };
      case "Device.getInfo":
        return { platform, osVersion, operatingSystem: platform, model: platform === "ios" ? "iPhone16,1" : "Pixel 8", manufacturer: platform === "ios" ? "Apple" : "Google", isVirtual: true, webViewVersion: "0" };
      case "Preferences.get": return { value: preferences.get(options.key) ?? null };
      case "Preferences.set": preferences.set(options.key, options.value); return undefined;
      case "Preferences.remove": preferences.delete(options.key); return undefined;
      default: throw new Error(`${plugin}.${method}: not implemented by the test's native side`);
    }
  };
  return { preferences, calls, call };
}

/** A new browser context (a fresh WebView's data) with, if `native` is given, the native bridge. */
async function openApp(native, platform, query = "") {
  const context = await browser.newContext();
  if (native) {
    await context.exposeFunction("__capacitorNative", native.call);
    await context.addInitScript(injectBridge, { platform });
  }
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  await page.goto(`${server.origin}/index.html${query}`);
  return { context, page, problems };
}

/** `window.__app` once the app started, without its functions. */
async function appState(page) {
  await page.waitForFunction(() => window.__app !== undefined, null, { timeout: 30_000 });
  const state = await page.evaluate(() => {
    const { answers: _answers, ...rest } = window.__app;
    return rest;
  });
  assert.equal(state.error, undefined, state.error);
  return state;
}

const answers = (page) => page.evaluate((users) => window.__app.answers(users), USERS);

/** The core's answers for the same users and native context (Engine.evaluate in Node). */
async function coreAnswers(native) {
  const engine = await Engine.create(RULESET_TEXT);
  const out = USERS.map((userId) => {
    const d = engine.evaluate("tap-to-pay", { userId, ...native });
    return { value: d.value, variant: d.variant, reason: d.reason, ruleId: d.ruleId ?? null };
  });
  engine.free();
  return out;
}

const usersOn = (list) => USERS.filter((_, i) => list[i].value === true);
const onIos = {};

test("the app bundles rollgate/capacitor and the real plugins; the ruleset served is docs/ionic.md's", () => {
  const js = readdirSync(path.join(dist, "assets")).filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(dist, "assets", f), "utf8")).join("\n");
  assert.match(js, /UNIMPLEMENTED/, "capacitorContext's web fallback is in the bundle");
  assert.match(js, /CapacitorStorage/, "the Preferences plugin's web implementation is in the bundle");
  assert.equal(JSON.parse(RULESET_TEXT).flags["tap-to-pay"].rules[0].rollout.percent, 10);
});

test("iOS app 2.4.0: native context, ruleset kept in Preferences, answers equal the core's; offline and after eviction it starts from Preferences", async () => {
  const native = nativeSide({ platform: "ios", version: "2.4.0", osVersion: "17.5" });
  const { context, page, problems } = await openApp(native, "ios");
  let state = await appState(page);
  assert.equal(state.platform, "ios");
  assert.deepEqual(state.native, { appVersion: "2.4.0", platform: "ios", osVersion: "17.5" }, "the native version, not a web one");
  assert.equal(state.appInfoError, null);
  assert.deepEqual(state.preferences, { hasRuleset: true, revision: 1, lastError: null });
  assert.deepEqual(state.localStorage, { hasRuleset: true, revision: 1, lastError: null });
  // The Preferences client persisted through the native side, under the client's storage key.
  assert.ok(native.calls.includes("Preferences.set"));
  assert.deepEqual(JSON.parse(native.preferences.get("rollgate:/flags.json")), { v: 1, etag: '"r1"', ruleset: RULESET_TEXT });
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rollgate:"))).then((k) => k.join()), "rollgate:plain",
    "only the default-storage client wrote localStorage");

  // The version gate and the 10% rollout, as the core answers them for this context.
  const seen = await answers(page);
  assert.deepEqual(seen, await coreAnswers(state.native));
  const on = usersOn(seen);
  assert.ok(on.length > 70 && on.length < 130, `${on.length} of 1000 users in the 10% rollout`);
  assert.ok(seen.every((a) => a.value ? a.reason === "SPLIT" && a.ruleId === "native-2.4-10pct" : a.reason === "DEFAULT"));
  onIos.users = on;

  // Offline: both clients start from what they persisted.
  await page.route("**/flags.json", (route) => route.abort("internetdisconnected"));
  const before = requests;
  await page.reload();
  state = await appState(page);
  assert.equal(requests, before, "the ruleset URL was unreachable");
  assert.deepEqual(state.preferences, { hasRuleset: true, revision: 1, lastError: "NETWORK_ERROR" });
  assert.deepEqual(state.localStorage, { hasRuleset: true, revision: 1, lastError: "NETWORK_ERROR" });

  // Eviction: localStorage is gone, and the app starts offline again.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  state = await appState(page);
  assert.deepEqual(state.preferences, { hasRuleset: true, revision: 1, lastError: "NETWORK_ERROR" }, "started from Preferences");
  assert.deepEqual(state.localStorage, { hasRuleset: false, revision: 0, lastError: "NETWORK_ERROR" }, "the default storage lost its ruleset");
  assert.deepEqual(await answers(page), seen, "the same answers, from the ruleset in Preferences");

  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)), []);
  await context.close();
});

test("iOS app 2.3.9: below the gate, nobody gets the feature, as the core answers", async () => {
  const native = nativeSide({ platform: "ios", version: "2.3.9", osVersion: "17.5" });
  const { context, page, problems } = await openApp(native, "ios");
  const state = await appState(page);
  assert.deepEqual(state.native, { appVersion: "2.3.9", platform: "ios", osVersion: "17.5" });
  const seen = await answers(page);
  assert.deepEqual(seen, await coreAnswers(state.native));
  assert.deepEqual(usersOn(seen), []);
  assert.ok(seen.every((a) => a.reason === "DEFAULT" && a.value === false));
  assert.deepEqual(problems, []);
  await context.close();
});

test("Android app 2.4.0 on Android 14: the core's answers, and the same users as on iOS", async () => {
  const native = nativeSide({ platform: "android", version: "2.4.0", osVersion: "14" });
  const { context, page, problems } = await openApp(native, "android");
  const state = await appState(page);
  assert.equal(state.platform, "android");
  assert.deepEqual(state.native, { appVersion: "2.4.0", platform: "android", osVersion: "14" });
  const seen = await answers(page);
  assert.deepEqual(seen, await coreAnswers(state.native));
  assert.ok(onIos.users, "runs after the iOS test");
  assert.deepEqual(usersOn(seen), onIos.users, "a user is in or out on every platform alike");
  assert.deepEqual(problems, []);
  await context.close();
});

test("web platform (the plugins' own web implementations): App.getInfo() is UNIMPLEMENTED, appVersion is webVersion or absent", async () => {
  for (const [query, appVersion] of [["?webVersion=2.4.0", "2.4.0"], ["", undefined]]) {
    const { context, page, problems } = await openApp(undefined, undefined, query);
    const state = await appState(page);
    assert.equal(state.platform, "web");
    assert.equal(state.appInfoError, "UNIMPLEMENTED");
    assert.equal(state.native.platform, "web");
    assert.equal(typeof state.native.osVersion, "string");
    assert.equal(state.native.appVersion, appVersion);
    assert.equal("appVersion" in state.native, appVersion !== undefined);
    const seen = await answers(page);
    assert.deepEqual(seen, await coreAnswers(state.native));
    assert.deepEqual(usersOn(seen), [], "the web platform is not in the rollout");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
