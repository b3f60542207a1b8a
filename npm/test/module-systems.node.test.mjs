// The packed package as TypeScript and Node projects of every module system see it: types
// resolve for `rollgate`, `rollgate/slim`, `rollgate/openfeature`, `rollgate/react`,
// `rollgate/testing`, `rollgate/capacitor` and `rollgate/devtools` under TypeScript's
// `moduleResolution: "node"` (node10, older Angular/Ionic projects; TypeScript 5.9, since 7
// removed that mode), `node16` in a CommonJS and in an ES module project, and `bundler`; the
// CommonJS build then runs (`require("rollgate")`, Node's require(esm)). Declarations are
// checked too (no skipLibCheck), under a plain ES2022 + DOM lib. `rollgate/openfeature/server`
// is checked the same way in a Node project (with @types/node, which the server SDK's types need).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NPM_DIR, ROOT, installPackedApp } from "./helpers.mjs";

const TSC = {
  5: path.join(NPM_DIR, "node_modules", "typescript-5", "bin", "tsc"),
  7: path.join(ROOT, "tools", "node_modules", ".bin", "tsc"),
};

// What a project writes: every entry point, and types that must be the real ones (not `any`).
const SOURCE = `
import { createClient, Engine, RollgateError, isRollgateError, type RollgateClient, type EvaluationResult } from "rollgate";
import { init as initSlim, Engine as SlimEngine } from "rollgate/slim";
import { RollgateProvider } from "rollgate/openfeature";
import { RollgateProvider as FlagsProvider, useFlag } from "rollgate/react";
import { createTestClient } from "rollgate/testing";
import { preferencesStorage, type CapacitorContext } from "rollgate/capacitor";
import { mountDevtools, type RollgateDevtools } from "rollgate/devtools";

export const pending: Promise<RollgateClient> = createClient({ url: "https://cdn.example.com/flags/prod.json" });
export const provider = new RollgateProvider({ bootstrap: { schema: 1, revision: 1, flags: {} } });
export const slim: [typeof initSlim, typeof SlimEngine] = [initSlim, SlimEngine];
export const react: [typeof FlagsProvider, typeof useFlag] = [FlagsProvider, useFlag];
export const fake: boolean = createTestClient({ on: true }).isEnabled("on");
export const capacitor: [typeof preferencesStorage, CapacitorContext["platform"]] = [preferencesStorage, "ios"];
export const devtools = (client: RollgateClient): RollgateDevtools => mountDevtools(client, { floating: false });
export function code(e: unknown): string | undefined {
  return isRollgateError(e) ? e.code : e instanceof RollgateError ? "never" : undefined;
}
export async function main(): Promise<EvaluationResult> {
  const engine = await Engine.create({ schema: 1, revision: 1, flags: { f: { type: "string", variants: { a: "x" }, default: "a" } } });
  return engine.evaluate("f", { userId: "u1" });
}
`;
// A wrong use must fail, or the checks above would pass against \`any\` types.
const WRONG = `import { createClient } from "rollgate";\nexport const n: number = createClient;\n`;

let app;
before(() => {
  app = installPackedApp(mkdtempSync(path.join(os.tmpdir(), "rollgate-modules-")));
  // The OpenFeature and React entries' declarations import the (optional peer) web SDK and
  // React; the CommonJS run loads React.
  for (const dep of ["@openfeature", "@types", "react"]) symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
});

/** Writes a project under `app/<name>` and runs `tsc` there; returns {status, output}. */
function project(name, { tsc, type, compilerOptions, source = SOURCE, file = "main.ts" }) {
  const dir = path.join(app, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, ...(type ? { type } : {}) }));
  writeFileSync(path.join(dir, file), source);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, target: "ES2022", lib: ["ES2022", "DOM"], types: [], outDir: "out", ...compilerOptions },
    files: [file],
  }));
  const run = spawnSync(process.execPath, [TSC[tsc], "-p", dir], { cwd: dir, encoding: "utf8" });
  return { dir, status: run.status, output: run.stdout + run.stderr };
}

test('TypeScript 5.9, moduleResolution "node" (node10): every entry point resolves with its types', () => {
  const ok = project("node10", { tsc: 5, compilerOptions: { module: "commonjs", moduleResolution: "node", noEmit: true, ignoreDeprecations: "5.0" } });
  assert.equal(ok.status, 0, ok.output);
  const wrong = project("node10-wrong", { tsc: 5, source: WRONG, compilerOptions: { module: "commonjs", moduleResolution: "node", noEmit: true, ignoreDeprecations: "5.0" } });
  assert.match(wrong.output, /TS2322/, "the types are real, not any");
});

for (const tsc of [5, 7]) {
  test(`TypeScript ${tsc === 5 ? "5.9" : "7"}, module node16 in a CommonJS project: no TS1479, and the emitted require() runs`, () => {
    const cjs = project(`node16-cjs-${tsc}`, { tsc, compilerOptions: { module: "node16" } });
    assert.equal(cjs.status, 0, cjs.output);
    assert.doesNotMatch(cjs.output, /TS1479/);
    const emitted = readFileSync(path.join(cjs.dir, "out", "main.js"), "utf8");
    assert.match(emitted, /require\("rollgate"\)/, "compiled to CommonJS");
    const out = execFileSync(process.execPath, ["-e", `require("./out/main.js").main().then((r) => console.log(JSON.stringify(r)))`], { cwd: cjs.dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), { value: "x", variant: "a", reason: "STATIC", type: "string" });
    const wrong = project(`node16-cjs-wrong-${tsc}`, { tsc, source: WRONG, compilerOptions: { module: "node16", noEmit: true } });
    assert.match(wrong.output, /TS2322/);
  });
}

test("TypeScript 7, module node16 in an ES module project, and moduleResolution bundler", () => {
  const esm = project("node16-esm", { tsc: 7, type: "module", compilerOptions: { module: "node16" } });
  assert.equal(esm.status, 0, esm.output);
  assert.match(readFileSync(path.join(esm.dir, "out", "main.js"), "utf8"), /from "rollgate"/);
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `const { main } = await import("./out/main.js"); console.log((await main()).value);`], { cwd: esm.dir, encoding: "utf8" });
  assert.equal(out.trim(), "x");
  const bundler = project("bundler", { tsc: 7, type: "module", compilerOptions: { module: "esnext", moduleResolution: "bundler", noEmit: true } });
  assert.equal(bundler.status, 0, bundler.output);
});

test("rollgate/openfeature/server in a Node project: types under node10, node16 (CommonJS and ESM) and bundler; the CommonJS build runs", () => {
  const source = `
import { RollgateServerProvider } from "rollgate/openfeature/server";
import { OpenFeature } from "@openfeature/server-sdk";
export async function main(): Promise<boolean> {
  await OpenFeature.setProviderAndWait(new RollgateServerProvider({ bootstrap: { schema: 1, revision: 1, flags: { f: { type: "boolean", variants: { on: true }, default: "on" } } } }));
  const value = await OpenFeature.getClient().getBooleanValue("f", false, { targetingKey: "u1" });
  await OpenFeature.close();
  return value;
}
`;
  // A Node project's libs. rollgate's declarations name DOM types (fetch's, WebAssembly's); the
  // server SDK's need @types/node (npm/ pins the types of Node 20, the engines floor: the
  // SDK's declarations fail against @types/node 25 and later without skipLibCheck).
  const node = { types: ["node"], lib: ["ES2022", "DOM"] };
  const node10 = project("server-node10", { tsc: 5, source, compilerOptions: { ...node, module: "commonjs", moduleResolution: "node", noEmit: true, ignoreDeprecations: "5.0" } });
  assert.equal(node10.status, 0, node10.output);
  const esm = project("server-esm", { tsc: 7, type: "module", source, compilerOptions: { ...node, module: "node16", noEmit: true } });
  assert.equal(esm.status, 0, esm.output);
  const bundler = project("server-bundler", { tsc: 7, type: "module", source, compilerOptions: { ...node, module: "esnext", moduleResolution: "bundler", noEmit: true } });
  assert.equal(bundler.status, 0, bundler.output);
  const cjs = project("server-cjs", { tsc: 7, source, compilerOptions: { ...node, module: "node16" } });
  assert.equal(cjs.status, 0, cjs.output);
  const out = execFileSync(process.execPath, ["-e", `require("./out/main.js").main().then((v) => console.log(v))`], { cwd: cjs.dir, encoding: "utf8" });
  assert.equal(out.trim(), "true");
  const wrong = project("server-wrong", { tsc: 7, type: "module", source: `import { RollgateServerProvider } from "rollgate/openfeature/server";\nexport const n: number = new RollgateServerProvider().runsOn;\n`, compilerOptions: { ...node, module: "node16", noEmit: true } });
  assert.match(wrong.output, /TS2322/, "the types are real, not any");
});

test("require() from plain CommonJS gives the same module as import (one RollgateError class)", () => {
  const dir = path.join(app, "plain-cjs");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "plain-cjs", private: true }));
  writeFileSync(path.join(dir, "main.cjs"), `
    const required = require("rollgate");
    import("rollgate").then(async (imported) => {
      await required.init();
      let code;
      try { new required.Engine().load("{"); } catch (e) { code = [e.code, e instanceof imported.RollgateError]; }
      console.log(JSON.stringify({ same: required.Engine === imported.Engine, code }));
    });`);
  const out = execFileSync(process.execPath, ["main.cjs"], { cwd: dir, encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), { same: true, code: ["INVALID_RULESET", true] });
});

test("rollgate/react and rollgate/testing: entries of their own with types for import and require; React an optional peer", () => {
  const pkg = JSON.parse(readFileSync(path.join(NPM_DIR, "package.json"), "utf8"));
  for (const entry of ["react", "testing"]) {
    assert.deepEqual(pkg.exports[`./${entry}`], {
      types: { require: `./dist/cjs-types/${entry}.d.ts`, default: `./dist/${entry}.d.ts` },
      default: `./dist/${entry}.js`,
    });
    assert.deepEqual(pkg.typesVersions["*"][entry], [`./dist/${entry}.d.ts`]);
    assert.ok(!pkg.sideEffects.includes(`./dist/${entry}.js`), `${entry} is free of side effects`);
  }
  assert.equal(pkg.peerDependencies.react, "^18.0.0 || ^19.0.0");
  assert.deepEqual(pkg.peerDependenciesMeta.react, { optional: true });
  // The main entry imports neither React nor the test client.
  const main = readFileSync(path.join(NPM_DIR, "dist", "api.js"), "utf8");
  assert.doesNotMatch(main, /react|testing/);
});

test("engines states the floor that require(esm) needs, and this Node meets it", () => {
  const pkg = JSON.parse(readFileSync(path.join(NPM_DIR, "package.json"), "utf8"));
  assert.equal(pkg.engines.node, "^20.19.0 || >=22.12.0");
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22, process.version);
});
