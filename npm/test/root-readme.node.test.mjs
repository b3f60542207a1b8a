// The README's JavaScript and TypeScript quick starts use only the package's real API, and the
// Node one prints what its comment says:
//   - every ```ts block type-checks (tsc, strict) against the built package's declarations;
//   - every ```js block runs in Node from the repository root (as a user would run it, with
//     `"rollgate"` resolved to this package), and the comment on its last line must equal
//     what it printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { NPM_DIR, ROOT } from "./helpers.mjs";

const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const TSC = path.join(ROOT, "tools", "node_modules", ".bin", "tsc");

/** The bodies of every fenced block of `lang` in the README. */
function blocks(lang) {
  return [...README.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
}

function scratch(t) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rollgate-readme-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("the README has a TypeScript and a Node quick start", () => {
  assert.ok(blocks("ts").length >= 1, "no ```ts block in README.md");
  assert.ok(blocks("js").length >= 1, "no ```js block in README.md");
});

test("every ```ts block of the README type-checks against the package", (t) => {
  assert.ok(existsSync(TSC), "tools/node_modules/.bin/tsc missing: run scripts/setup.sh");
  const dir = scratch(t);
  const files = blocks("ts").map((code, i) => {
    const file = `snippet-${i}.ts`;
    writeFileSync(path.join(dir, file), code);
    return file;
  });
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM"],
      types: [], strict: true, noEmit: true, skipLibCheck: true,
      paths: { rollgate: [path.join(NPM_DIR, "dist", "index.d.ts")] },
    },
    files,
  }));
  try {
    execFileSync(TSC, ["-p", path.join(dir, "tsconfig.json")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`a README TypeScript snippet does not type-check:\n${e.stdout}${e.stderr}`);
  }
});

test("every ```js block of the README runs and prints what its last comment says", (t) => {
  const dir = scratch(t);
  blocks("js").forEach((code, i) => {
    const file = path.join(dir, `snippet-${i}.mjs`);
    const entry = pathToFileURL(path.join(NPM_DIR, "dist", "node.js")).href;
    writeFileSync(file, code.replaceAll('from "rollgate"', `from "${entry}"`));
    const printed = execFileSync(process.execPath, [file], { cwd: ROOT, encoding: "utf8" });
    const lines = code.trimEnd().split("\n");
    const expected = lines[lines.length - 1].match(/\/\/ (.*)$/);
    assert.ok(expected, `the last line of README js block ${i} has no expected-output comment`);
    assert.equal(printed.trim(), expected[1].trim());
  });
});
