// The README's Vitest and Jest examples, run for real by Vitest and by Jest (both pinned
// devDependencies) in a project that installs the packed package. Each runs as written, and a
// copy with one expectation changed fails: the runners do check what the examples assert.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NPM_DIR, fileBlock, installPackedApp } from "./helpers.mjs";

const README = readFileSync(path.join(NPM_DIR, "README.md"), "utf8");
/** The README's code block that starts with the comment `// <file>`. */
const example = (file) => fileBlock(README, file);

let app;
before(() => {
  app = installPackedApp(mkdtempSync(path.join(os.tmpdir(), "rollgate-doubles-")));
  // What the project would install next to rollgate: the runners and React.
  for (const dep of ["vitest", "jest", "@jest", "react", "react-dom", "scheduler"]) {
    symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
  }
});

/** Writes `file` with `source` into a new folder of the app and runs `command` there. */
function run(folder, file, source, command, env = {}) {
  const dir = path.join(app, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), source);
  const result = spawnSync(process.execPath, command(dir), { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1", ...env } });
  return { status: result.status, output: result.stdout + result.stderr };
}

const vitest = (dir) => [path.join(app, "node_modules", "vitest", "vitest.mjs"), "run", "--root", dir];
const jest = (dir) => [path.join(app, "node_modules", "jest", "bin", "jest.js"), "--rootDir", dir, "--ci"];
const JEST_ENV = { NODE_OPTIONS: "--experimental-vm-modules" };

test("the Vitest example passes under Vitest, and fails when its expectation is wrong", () => {
  const source = example("checkout.test.tsx");
  const ok = run("vitest-ok", "checkout.test.tsx", source, vitest);
  assert.equal(ok.status, 0, ok.output);
  assert.match(ok.output, /Tests\s+1 passed \(1\)/);
  const broken = run("vitest-broken", "checkout.test.tsx", source.replace(`toContain("old checkout")`, `toContain("new checkout")`), vitest);
  assert.notEqual(broken.status, 0);
  assert.match(broken.output, /Tests\s+1 failed \(1\)/);
});

test("the Jest example passes under Jest in its ES module mode, and fails when its expectation is wrong", () => {
  const source = example("flags.test.mjs");
  const ok = run("jest-ok", "flags.test.mjs", source, jest, JEST_ENV);
  assert.equal(ok.status, 0, ok.output);
  assert.match(ok.output, /Tests:\s+1 passed, 1 total/);
  const broken = run("jest-broken", "flags.test.mjs", source.replace(`variant: "true"`, `variant: "on"`), jest, JEST_ENV);
  assert.notEqual(broken.status, 0);
  assert.match(broken.output, /Tests:\s+1 failed, 1 total/);
});

test("why ES module mode: Jest's own require cannot load rollgate on Node 20", () => {
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok(major < 24 || (major === 24 && minor < 9), `Jest loads ES modules through require on Node 24.9+; this is ${process.version}`);
  const cjs = run("jest-cjs", "flags.test.cjs", `const { createTestClient } = require("rollgate/testing");\ntest("t", () => expect(createTestClient({}).hasRuleset).toBe(true));\n`, jest);
  assert.notEqual(cjs.status, 0);
  assert.match(cjs.output, /Must use import to load ES Module/);
});
