// The size of the default module: traces (ADR 0027) and load problems' full messages (ADR 0028)
// live in the debug module, which only explain() and validateDetailed() load. The goal is at
// most 80 KB gzip -9 (80,000 B); the test prints how much room is left.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { NPM_DIR } from "./helpers.mjs";

// GNU gzip, the tool the budget is stated in (`gzip -9 -c FILE | wc -c`); zlib's level 9 in
// Node differs by some tens of bytes.
const gzip = (file) => execFileSync("gzip", ["-9", "-c", path.join(NPM_DIR, file)], { maxBuffer: 16 << 20 }).length;
const DEFAULT_GOAL = 80_000;

test("the default .wasm is within its goal (80,000 B gzip -9)", () => {
  const size = gzip("pkg/rollgate_bg.wasm");
  console.log(`# pkg/rollgate_bg.wasm: ${size} B gzip -9 (goal ${DEFAULT_GOAL} B, ${DEFAULT_GOAL - size} B left)`);
  assert.ok(size <= DEFAULT_GOAL, `pkg/rollgate_bg.wasm is ${size} B gzip -9, ${size - DEFAULT_GOAL} B over the goal of ${DEFAULT_GOAL} B`);
});

test("the debug module is the bigger build: it adds explain and the full messages", () => {
  const size = gzip("pkg-debug/rollgate_bg.wasm");
  console.log(`# pkg-debug/rollgate_bg.wasm: ${size} B gzip -9`);
  assert.ok(size > gzip("pkg/rollgate_bg.wasm"), `debug ${size} B`);
  const glue = readFileSync(path.join(NPM_DIR, "pkg-debug", "rollgate.js"), "utf8");
  assert.match(glue, /\bexplain\(/, "the debug glue exports explain");
  assert.doesNotMatch(readFileSync(path.join(NPM_DIR, "pkg", "rollgate.js"), "utf8"), /\bexplain\(/, "the default glue does not");
});
