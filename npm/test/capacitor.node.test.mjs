// rollgate/capacitor in Node, and docs/ionic.md checked:
//   - the entry: its exports, types for import and require, optional Capacitor peers, and no
//     trace of it in the main entry;
//   - preferencesStorage under the real client, with a Preferences plugin whose every call
//     resolves later (as the native bridge's do): persist, start offline from it, drop a
//     corrupt record;
//   - capacitorContext's rules: native values; UNIMPLEMENTED (the web) gives webVersion or no
//     appVersion; any other failure rejects;
//   - docs/ionic.md: its TypeScript blocks type-check against the packed package and the real
//     Capacitor plugins' types; its two tests pass under Vitest and fail when the flag or the
//     gate is wrong. (The Chromium side is capacitor.chromium.test.mjs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "rollgate";
import { capacitorContext, preferencesStorage } from "rollgate/capacitor";
import { NPM_DIR, ROOT, assertClaims, installPackedApp, ruleset } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const TSC = path.join(ROOT, "tools", "node_modules", ".bin", "tsc");
const IONIC_MD = readFileSync(path.join(ROOT, "docs", "ionic.md"), "utf8");
const blocks = (lang) => [...IONIC_MD.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

const srv = await startServer();
after(() => srv.close());

let app;
before(() => {
  app = installPackedApp(mkdtempSync(path.join(os.tmpdir(), "rollgate-ionic-")));
  for (const dep of ["@capacitor", "@types", "vitest"]) symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
});

/** A Preferences plugin as the native bridge gives it: every call resolves on a later turn. */
function asyncPreferences() {
  const data = new Map();
  const calls = [];
  const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 1));
  return {
    data,
    calls,
    get: ({ key }) => (calls.push(["get", key]), later({ value: data.get(key) ?? null })),
    set: ({ key, value }) => (calls.push(["set", key]), data.set(key, value), later(undefined)),
    remove: ({ key }) => (calls.push(["remove", key]), data.delete(key), later(undefined)),
  };
}

test("rollgate/capacitor: an entry of its own with types for import and require; Capacitor optional peers; not in the main entry", () => {
  const pkg = JSON.parse(readFileSync(path.join(NPM_DIR, "package.json"), "utf8"));
  assert.deepEqual(pkg.exports["./capacitor"], {
    types: { require: "./dist/cjs-types/capacitor.d.ts", default: "./dist/capacitor.d.ts" },
    default: "./dist/capacitor.js",
  });
  assert.deepEqual(pkg.typesVersions["*"].capacitor, ["./dist/capacitor.d.ts"]);
  assert.ok(!pkg.sideEffects.includes("./dist/capacitor.js"));
  for (const plugin of ["@capacitor/core", "@capacitor/preferences", "@capacitor/app", "@capacitor/device"]) {
    assert.equal(pkg.peerDependencies[plugin], ">=6.0.0", plugin);
    assert.deepEqual(pkg.peerDependenciesMeta[plugin], { optional: true }, plugin);
    assert.match(pkg.devDependencies[plugin], /^\d+\.\d+\.\d+$/, `${plugin} pinned for the tests`);
  }
  // It imports no plugin and no WebAssembly; the main entry does not import it.
  const entry = readFileSync(path.join(NPM_DIR, "dist", "capacitor.js"), "utf8");
  assert.deepEqual([...entry.matchAll(/^import .*$/gm)], []);
  assert.doesNotMatch(readFileSync(path.join(NPM_DIR, "dist", "api.js"), "utf8"), /capacitor/i);
});

test("preferencesStorage: the client persists through async Preferences, starts offline from them, and drops a corrupt record", async () => {
  const preferences = asyncPreferences();
  const storage = preferencesStorage(preferences);
  srv.serve(ruleset(4), '"e4"');
  const online = await createClient({ url: srv.url, storage, context: { userId: "u1", appVersion: "2.4.0", platform: "ios" } });
  assert.equal(online.revision, 4);
  online.close();
  const key = `rollgate:${srv.url}`;
  assert.deepEqual(JSON.parse(preferences.data.get(key)), { v: 1, etag: '"e4"', ruleset: JSON.stringify(ruleset(4)) });

  // Offline: the client starts from Preferences, with the ETag it came with.
  srv.state.status = 500;
  const offline = await createClient({ url: srv.url, storage, context: { userId: "u1", appVersion: "2.4.0", platform: "ios" } });
  assert.equal(offline.hasRuleset, true);
  assert.equal(offline.revision, 4);
  assert.equal(offline.isEnabled("new-checkout"), true);
  await offline.refresh();
  assert.equal(offline.lastError?.code, "HTTP_ERROR");
  offline.close();

  // A corrupt record is removed, and the client starts without it.
  preferences.data.set(key, JSON.stringify({ v: 1, ruleset: '{"schema":1,' }));
  const corrupt = await createClient({ url: srv.url, storage, context: {} });
  assert.equal(corrupt.hasRuleset, false);
  assert.equal(preferences.data.has(key), false);
  assert.deepEqual(preferences.calls.at(-1), ["remove", key]);
  corrupt.close();
});

test("capacitorContext: the native version and device; on the web (UNIMPLEMENTED) webVersion or no appVersion; other failures reject", async () => {
  const device = (platform, osVersion) => ({ getInfo: async () => ({ platform, osVersion, model: "x" }) });
  const app = (version) => ({ getInfo: async () => ({ name: "Shop", id: "com.example", build: "7", version }) });
  const unimplemented = { getInfo: async () => { throw Object.assign(new Error("Not implemented on web."), { code: "UNIMPLEMENTED" }); } };

  assert.deepEqual(await capacitorContext({ app: app("2.4.0"), device: device("ios", "17.5"), webVersion: "9.9.9" }),
    { platform: "ios", osVersion: "17.5", appVersion: "2.4.0" }, "the native version wins over webVersion");
  assert.deepEqual(await capacitorContext({ app: unimplemented, device: device("web", "10.0"), webVersion: "2.4.0" }),
    { platform: "web", osVersion: "10.0", appVersion: "2.4.0" });
  const bare = await capacitorContext({ app: unimplemented, device: device("web", "10.0") });
  assert.deepEqual(bare, { platform: "web", osVersion: "10.0" });
  assert.equal("appVersion" in bare, false);

  const broken = { getInfo: async () => { throw Object.assign(new Error("bridge gone"), { code: "UNAVAILABLE" }); } };
  await assert.rejects(capacitorContext({ app: broken, device: device("ios", "17.5"), webVersion: "2.4.0" }), /bridge gone/);
  await assert.rejects(capacitorContext({ app: app("2.4.0"), device: broken }), /bridge gone/);
});

test("docs/ionic.md: every TypeScript block type-checks against the packed package and the Capacitor plugins' types", () => {
  const ts = blocks("ts");
  assert.equal(ts.length, 3, "the client, and two tests");
  const dir = path.join(app, "ionic-blocks");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "ionic-blocks", private: true, type: "module" }));
  const prelude = "declare function currentUserId(): Promise<string>;\ndeclare function showTapToPay(): void;\ndeclare function render(): void;\n";
  const files = ts.map((code, i) => {
    writeFileSync(path.join(dir, `block${i}.ts`), `${prelude}${code}\nexport {};\n`);
    return `block${i}.ts`;
  });
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, target: "ES2022", module: "node16", lib: ["ES2022", "DOM", "DOM.Iterable"], types: ["node"], noEmit: true },
    files,
  }));
  const run = spawnSync(process.execPath, [TSC, "-p", dir], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  // The plugins' own types are the ones checked against (a wrong use fails).
  writeFileSync(path.join(dir, "wrong.ts"), `import { App } from "@capacitor/app";\nimport { capacitorContext } from "rollgate/capacitor";\nexport const c = capacitorContext({ app: App, device: App });\n`);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, target: "ES2022", module: "node16", lib: ["ES2022", "DOM"], types: [], noEmit: true }, files: ["wrong.ts"],
  }));
  const wrong = spawnSync(process.execPath, [TSC, "-p", dir], { cwd: dir, encoding: "utf8" });
  assert.match(wrong.stdout, /wrong\.ts\(3,\d+\): error TS2322: .*platform/s);
});

test("docs/ionic.md: its two tests pass under Vitest with its ruleset, and fail when the flag or the gate is wrong", () => {
  const [, paymentTest, flagsTest] = blocks("ts");
  const [rulesetText] = blocks("json");
  const run = (name, files) => {
    const dir = path.join(app, name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const result = spawnSync(process.execPath, [path.join(app, "node_modules", "vitest", "vitest.mjs"), "run", "--root", dir], {
      cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1" },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };
  const ok = run("ionic-vitest", { "payment-methods.test.ts": paymentTest, "flags.test.ts": flagsTest, "flags/prod.json": rulesetText });
  assert.equal(ok.status, 0, ok.output);
  assert.match(ok.output, /Tests\s+2 passed \(2\)/);
  // A gate that lets 2.3.9 through, and app code that ignores the flag: both tests fail.
  const looseGate = rulesetText.replace('">=2.4.0"', '">=2.3.0"');
  assert.notEqual(looseGate, rulesetText);
  const ignoresFlag = paymentTest.replace(`flags.isEnabled("tap-to-pay") ?`, "true ?");
  assert.notEqual(ignoresFlag, paymentTest);
  const broken = run("ionic-vitest-broken", { "payment-methods.test.ts": ignoresFlag, "flags.test.ts": flagsTest, "flags/prod.json": looseGate });
  assert.notEqual(broken.status, 0);
  assert.match(broken.output, /Tests\s+2 failed \(2\)/);
});

test("docs/ionic.md's gates: without appVersion nobody passes its gate (the reversed gate lets users through); osVersion >=16.4; Android's 14 reads as 14.0.0", async () => {
  const { Engine } = await import("rollgate");
  const users = Array.from({ length: 1000 }, (_, i) => `u${i}`);
  const [rulesetText] = blocks("json");
  const docs = await Engine.create(rulesetText);
  const on = (engine, context) => users.filter((userId) => engine.evaluate("tap-to-pay", { userId, ...context }).value === true).length;
  assert.equal(on(docs, { platform: "ios" }), 0, "a context without appVersion stays off");
  assert.ok(on(docs, { platform: "ios", appVersion: "2.4.0" }) > 0);
  // The same flag with the gate written the other way round: <2.4.0 off, then the rollout.
  const reversed = JSON.parse(rulesetText);
  reversed.flags["tap-to-pay"].rules = [
    { id: "old", when: { attr: "appVersion", op: "semver", range: "<2.4.0" }, serve: "off" },
    { id: "rollout", when: { attr: "platform", op: "in", values: ["ios", "android"] }, rollout: { by: "userId", percent: 10, serve: "on" } },
  ];
  const loose = await Engine.create(reversed);
  assert.ok(on(loose, { platform: "ios" }) > 0, "the reversed gate lets contexts without appVersion through");

  const condition = JSON.parse(IONIC_MD.match(/`(\{ "attr": "osVersion", "op": "semver", "range": ">=16\.4" \})`/)[1]);
  const gate = (range) => ({ schema: 1, revision: 1, flags: { f: { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ when: { ...condition, range }, serve: "on" }] } } });
  const engine = await Engine.create(gate(condition.range));
  assert.equal(engine.evaluate("f", { osVersion: "17.5" }).value, true);
  assert.equal(engine.evaluate("f", { osVersion: "16.3" }).value, false);
  engine.load({ ...gate("14.0.0"), revision: 2 });
  assert.equal(engine.evaluate("f", { osVersion: "14" }).value, true);
  assert.equal(engine.evaluate("f", { osVersion: "14.1" }).value, false);
  for (const e of [docs, loose, engine]) e.free();
});

// Each claim of docs/ionic.md: a phrase (exact, whitespace-insensitive) and the tests that check it.
const CLAIMS = [
  ["The three plugins are optional peer dependencies of `rollgate`", ["capacitor.node.test.mjs: rollgate/capacitor: an entry of its own"]],
  ["The entry is small (no WebAssembly,\nno plugin code) and is not part of the main `rollgate` bundle.", ["capacitor.node.test.mjs: rollgate/capacitor: an entry of its own"]],
  ["so a context without `appVersion` falls through to `off`.\n  A gate written the other way round (`<2.4.0` serves `off`, everything else goes on) would let\n  such a context through.", ["capacitor.node.test.mjs: docs/ionic.md's gates: "]],
  ["the same `userId` is in or out on every device and every\n  platform", ["capacitor.chromium.test.mjs: Android app 2.4.0 on Android 14: the core's answers, and the same users as on iOS"]],
  ["(a partial version such as\n  Android's `14` reads as `14.0.0`)", ["capacitor.node.test.mjs: docs/ionic.md's gates: "]],
  ["`appVersion` is then\n  `webVersion`, or absent when it is not given", ["capacitor.node.test.mjs: capacitorContext: ", "capacitor.chromium.test.mjs: web platform"]],
  ["Any other failure of either plugin rejects.", ["capacitor.node.test.mjs: capacitorContext: "]],
  ["is a `FlagStorage` whose calls are asynchronous", ["capacitor.node.test.mjs: preferencesStorage: "]],
  ["(default `rollgate:` + the URL)", ["capacitor.node.test.mjs: preferencesStorage: ", "capacitor.chromium.test.mjs: iOS app 2.4.0"]],
  ["**`localStorage` evicted**: nothing changes, since the ruleset is in Preferences. With the\n  default storage the same app, started offline, would serve its fallbacks\n  (`hasRuleset` false)", ["capacitor.chromium.test.mjs: iOS app 2.4.0"]],
  ["the client starts at once from the ruleset in Preferences", ["capacitor.chromium.test.mjs: iOS app 2.4.0", "capacitor.node.test.mjs: preferencesStorage: "]],
];

test("every claim of docs/ionic.md names a test that exists", () => {
  assertClaims(IONIC_MD, CLAIMS, "docs/ionic.md");
});
