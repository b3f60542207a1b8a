// The typed key set, checked by `tsc` against the packed package: a project that declares its
// flags into `Flags` (module augmentation, as `rollgate codegen --lang ts` generates) gets
// compile errors for a key it did not declare and for a fallback of the wrong type, in the
// client, the engine, the test client, the React hooks and OpenFeature's typed client; the
// getters return the declared types. Without the declaration every key is a string, as before.
// Under TypeScript 7 and 5.9, in ES module and CommonJS projects.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NPM_DIR, ROOT, installPackedApp } from "./helpers.mjs";

const TSC = {
  "7": path.join(ROOT, "tools", "node_modules", ".bin", "tsc"),
  "5.9": path.join(NPM_DIR, "node_modules", "typescript-5", "bin", "tsc"),
};

// What `rollgate codegen --lang ts` writes: the flags, declared into the package's `Flags`.
const DECLARATION = `export {};
declare module "rollgate" {
  interface Flags {
    "new-checkout": boolean;
    "checkout-layout": "A" | "B" | "C";
    "max-items": number;
    "theme": { readonly color: string };
  }
}
`;

const IMPORTS = `import { createClient, Engine, type FlagClient } from "rollgate";
import { createTestClient } from "rollgate/testing";
import { RollgateProvider, useFlag, useFlagDetails, useFlags } from "rollgate/react";
import { createElement } from "react";
import { typedClient } from "rollgate/openfeature";
import { OpenFeature } from "@openfeature/web-sdk";
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expectType<T extends true>(): void {}
`;

// Right uses, with the types they must have (not merely something assignable).
const RIGHT = `${IMPORTS}
export async function main(): Promise<void> {
  const client = await createClient({ bootstrap: "{}" });
  const reader: FlagClient = client;
  expectType<Equal<ReturnType<typeof client.isEnabled>, boolean>>();
  const layout = client.getString("checkout-layout", "A");
  expectType<Equal<typeof layout, "A" | "B" | "C">>();
  const items = reader.getNumber("max-items", 10);
  expectType<Equal<typeof items, number>>();
  const theme = client.getObject("theme", { color: "red" });
  expectType<Equal<typeof theme, { readonly color: string }>>();
  const details = client.getDetails("checkout-layout");
  expectType<Equal<typeof details.value, "A" | "B" | "C" | undefined>>();
  const all = client.allFlags();
  expectType<Equal<typeof all["max-items"], number | undefined>>();
  client.isEnabled("new-checkout");

  const engine = await Engine.create();
  const evaluated = engine.evaluate("checkout-layout", { userId: "u1" });
  expectType<Equal<typeof evaluated.value, "A" | "B" | "C" | undefined>>();
  const served = engine.evaluateAll({ userId: "u1" }).value("max-items");
  expectType<Equal<typeof served, number | undefined>>();

  const fake = createTestClient({ "new-checkout": true, "checkout-layout": "B" });
  fake.set("max-items", 3);
  const fromFake: FlagClient = fake;
  const fakeLayout = fromFake.getString("checkout-layout", "A");
  expectType<Equal<typeof fakeLayout, "A" | "B" | "C">>();

  // The React provider takes either client.
  createElement(RollgateProvider, { client }, createElement(Checkout));
  createElement(RollgateProvider, { client: fake }, createElement(Checkout));

  const of = typedClient(OpenFeature.getClient());
  const ofLayout = of.getStringValue("checkout-layout", "C");
  expectType<Equal<typeof ofLayout, "A" | "B" | "C">>();
  of.getBooleanDetails("new-checkout", false);
}

export function Checkout(): string {
  const on = useFlag("new-checkout", false);
  expectType<Equal<typeof on, boolean>>();
  const layout = useFlag("checkout-layout", "A");
  expectType<Equal<typeof layout, "A" | "B" | "C">>();
  const why = useFlagDetails("max-items", 0);
  expectType<Equal<typeof why.value, number>>();
  const all = useFlags();
  expectType<Equal<typeof all["checkout-layout"], "A" | "B" | "C" | undefined>>();
  return String(on) + layout + why.reason;
}
`;

// Wrong uses, one a line: [code, TypeScript error code, a fragment of the message].
const WRONG = [
  [`client.isEnabled("new-chekout");`, "TS2345", `'"new-chekout"'`],
  [`client.getString("checkout-layout", "D");`, "TS2345", `'"D"' is not assignable to parameter of type '"A" | "B" | "C"'`],
  [`client.getString("new-checkout", "A");`, "TS2345", `'"new-checkout"'`],
  [`client.getNumber("max-items", "3");`, "TS2345", `'string' is not assignable to parameter of type 'number'`],
  [`client.getBoolean("checkout-layout", false);`, "TS2345", `'"checkout-layout"'`],
  [`client.getDetails("new-chekout");`, "TS2345", `'"new-chekout"'`],
  [`engine.evaluate("new-chekout", { userId: "u1" });`, "TS2345", `'"new-chekout"'`],
  [`createTestClient({ "new-chekout": true });`, "TS2353", `'"new-chekout"'`],
  [`createTestClient({ "checkout-layout": "D" });`, "TS2322", `'"D"' is not assignable to type '"A" | "B" | "C"`],
  [`fake.set("max-items", "many");`, "TS2345", `is not assignable to parameter of type 'number'`],
  [`useFlag("new-chekout", false);`, "TS2345", `'"new-chekout"'`],
  [`useFlag("checkout-layout", "D");`, "TS2345", `'"D"' is not assignable to parameter of type '"A" | "B" | "C"'`],
  [`useFlagDetails("max-items", "many");`, "TS2345", `is not assignable to parameter of type 'number'`],
  [`of.getBooleanValue("new-chekout", false);`, "TS2345", `'"new-chekout"'`],
  [`of.getStringValue("checkout-layout", "D");`, "TS2345", `'"D"' is not assignable to parameter of type '"A" | "B" | "C"'`],
];
const WRONG_HEADER = `${IMPORTS}
export async function main(): Promise<void> {
  const client = await createClient();
  const engine = await Engine.create();
  const fake = createTestClient();
  const of = typedClient(OpenFeature.getClient());
`;
const WRONG_SOURCE = `${WRONG_HEADER}${WRONG.map(([code]) => `  ${code}`).join("\n")}\n}\n`;
const firstWrongLine = WRONG_HEADER.split("\n").length;

// The same calls without a declaration: every key is a string, as before the typed key set.
const UNDECLARED = `${IMPORTS}
export async function main(): Promise<void> {
  const client = await createClient();
  const layout = client.getString("any-flag", "A");
  expectType<Equal<typeof layout, string>>();
  client.isEnabled("new-chekout");
  (await Engine.create()).evaluate("new-chekout", {});
  createTestClient({ "new-chekout": true }).set("whatever", 3);
  typedClient(OpenFeature.getClient()).getStringValue("x", "D");
  const reader: FlagClient = client;
  reader.getNumber("any", 1);
  // A key set passed explicitly instead of declared: checked the same way.
  const typed = await createClient<{ "only-flag": boolean }>();
  typed.isEnabled("only-flag");
  (await Engine.create<{ "only-flag": boolean }>()).evaluate("only-flag", {});
  createTestClient<{ "only-flag": boolean }>({ "only-flag": true });
}
export function View(): string {
  return String(useFlag("anything", 1) + 1) + useFlagDetails("x", "y").value;
}
`;

let app;
before(() => {
  app = installPackedApp(mkdtempSync(path.join(os.tmpdir(), "rollgate-typed-")));
  symlinkSync(path.join(NPM_DIR, "node_modules", "@openfeature"), path.join(app, "node_modules", "@openfeature"));
  mkdirSync(path.join(app, "node_modules", "@types"));
  symlinkSync(path.join(NPM_DIR, "node_modules", "@types", "react"), path.join(app, "node_modules", "@types", "react"));
});

/** Type-checks `files` in a new project under the app; returns tsc's exit status and error lines. */
function typecheck(name, files, { tsc = "7", type = "module", compilerOptions = {} } = {}) {
  const dir = path.join(app, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type }));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, target: "ES2022", module: "node16", lib: ["ES2022", "DOM"], types: [], noEmit: true, ...compilerOptions },
    files: Object.keys(files),
  }));
  const run = spawnSync(process.execPath, [TSC[tsc], "-p", dir], { cwd: dir, encoding: "utf8" });
  const output = run.stdout + run.stderr;
  const errors = [...output.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map(([, file, line, code, message]) => ({ file, line: Number(line), code, message }));
  return { status: run.status, output, errors };
}

const PROJECTS = [
  { label: "TypeScript 7, ES module project (node16)", tsc: "7", type: "module" },
  { label: "TypeScript 7, CommonJS project (node16: the cjs-types declarations)", tsc: "7", type: "commonjs" },
  { label: "TypeScript 5.9, moduleResolution bundler", tsc: "5.9", type: "module", compilerOptions: { module: "esnext", moduleResolution: "bundler" } },
];

for (const project of PROJECTS) {
  test("declared flags: right uses compile with the declared types; a typo key and a wrong fallback fail: " + project.label, () => {
    const id = project.label.replace(/\W+/g, "-");
    const right = typecheck(`right-${id}`, { "flags.d.ts": DECLARATION, "main.ts": RIGHT }, project);
    assert.equal(right.status, 0, right.output);

    const wrong = typecheck(`wrong-${id}`, { "flags.d.ts": DECLARATION, "main.ts": WRONG_SOURCE }, project);
    assert.notEqual(wrong.status, 0);
    WRONG.forEach(([code, tsCode, fragment], i) => {
      const line = firstWrongLine + i;
      const found = wrong.errors.filter((e) => e.file === "main.ts" && e.line === line);
      assert.equal(found.length, 1, `line ${line} (${code}) has one error:\n${wrong.output}`);
      assert.equal(found[0].code, tsCode, `${code}: ${found[0].message}`);
      assert.ok(found[0].message.includes(fragment), `${code}: ${found[0].message}`);
    });
    assert.equal(wrong.errors.length, WRONG.length, `no other error:\n${wrong.output}`);
  });
}

test("without a declaration every key is a string; an explicit key set is checked the same way", () => {
  const loose = typecheck("undeclared", { "main.ts": UNDECLARED });
  assert.equal(loose.status, 0, loose.output);
  const explicit = typecheck("explicit-wrong", { "main.ts": UNDECLARED
    .replace(`typed.isEnabled("only-flag")`, `typed.isEnabled("other-flag")`)
    .replace(`.evaluate("only-flag", {})`, `.evaluate("other-flag", {})`)
    .replace(`({ "only-flag": true })`, `({ "other-flag": true })`) });
  assert.deepEqual(explicit.errors.map((e) => [e.code, e.message.includes(`'"other-flag"'`)]),
    [["TS2345", true], ["TS2345", true], ["TS2353", true]], explicit.output);
});
