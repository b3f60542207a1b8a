// Rollgate in JS: the figures of the browser issue, measured in Node (V8, same engine as Chromium).
//
//   node bench/bench.mjs            (after scripts/build-npm.sh)
//
// Prints per-call evaluate (ns), client lookup (ns), evaluate-all-200 (µs), load-200 (ms),
// compile + instantiate (ms), the time from import to the first answer (with and without a
// server's state), the first explain() (which loads the debug module), the gzip -9 sizes of the
// default .wasm and of the debug module's, the JS glue size and the devtools panel's. Each timing is the fastest
// of several runs of a timed loop (compile/instantiate: the median of 5 fresh processes);
// wall-clock figures on a shared machine still vary by 20–40%.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";
import * as rollgate from "rollgate";
import { generateRuleset, REFERENCE_FLAG, USER } from "./ruleset-gen.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const NPM = path.resolve(here, "..");
const WASM = path.join(NPM, "pkg", "rollgate_bg.wasm");
// The debug module (ADR 0027): the same engine with explain, loaded by the first explain().
const DEBUG_WASM = path.join(NPM, "pkg-debug", "rollgate_bg.wasm");
const NOW = Date.parse("2026-03-01T00:00:00Z");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Time per iteration, in ns, of `fn(i)`: the fastest of `runs` runs of `iters` iterations.
 * The minimum, not the median: on a shared machine other processes only ever add time.
 */
function timeNs(fn, iters, runs = 9) {
  for (let i = 0; i < iters; i++) fn(i); // warm-up (JIT)
  const results = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) fn(i);
    results.push(Number(process.hrtime.bigint() - t0) / iters);
  }
  return Math.min(...results);
}

// Compile + instantiate, each in a fresh Node process (a fresh V8 isolate, nothing cached).
async function compileInstantiate(runs = 5) {
  const { execFileSync } = await import("node:child_process");
  const entry = new URL("../dist/node.js", import.meta.url).href;
  const code = `
    import { readFileSync } from "node:fs";
    const bytes = readFileSync(${JSON.stringify(WASM)});
    const api = await import(${JSON.stringify(entry)});
    // Node loads its fetch implementation on the first touch of the Response global (which
    // the glue checks): ~25 ms that browsers never pay. Touch it before timing.
    void Response;
    const t0 = performance.now();
    const module = await WebAssembly.compile(bytes);
    const t1 = performance.now();
    await api.init(module);
    const t2 = performance.now();
    const e = new api.Engine();
    e.load({ schema: 1, revision: 1, flags: { f: ${JSON.stringify(REFERENCE_FLAG)} } });
    e.evaluate("f", { userId: "u", appVersion: "2.4.0", platform: "ios" });
    const t3 = performance.now();
    console.log(JSON.stringify({ compile: t1 - t0, instantiate: t2 - t1, first: t3 - t2 }));`;
  const rows = [];
  for (let i = 0; i < runs; i++) {
    rows.push(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" })));
  }
  return { compile: median(rows.map((r) => r.compile)), instantiate: median(rows.map((r) => r.instantiate)), first: median(rows.map((r) => r.first)) };
}

/**
 * From `import("rollgate")` to the first answer, each in a fresh Node process: a client made
 * from a server's state answers synchronously (no .wasm needed yet); `await createClient` with
 * the same ruleset as `bootstrap` answers once the .wasm is loaded and the ruleset parsed.
 */
async function importToFirstAnswer(state, rulesetText, runs = 5) {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(path.join(tmpdir(), "rollgate-bench-"));
  writeFileSync(path.join(dir, "state.json"), JSON.stringify(state));
  writeFileSync(path.join(dir, "ruleset.json"), rulesetText);
  const entry = new URL("../dist/node.js", import.meta.url).href;
  const code = (how) => `
    import { readFileSync } from "node:fs";
    const state = JSON.parse(readFileSync(${JSON.stringify(path.join(dir, "state.json"))}, "utf8"));
    const ruleset = readFileSync(${JSON.stringify(path.join(dir, "ruleset.json"))}, "utf8");
    void Response; // Node's fetch globals load on first touch (browsers never pay it)
    const t0 = performance.now();
    const api = await import(${JSON.stringify(entry)});
    const client = ${how === "sync" ? "api.createClientSync({ server: state, storage: false })" : "await api.createClient({ bootstrap: ruleset, context: state.context, storage: false })"};
    const answer = client.isEnabled("reference");
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ ms, answer, initialized: api.isInitialized() }));
    client.close();`;
  const run = (how) => {
    const rows = [];
    for (let i = 0; i < runs; i++) rows.push(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code(how)], { encoding: "utf8" })));
    if (how === "sync" && rows.some((r) => r.initialized)) throw new Error("the synchronous answer came after the .wasm loaded");
    return median(rows.map((r) => r.ms));
  };
  const result = { sync: run("sync"), awaited: run("awaited") };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const ci = await compileInstantiate();
await rollgate.init();

// 1. Per-call evaluate(flag, context) of the reference flag.
const refRuleset = JSON.stringify({ schema: 1, revision: 1, flags: { "new-checkout": REFERENCE_FLAG } });
const engine = new rollgate.Engine();
engine.load(refRuleset);
const ctx = engine.context(USER);
let sink = 0;
const users = Array.from({ length: 1024 }, (_, i) => engine.context({ ...USER, userId: `user-${i}` }));
const perCallHandle = timeNs(() => { sink ^= engine.evaluate("new-checkout", ctx, { now: NOW }).value ? 1 : 0; }, 200_000);
const perCallHandleNow = timeNs(() => { sink ^= engine.evaluate("new-checkout", ctx).value ? 1 : 0; }, 200_000);
const perCallManyUsers = timeNs((i) => { sink ^= engine.evaluate("new-checkout", users[i & 1023], { now: NOW }).value ? 1 : 0; }, 200_000);
const plain = { ...USER };
const perCallPlain = timeNs(() => { sink ^= engine.evaluate("new-checkout", plain, { now: NOW }).value ? 1 : 0; }, 200_000);
const perCallNewObject = timeNs((i) => { sink ^= engine.evaluate("new-checkout", { ...USER, userId: `u${i}` }, { now: NOW }).value ? 1 : 0; }, 20_000);
// A server's case: every request brings a new user. 10,000 distinct objects of five string
// attributes, built before the clock starts; each run evaluates every one once.
const requests = Array.from({ length: 10_000 }, (_, i) => ({
  userId: `user-${i}`, appVersion: `2.${i % 10}.${i % 3}`, platform: ["ios", "android", "web"][i % 3], country: ["FR", "DE", "US", "JP"][i % 4], email: `user${i}@example.com`,
}));
const perCallRequests = timeNs((i) => { sink ^= engine.evaluate("new-checkout", requests[i], { now: NOW }).value ? 1 : 0; }, 10_000);

// 2. Client lookup after the context is set.
const big = generateRuleset(200);
const bigText = JSON.stringify(big);
const client = await rollgate.createClient({ bootstrap: bigText, context: USER, storage: false });
const lookup = timeNs(() => { sink ^= client.isEnabled("reference") ? 1 : 0; }, 2_000_000);
const lookupString = timeNs(() => { sink ^= client.getString("flag-001", "A").length; }, 2_000_000);
const plainJs = new Map(Object.keys(big.flags).map((k) => [k, { value: true }]));
const plainLookup = timeNs(() => { sink ^= plainJs.get("reference").value === true ? 1 : 0; }, 2_000_000);
const firstAnswer = await importToFirstAnswer(rollgate.serverState(client, USER), bigText);

// 3. Evaluate all 200 flags, results included.
const all = new rollgate.Engine();
all.load(bigText);
const allCtx = all.context(USER);
const evalAllCompact = timeNs(() => { sink ^= all.evaluateAll(allCtx, NOW).size; }, 5_000) / 1000;
const evalAllObjects = timeNs(() => { all.evaluateAll(allCtx, NOW).forEach((r) => { sink ^= r.reason.length; }); }, 5_000) / 1000;
const evalAllForOf = timeNs(() => { for (const [, r] of all.evaluateAll(allCtx, NOW)) sink ^= r.reason.length; }, 5_000) / 1000;
const evalAllMaterialized = timeNs(() => { sink ^= all.evaluateAll(allCtx, NOW).toMap().size; }, 5_000) / 1000;
const evalAllOneByOne = timeNs(() => { for (const k of all.flagKeys()) sink ^= all.evaluate(k, allCtx, { now: NOW }).reason.length; }, 2_000) / 1000;

// 4. Load a 200-flag ruleset into a ready engine, until the first evaluation. The engines are
// created before the clock starts ("ready") and freed after it stops (freeing is not loading);
// replacing a served ruleset, where the old one is dropped inside the update, is timed too.
function timeLoadMs(input, iters = 50, runs = 9, flag = "reference") {
  let best = Infinity;
  for (let r = 0; r <= runs; r++) {
    const engines = Array.from({ length: iters }, () => new rollgate.Engine());
    const t0 = process.hrtime.bigint();
    for (const e of engines) {
      e.load(input);
      sink ^= e.evaluate(flag, allCtx, { now: NOW }).reason.length;
    }
    const ms = Number(process.hrtime.bigint() - t0) / iters / 1e6;
    for (const e of engines) e.free();
    if (r > 0) best = Math.min(best, ms); // run 0 warms the JIT up
  }
  return best;
}
const loadMs = timeLoadMs(bigText);
const loadObjectMs = timeLoadMs(big);
// The Rust bench's S2/S3 fixture: 200 heavier flags, pretty-printed (187 KB).
const fixtureText = readFileSync(path.join(here, "..", "..", "tests", "bench", "ruleset-200.json"), "utf8");
const fixtureMs = timeLoadMs(fixtureText, 20, 9, "s1"); // its reference flag is "s1"
const serving = new rollgate.Engine();
serving.load(bigText);
const updateMs = timeNs(() => {
  serving.load(bigText); // same revision: accepted, and the previous ruleset is dropped
  sink ^= serving.evaluate("reference", allCtx, { now: NOW }).reason.length;
}, 200) / 1e6;
serving.free();

// The first explain(): reads, compiles and instantiates the debug module, loads the ruleset
// into it, and traces. Once per process, so a single measurement.
const explained = new rollgate.Engine();
explained.load(bigText);
const t0Explain = process.hrtime.bigint();
sink ^= (await explained.explain("reference", USER, NOW)).rules.length;
const firstExplainMs = Number(process.hrtime.bigint() - t0Explain) / 1e6;
const t1Explain = process.hrtime.bigint();
for (let i = 0; i < 100; i++) sink ^= (await explained.explain("reference", USER, NOW)).rules.length;
const nextExplainMs = Number(process.hrtime.bigint() - t1Explain) / 100 / 1e6;
explained.free();

// 5. Sizes.
const wasmBytes = readFileSync(WASM);
const debugWasmBytes = readFileSync(DEBUG_WASM);
const glue = readFileSync(path.join(NPM, "pkg", "rollgate.js"));
const distFiles = readdirSync(path.join(NPM, "dist"), { recursive: true }).filter((f) => f.endsWith(".js")).map((f) => path.join(NPM, "dist", f));
const distBytes = distFiles.reduce((a, f) => a + statSync(f).size, 0);
const distGzip = gzipSync(Buffer.concat(distFiles.map((f) => readFileSync(f))), { level: 9 }).length;
// rollgate/devtools: loaded on demand, never in the main bundle.
const devtoolsCode = Buffer.concat(distFiles.filter((f) => /[\\/]devtools(\.js|[\\/])/.test(f)).map((f) => readFileSync(f)));

const f1 = (x) => x.toFixed(1);
const f3 = (x) => x.toFixed(3);
const rows = [
  ["per-call evaluate(flag, Context handle), now given", `${f1(perCallHandle)} ns`, "< 300 ns"],
  ["per-call evaluate(flag, Context handle), now = Date.now()", `${f1(perCallHandleNow)} ns`, ""],
  ["per-call evaluate, 1024 different users (handles)", `${f1(perCallManyUsers)} ns`, ""],
  ["per-call evaluate(flag, same plain object)", `${f1(perCallPlain)} ns`, ""],
  ["per-call evaluate(flag, new plain object each call)", `${f1(perCallNewObject)} ns`, ""],
  ["per-call evaluate(flag, 10,000 distinct plain objects, 5 strings)", `${f1(perCallRequests)} ns`, "< 1 µs"],
  ["client lookup isEnabled()", `${f1(lookup)} ns`, "< 60 ns"],
  ["client lookup getString()", `${f1(lookupString)} ns`, ""],
  ["plain JS Map lookup (reference)", `${f1(plainLookup)} ns`, ""],
  ["evaluateAll 200 flags (compact results)", `${f1(evalAllCompact)} µs`, ""],
  ["evaluateAll 200 flags + every result object built (forEach)", `${f1(evalAllObjects)} µs`, "< 25 µs"],
  ["evaluateAll 200 flags + every result, for (const [flag, r] of ...)", `${f1(evalAllForOf)} µs`, ""],
  ["evaluateAll 200 flags + every result object in a new Map (toMap)", `${f1(evalAllMaterialized)} µs`, ""],
  ["200 single evaluate() calls", `${f1(evalAllOneByOne)} µs`, ""],
  [`load 200-flag ruleset (${bigText.length} B JSON text) + first evaluation`, `${f3(loadMs)} ms`, "< 0.4 ms"],
  ["load 200-flag ruleset (JS object) + first evaluation", `${f3(loadObjectMs)} ms`, ""],
  [`load the Rust bench's fixture (${fixtureText.length} B, pretty-printed) + first evaluation`, `${f3(fixtureMs)} ms`, ""],
  ["update a serving engine with the same 200 flags + first evaluation", `${f3(updateMs)} ms`, ""],
  ["WASM compile (WebAssembly.compile)", `${f3(ci.compile)} ms`, "reported"],
  ["WASM instantiate (init with a compiled module)", `${f3(ci.instantiate)} ms`, "reported"],
  ["first engine + load + evaluation after instantiate", `${f3(ci.first)} ms`, ""],
  ["import → first answer, createClientSync({ server }) (before the .wasm, 200 flags)", `${f3(firstAnswer.sync)} ms`, "reported"],
  ["import → first answer, await createClient({ bootstrap }) (200 flags)", `${f3(firstAnswer.awaited)} ms`, "reported"],
  ["first explain() (loads the debug module + the 200 flags, then traces)", `${f3(firstExplainMs)} ms`, "reported"],
  ["later explain() calls (same ruleset)", `${f3(nextExplainMs)} ms`, ""],
  [".wasm size raw", `${wasmBytes.length} B`, ""],
  [".wasm gzip -9 (default module, pkg/)", `${gzipSync(wasmBytes, { level: 9 }).length} B`, "≤ 80 KB"],
  ["debug module .wasm raw / gzip -9 (pkg-debug/, loaded by explain)", `${debugWasmBytes.length} B / ${gzipSync(debugWasmBytes, { level: 9 }).length} B`, "reported"],
  ["JS glue (wasm-bindgen pkg/rollgate.js) raw / gzip -9", `${glue.length} B / ${gzipSync(glue, { level: 9 }).length} B`, "reported"],
  ["JS layer (dist/*.js) raw / gzip -9", `${distBytes} B / ${distGzip} B`, "reported"],
  ["devtools panel (dist/devtools.js, dist/devtools/*.js) raw / gzip -9", `${devtoolsCode.length} B / ${gzipSync(devtoolsCode, { level: 9 }).length} B`, "reported"],
];
console.log(`rollgate bench — node ${process.version}, ${new Date().toISOString()}`);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
for (const [name, value, target] of rows) console.log(`${name.padEnd(w0)}  ${value.padStart(w1)}  ${target}`);
if (sink === 0.5) console.log(sink); // keep results alive
client.close();
