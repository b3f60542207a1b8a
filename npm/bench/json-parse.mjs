// How long V8's own `JSON.parse` takes on the benchmark rulesets: the least work any JS flag
// engine does to load a ruleset from its JSON text (ADR 0016 compares it with other engines' S3
// figures, docs/benchmarks/peers.md). No build needed:
//
//   node npm/bench/json-parse.mjs
//
// Prints, for each ruleset as stored and minified, the p10 and p50 of 2,000 parses after
// 2,000 warm-up parses.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCH = path.resolve(here, "..", "..", "tests", "bench");
const RULESETS = ["ruleset-200.json", "ruleset-200-node.json"];
const RUNS = 2000;

/** The p-th quantile of `sorted` (ascending). */
function quantile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** p10 and p50, in µs, of `RUNS` parses of `text` (after as many untimed ones). */
function timeParse(text) {
  for (let i = 0; i < RUNS; i++) JSON.parse(text);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    JSON.parse(text);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return [quantile(times, 0.1), quantile(times, 0.5)];
}

for (const name of RULESETS) {
  const stored = readFileSync(path.join(BENCH, name), "utf8");
  const minified = JSON.stringify(JSON.parse(stored));
  for (const [form, text] of [["as stored", stored], ["minified", minified]]) {
    const [p10, p50] = timeParse(text);
    console.log(
      `${name} ${form} (${text.length} bytes): JSON.parse p10 ${p10.toFixed(1)} µs, p50 ${p50.toFixed(1)} µs`,
    );
  }
}
