// The size budget of the default module (ADR 0027): what every page loads is at most 80 KB
// gzip -9 (80,000 B); traces live in the debug module, which only explain() loads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { NPM_DIR } from "./helpers.mjs";

// GNU gzip, the tool the budget is stated in (`gzip -9 -c FILE | wc -c`); zlib's level 9 in
// Node differs by some tens of bytes.
const gzip = (file) => execFileSync("gzip", ["-9", "-c", path.join(NPM_DIR, file)], { maxBuffer: 16 << 20 }).length;
const DEFAULT_BUDGET = 80_000;

test("the default .wasm is at most 80 KB gzip -9", () => {
  const size = gzip("pkg/rollgate_bg.wasm");
  console.log(`# pkg/rollgate_bg.wasm: ${size} B gzip -9 (budget ${DEFAULT_BUDGET} B)`);
  assert.ok(size <= DEFAULT_BUDGET, `pkg/rollgate_bg.wasm is ${size} B gzip -9, over ${DEFAULT_BUDGET} B`);
});

test("the debug module is the bigger build: it adds explain", () => {
  const size = gzip("pkg-debug/rollgate_bg.wasm");
  console.log(`# pkg-debug/rollgate_bg.wasm: ${size} B gzip -9`);
  assert.ok(size > gzip("pkg/rollgate_bg.wasm"), `debug ${size} B`);
  const glue = readFileSync(path.join(NPM_DIR, "pkg-debug", "rollgate.js"), "utf8");
  assert.match(glue, /\bexplain\(/, "the debug glue exports explain");
  assert.doesNotMatch(readFileSync(path.join(NPM_DIR, "pkg", "rollgate.js"), "utf8"), /\bexplain\(/, "the default glue does not");
});
