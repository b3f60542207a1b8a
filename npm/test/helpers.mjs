// Shared test helpers: paths, the corpus files, rulesets.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import * as api from "rollgate";
import { explainFile, runFile } from "./conformance-lib.mjs";

export const NPM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = path.resolve(NPM_DIR, "..");
export const CORPUS_DIR = path.join(ROOT, "tests", "conformance");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];

/** [{file, doc}] for every tests/conformance/*.json, sorted. */
export function corpus() {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, doc: JSON.parse(readFileSync(path.join(CORPUS_DIR, file), "utf8")) }));
}

/**
 * A new temporary folder holding what a non-Node runtime loads: the package's `dist/` (no
 * `.d.ts`), the wasm-bindgen glue and `.wasm` under `pkg/` (and the debug module's under
 * `pkg-debug/`), and the corpus runner as
 * `conformance-lib.js`. `prefix` names the folder.
 */
export function packageCopy(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(path.join(NPM_DIR, "dist"), path.join(dir, "dist"), { recursive: true, filter: (f) => !f.endsWith(".d.ts") });
  cpSync(path.join(NPM_DIR, "pkg", "rollgate.js"), path.join(dir, "pkg", "rollgate.js"));
  cpSync(path.join(NPM_DIR, "pkg", "rollgate_bg.wasm"), path.join(dir, "pkg", "rollgate_bg.wasm"));
  cpSync(path.join(NPM_DIR, "pkg-debug", "rollgate.js"), path.join(dir, "pkg-debug", "rollgate.js"));
  cpSync(path.join(NPM_DIR, "pkg-debug", "rollgate_bg.wasm"), path.join(dir, "pkg-debug", "rollgate_bg.wasm"));
  cpSync(path.join(NPM_DIR, "test", "conformance-lib.mjs"), path.join(dir, "conformance-lib.js"));
  return dir;
}

/**
 * Asserts that a `runCorpus` report from another runtime has Node's case count in every file
 * and no failures.
 */
export async function assertSameCasesAsNode(report, files) {
  await api.init();
  const expectedCounts = Object.fromEntries(files.map(({ file, doc }) => [file, runFile(api, doc).length]));
  assert.deepEqual(report.files, expectedCounts);
  assert.ok(report.total > 0);
  assert.deepEqual(report.failures, []);
  // A report of `runCorpusWithExplain`: as many explain cases as Node finds.
  if (report.explained !== undefined) {
    const explained = (await Promise.all(files.map(({ doc }) => explainFile(api, doc)))).flat();
    assert.equal(report.explained, explained.length);
    assert.ok(report.explained > 0);
  }
}

/** A small ruleset used by client tests. `rev` is the revision, `percent` the rollout of `mobile-rollout`. */
export function ruleset(rev, { percent = 100, layout = "a", extra = {} } = {}) {
  return {
    schema: 1,
    revision: rev,
    flags: {
      "new-checkout": {
        type: "boolean", variants: { on: true, off: false }, default: "off",
        metadata: { owner: "payments", tags: ["checkout"] },
        rules: [
          { id: "old-apps", when: { attr: "appVersion", op: "semver", range: "<2.3.0" }, serve: "off" },
          { id: "mobile", when: { attr: "platform", op: "in", values: ["ios", "android"] }, rollout: { by: "userId", percent, serve: "on" } },
        ],
      },
      "checkout-layout": { type: "string", variants: { A: "a", B: "b" }, default: layout === "a" ? "A" : "B" },
      "max-items": { type: "number", variants: { small: 5, big: 50 }, default: "small" },
      ...extra,
    },
  };
}

/**
 * `npm pack` the package into `work` and install the tarball into a new app at `work/app`, as
 * a user's project would get it (the bundler tests build that app). Returns the app's folder.
 */
export function installPackedApp(work) {
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: NPM_DIR, encoding: "utf8" }).trim().split("\n").pop();
  const app = path.join(work, "app");
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", path.join(work, tarball)], { cwd: app, stdio: "pipe" });
  return app;
}

/**
 * The transcripts of a Markdown document, read as cli/tests/transcripts.rs reads them: in each
 * ```console block, a `$ ` line is a command (a line ending in `\` continues it) and the lines
 * up to the next command are its output (stdout, then stderr; blank lines before the next
 * command separate). Returns [{line, command, output: [lines]}].
 */
export function transcripts(markdown) {
  const found = [];
  let inConsole = false;
  let continued = false;
  const trim = (t) => { while (t && t.output.length > 0 && t.output.at(-1).trim() === "") t.output.pop(); };
  markdown.split("\n").forEach((line, i) => {
    if (line.startsWith("```")) {
      inConsole = !inConsole && line.slice(3).trim() === "console";
      continued = false;
      return;
    }
    if (!inConsole) return;
    if (continued) {
      found.at(-1).command += `\n${line}`;
      continued = line.endsWith("\\");
    } else if (line.startsWith("$ ")) {
      trim(found.at(-1));
      found.push({ line: i + 1, command: line.slice(2), output: [] });
      continued = line.endsWith("\\");
    } else {
      found.at(-1).output.push(line);
    }
  });
  trim(found.at(-1));
  return found;
}

/** The code block of a Markdown `text` that starts with the comment `// <file>` (any language). */
export function fileBlock(text, file) {
  const block = [...text.matchAll(/```\w+\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.startsWith(`// ${file}\n`));
  assert.ok(block, `a code block ${file}`);
  return block;
}

/**
 * Checks a document's claims: each `[phrase, tests]` pair's phrase is in `text` (exact, but
 * any run of whitespace matches any other: lines wrap anywhere), and each of its tests
 * ("file.test.mjs: test name start", or "file.test.mjs: " for any test of the file) exists.
 */
export function assertClaims(text, claims, doc) {
  const flat = (t) => t.replace(/\s+/g, " ");
  const files = Object.fromEntries(readdirSync(path.join(NPM_DIR, "test")).filter((f) => f.endsWith(".test.mjs")).map((f) => [f, readFileSync(path.join(NPM_DIR, "test", f), "utf8")]));
  for (const [phrase, tests] of claims) {
    assert.ok(flat(text).includes(flat(phrase)), `${doc} no longer says: ${phrase}`);
    for (const ref of tests) {
      const [file, name] = ref.split(": ");
      assert.ok(files[file] !== undefined, `${file} (for: ${phrase})`);
      assert.ok(files[file].includes(`test(${JSON.stringify(name).slice(0, -1)}`) || (name === "" && /\btest\(/.test(files[file])), `${ref} (for: ${phrase})`);
    }
  }
}

/** The CLI: $ROLLGATE_CLI, or cargo's debug build (built here when missing or stale). */
export function rollgateCli() {
  if (process.env.ROLLGATE_CLI) return process.env.ROLLGATE_CLI;
  const build = spawnSync("cargo", ["build", "--quiet", "-p", "rollgate-cli"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(build.status, 0, `cargo build -p rollgate-cli failed (is cargo on PATH?):\n${build.stderr ?? build.error}`);
  const target = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target");
  const binary = path.join(target, "debug", "rollgate");
  assert.ok(existsSync(binary), binary);
  return binary;
}
