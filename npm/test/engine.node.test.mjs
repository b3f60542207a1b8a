// The engine API over WASM: errors, contexts, evaluate vs evaluateAll, explain, entry points.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as api from "rollgate";
import { Engine, init } from "rollgate";
import { corpus, ruleset, NPM_DIR, ROOT, rollgateCli } from "./helpers.mjs";
import { generateRuleset, USER } from "../bench/ruleset-gen.mjs";

await init();
const IOS = { userId: "u1", appVersion: "2.4.0", platform: "ios" };

test("an invalid ruleset throws INVALID_RULESET with every problem, and the engine keeps the old one", () => {
  const e = new Engine();
  e.load(ruleset(1));
  const bad = ruleset(2);
  bad.flags["new-checkout"].rules[0].when.range = ">=banana";
  bad.flags["max-items"].default = "nope";
  assert.throws(() => e.load(bad), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, "INVALID_RULESET");
    const pairs = err.problems.map((p) => `${p.path} ${p.kind}`).sort();
    assert.deepEqual(pairs, ["flags.max-items.default unknown_variant", "flags.new-checkout.rules[0].when.range invalid_range"]);
    assert.ok(err.problems.every((p) => typeof p.message === "string" && p.message.length > 0));
    return true;
  });
  assert.equal(e.revision, 1);
  assert.equal(e.evaluate("new-checkout", IOS).value, true);
  assert.deepEqual(Engine.validate(bad).length, 2);
  assert.deepEqual(Engine.validate(ruleset(3)), []);
  e.free();
});

test("problems: the default module says each kind in short, validateDetailed the full message with hints, for the same problems", async () => {
  const typo = ruleset(1);
  typo.flags["new-checkout"].rules[0].when.op = "semver_gte";
  typo.flags["new-checkout"].rules[0].when.rnage = ">=2";
  const short = Engine.validate(typo);
  const full = await Engine.validateDetailed(typo);
  assert.deepEqual(short.map((p) => [p.path, p.kind]), full.map((p) => [p.path, p.kind]));
  assert.deepEqual(full.map((p) => p.message), ['unknown operator "semver_gte" (did you mean "semver"?)', 'unknown field "rnage" (did you mean "range"?)']);
  assert.deepEqual(short.map((p) => p.message), ["unknown operator", "unknown field"]);
  assert.deepEqual(await Engine.validateDetailed(ruleset(1)), []);
  // Every rejected ruleset of the conformance corpus: the same paths and kinds in the same order;
  // the default module's message depends on the kind alone (syntax errors keep line and column).
  const summaries = new Map();
  let cases = 0;
  for (const { doc } of corpus()) {
    for (const c of doc.invalid ?? []) {
      const text = c.rulesetText !== undefined ? c.rulesetText : JSON.stringify(c.ruleset);
      const [a, b] = [Engine.validate(text), await Engine.validateDetailed(text)];
      assert.deepEqual(a.map((p) => [p.path, p.kind]), b.map((p) => [p.path, p.kind]), c.name);
      for (const p of a.filter((p) => p.kind !== "syntax")) {
        assert.equal(summaries.get(p.kind) ?? p.message, p.message, `${c.name}: ${p.kind}`);
        summaries.set(p.kind, p.message);
      }
      cases++;
    }
  }
  assert.ok(cases > 100 && summaries.size >= 15, `${cases} cases, ${summaries.size} kinds`);
});

test("an older revision throws STALE_REVISION", () => {
  const e = new Engine();
  assert.deepEqual(e.load(ruleset(5)), { previousRevision: 0, revision: 5, droppedOverrides: [] });
  assert.throws(() => e.load(ruleset(4)), (err) => err.code === "STALE_REVISION" && err.current === 5 && err.offered === 4);
  assert.deepEqual(e.load(JSON.stringify(ruleset(5))), { previousRevision: 5, revision: 5, droppedOverrides: [] }, "the same revision reloads");
  e.free();
});

test("contexts: nested objects are INVALID_CONTEXT with a path; Dates and lists work", () => {
  const e = new Engine();
  e.load({ schema: 1, revision: 1, flags: {
    late: { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ id: "d", when: { attr: "signup", op: "after", value: "2025-01-01T00:00:00Z" }, serve: "on" }] },
    grp: { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ id: "g", when: { attr: "groups", op: "in", values: ["beta"] }, serve: "on" }] },
  } });
  assert.throws(() => e.context({ address: { country: "FR" } }), (err) => err.code === "INVALID_CONTEXT" && err.path === "context.address");
  const invalid = e.evaluate("late", { address: { country: "FR" } });
  assert.equal(invalid.reason, "ERROR");
  assert.equal(invalid.errorCode, "INVALID_CONTEXT");
  assert.equal(e.evaluate("late", { signup: new Date("2025-06-01T00:00:00Z") }).value, true);
  assert.equal(e.evaluate("late", { signup: new Date("2024-06-01T00:00:00Z") }).value, false);
  assert.equal(e.evaluate("grp", { groups: ["x", "beta"] }).value, true);
  assert.equal(e.evaluate("grp", { groups: ["x"] }).value, false);
  e.free();
});

test("contexts: NaN and infinities are absent, as JSON.stringify writes them; in a list, INVALID_CONTEXT", () => {
  const e = new Engine();
  e.load({ schema: 1, revision: 1, flags: {
    low: { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ id: "low", when: { attr: "score", op: "lt", value: 10 }, serve: "on" }] },
    none: { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [{ id: "none", when: { not: { attr: "score", op: "exists" } }, serve: "on" }] },
  } });
  for (const n of [NaN, Infinity, -Infinity]) {
    // A plain object (the inbox) and a Context (the JSON route) agree: the attribute is absent.
    const context = e.context({ score: n });
    for (const ctx of [{ score: n }, context]) {
      assert.equal(e.evaluate("none", ctx).ruleId, "none", `${n}: absent`);
      assert.equal(e.evaluate("low", ctx).reason, "DEFAULT", `${n}: no number to compare`);
    }
    context.free();
    // A list element has no "absent": null in a list is refused.
    assert.equal(e.evaluate("low", { score: [n] }).errorCode, "INVALID_CONTEXT", `[${n}]`);
    assert.throws(() => e.context({ score: [n] }), (err) => err.code === "INVALID_CONTEXT");
  }
  // A finite number is there, for comparison.
  assert.equal(e.evaluate("low", { score: 5 }).ruleId, "low");
  assert.equal(e.evaluate("none", { score: 5 }).reason, "DEFAULT");
  e.free();
});

test("a plain-object context is read afresh on every call", () => {
  const e = new Engine();
  e.load(ruleset(1));
  const user = { ...IOS };
  assert.equal(e.evaluate("new-checkout", user).value, true);
  user.platform = "web";
  assert.equal(e.evaluate("new-checkout", user).value, false);
  user.platform = "ios";
  user.appVersion = "2.0.0";
  assert.equal(e.evaluate("new-checkout", user).ruleId, "old-apps");
  assert.equal(e.evaluate("new-checkout", { ...IOS, extra: undefined }).value, true);
  e.free();
});

test("unknown flags, type mismatches and the full result shape", () => {
  const e = new Engine();
  e.load(ruleset(1));
  const missing = e.evaluate("nope", IOS);
  assert.deepEqual(JSON.parse(JSON.stringify(missing)), { reason: "ERROR", errorCode: "FLAG_NOT_FOUND" });
  const mismatch = e.evaluate("new-checkout", IOS, { type: "string" });
  assert.equal(mismatch.errorCode, "TYPE_MISMATCH");
  assert.equal(mismatch.type, "boolean");
  const ok = e.evaluate("new-checkout", IOS, { type: "boolean" });
  assert.deepEqual(JSON.parse(JSON.stringify(ok)), {
    value: true, variant: "on", reason: "SPLIT", ruleId: "mobile", type: "boolean", metadata: { owner: "payments", tags: ["checkout"] },
  });
  assert.ok(Object.isFrozen(ok.metadata), "shared interned objects are frozen");
  assert.deepEqual(e.flag("max-items"), { key: "max-items", type: "number", enabled: true, variants: { small: 5, big: 50 }, metadata: {} });
  assert.equal(e.flag("nope"), undefined);
  e.free();
});

test("object values and metadata arrive as JSON.parse reads the ruleset's own text", () => {
  const value = '{"a":[1,-2.5,1e-7,{"b":null}],"s":"q\\"\\u0001é\\n","big":9007199254740993,"z":true}';
  const meta = '{"owner":"x\\"y","n":123456789012,"f":0.25,"on":false,"list":["a","b"]}';
  const text = `{"schema":1,"revision":1,"flags":{"obj":{"type":"object","variants":{"v":${value}},"default":"v","metadata":${meta}}}}`;
  const e = new Engine();
  e.load(text);
  const r = e.evaluate("obj", IOS);
  assert.deepEqual(r.value, JSON.parse(value));
  assert.deepEqual(r.metadata, JSON.parse(meta));
  assert.deepEqual(e.flag("obj").variants.v, JSON.parse(value));
  assert.deepEqual(e.flag("obj").metadata, JSON.parse(meta));
  e.free();
});

test("evaluateAll agrees with evaluate for 200 generated flags and many users", () => {
  const e = new Engine();
  e.load(generateRuleset(200));
  const now = Date.parse("2026-01-15T00:00:00Z");
  for (let u = 0; u < 25; u++) {
    const user = { ...USER, userId: `user-${u}`, platform: u % 2 ? "ios" : "android", appVersion: `2.${u % 6}.0` };
    const ctx = e.context(user);
    const all = e.evaluateAll(ctx, now);
    assert.equal(all.size, 200);
    for (const key of e.flagKeys()) {
      assert.deepEqual(all.get(key), e.evaluate(key, ctx, { now }), `${key} for user-${u}`);
      assert.deepEqual(all.value(key), all.get(key).value);
    }
    // Iteration and toMap give the same pairs, in key order.
    const iterated = [...all];
    assert.deepEqual(iterated.map(([k]) => k), [...e.flagKeys()]);
    assert.deepEqual(new Map(iterated), all.toMap());
    const visited = [];
    all.forEach((result, flag) => visited.push([flag, result]));
    assert.deepEqual(visited, iterated);
    ctx.free();
  }
  e.free();
});

test("explain and nextChangeAfter", async () => {
  const e = new Engine();
  const at = Date.parse("2026-12-01T00:00:00Z");
  e.load(ruleset(1, { extra: { ramp: { type: "boolean", variants: { on: true, off: false }, default: "off",
    rules: [{ id: "r", rollout: { steps: [{ at: "2026-12-01T00:00:00Z", percent: 5 }], serve: "on" } }] } } }));
  const pending = e.explain("new-checkout", { ...IOS, appVersion: "2.0.0" }, 0);
  assert.ok(pending instanceof Promise, "explain is async: it loads the debug module");
  const x = await pending;
  assert.equal(x.flag, "new-checkout");
  assert.equal(x.result.ruleId, "old-apps");
  assert.equal(x.rules[0].id, "old-apps");
  assert.equal(x.rules[0].matched, true);
  assert.equal(e.nextChangeAfter(0), at);
  assert.equal(e.nextChangeAfter(at), undefined);
  e.free();
});

test("freed engines and contexts throw CLOSED; wrappers are counted", () => {
  const before = api.liveWrappers();
  const e = new Engine();
  const c = e.context(IOS);
  assert.deepEqual(api.liveWrappers(), { contexts: before.contexts + 1, engines: before.engines + 1 });
  c.free();
  c.free();
  assert.throws(() => e.evaluate("x", c), (err) => err.code === "CLOSED");
  e.free();
  assert.throws(() => e.revision, (err) => err.code === "CLOSED");
  assert.deepEqual(api.liveWrappers(), before);
});

test("explain: the default module has no trace code; the debug module follows the engine's ruleset", async () => {
  const { WasmEngine } = await import("../pkg/rollgate.js");
  const debug = await import("../pkg-debug/rollgate.js");
  assert.equal(typeof WasmEngine.prototype.explain, "undefined", "explain is not in the default module");
  assert.equal(typeof debug.WasmEngine.prototype.explain, "function", "explain is in the debug module");

  const e = new Engine();
  const empty = await e.explain("new-checkout", IOS, 0);
  assert.equal(empty.result.errorCode, "FLAG_NOT_FOUND", "an engine with no ruleset explains nothing");
  const bytes = new TextEncoder().encode(JSON.stringify(ruleset(1, { percent: 0 })));
  e.load(bytes);
  bytes.fill(0x20); // the caller reusing its buffer changes nothing
  assert.equal((await e.explain("new-checkout", IOS, 0)).result.variant, "off");
  e.load(ruleset(2, { percent: 100 }));
  const after = await e.explain("new-checkout", IOS, 0);
  assert.deepEqual([after.result.variant, after.rules[1].bucketing[0].percent], ["on", 100], "the ruleset served now, not the first one explained");
  assert.equal(after.result.variant, e.evaluate("new-checkout", IOS, { now: 0 }).variant);
  // The core's report, as `rollgate explain` prints it, ends with the time and the revision served.
  assert.deepEqual(after.lines.at(0), { depth: 0, text: 'flag new-checkout: variant "on" = true (SPLIT, rule "mobile")', verdict: null });
  assert.deepEqual(after.lines.at(-1), { depth: 1, text: "evaluated at 1970-01-01T00:00:00.000Z, ruleset revision 2", verdict: null });

  await assert.rejects(e.explain("new-checkout", { nested: { no: 1 } }, 0), (err) => err.code === "INVALID_CONTEXT" && err.path === "context.nested");
  const c = e.context(IOS);
  assert.equal((await e.explain("new-checkout", c, 0)).rules[1].checks[0].actual, "ios", "a Context handle works too");
  c.free();
  await assert.rejects(e.explain("new-checkout", c, 0), (err) => err.code === "CLOSED");
  e.free();
  await assert.rejects(e.explain("new-checkout", IOS, 0), (err) => err.code === "CLOSED");
});

test("explain: the core's trace as `rollgate explain --json` prints it, plus its lines as `rollgate explain` prints them", async () => {
  const file = path.join(ROOT, "examples", "flags.json");
  const e = await Engine.create(readFileSync(file, "utf8"));
  const context = { userId: "u-00003", email: "carol@acme.com", appVersion: "2.4.0", platform: "android" };
  const now = Date.parse("2026-12-04T12:00:00Z");
  const cli = (flag, ...extra) => execFileSync(rollgateCli(), ["explain", file, "--flag", flag, "--context", JSON.stringify(context), "--now", String(now), ...extra], { encoding: "utf8" });
  for (const flag of Object.keys(JSON.parse(readFileSync(file, "utf8")).flags)) {
    const { lines, ...trace } = await e.explain(flag, context, now);
    assert.deepEqual(trace, JSON.parse(cli(flag, "--json")), flag);
    assert.equal(lines.map((line) => `${"  ".repeat(line.depth)}${line.text}\n`).join(""), cli(flag), flag);
  }
  e.free();
});

test("rollgate/slim: explain needs initDebug(source)", () => {
  const script = `
    import * as slim from "rollgate/slim";
    import { readFileSync } from "node:fs";
    slim.initSync(readFileSync(new URL("./pkg/rollgate_bg.wasm", "file://${NPM_DIR}/")));
    const e = new slim.Engine();
    e.load(${JSON.stringify(JSON.stringify(ruleset(1)))});
    let code = "none";
    try { await e.explain("new-checkout", ${JSON.stringify(IOS)}); } catch (err) { code = err.code; }
    await slim.initDebug(readFileSync(new URL("./pkg-debug/rollgate_bg.wasm", "file://${NPM_DIR}/")));
    const x = await e.explain("new-checkout", ${JSON.stringify(IOS)}, 0);
    console.log(JSON.stringify({ code, ruleId: x.result.ruleId }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: NPM_DIR, encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), { code: "NOT_INITIALIZED", ruleId: "mobile" });
});

test("rollgate/slim needs a source; it accepts bytes; the Node entry needs none", () => {
  const script = `
    import * as slim from "rollgate/slim";
    import { readFileSync } from "node:fs";
    let code = "none";
    try { await slim.init(); } catch (e) { code = e.code; }
    await slim.init(readFileSync(new URL("./pkg/rollgate_bg.wasm", "file://${NPM_DIR}/")));
    const e = new slim.Engine();
    e.load(${JSON.stringify(JSON.stringify(ruleset(1)))});
    console.log(JSON.stringify({ code, value: e.evaluate("new-checkout", ${JSON.stringify(IOS)}).value }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: NPM_DIR, encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), { code: "NOT_INITIALIZED", value: true });
});

test("load and validate take UTF-8 bytes; invalid UTF-8 is a located syntax problem", async () => {
  await init();
  const text = JSON.stringify({ schema: 1, revision: 4, flags: { f: { type: "string", variants: { "é": "日本" }, default: "é" } } });
  const engine = new Engine();
  assert.equal(engine.load(new TextEncoder().encode(text)).revision, 4);
  const ctx = engine.context({ userId: "u" });
  assert.equal(engine.evaluate("f", ctx).value, "日本");
  const broken = new Uint8Array([...new TextEncoder().encode('{"schema": 1,\n "revision": "'), 0xc3, 0x28, 0x22, 0x7d]);
  assert.throws(() => engine.load(broken), (e) => e.code === "INVALID_RULESET" && e.problems[0].kind === "syntax" && /invalid UTF-8 at line 2 column 15/.test(e.problems[0].message));
  assert.equal(engine.revision, 4, "the last good ruleset stays");
  assert.deepEqual(Engine.validate(new TextEncoder().encode(text)), []);
  assert.equal(Engine.validate(broken)[0].kind, "syntax");
  ctx.free(); engine.free();
});

test("every error is a RollgateError with a code, and says what is wrong once", () => {
  const e = new Engine();
  e.load(ruleset(3));
  const bad = ruleset(4);
  bad.flags["new-checkout"].rules[0].when.op = "semverish";
  const thrown = (fn) => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    assert.fail("did not throw");
  };
  const invalid = thrown(() => e.load(bad));
  assert.ok(invalid instanceof api.RollgateError && invalid instanceof Error);
  assert.equal(invalid.name, "RollgateError");
  assert.equal(invalid.code, "INVALID_RULESET");
  assert.match(invalid.message, /^invalid ruleset \(1 problem\)\n {2}flags\.new-checkout\.rules\[0\]\.when\.op: /);
  assert.doesNotMatch(invalid.message, /invalid ruleset.*invalid ruleset/s);
  assert.equal(invalid.problems.length, 1);
  assert.match(invalid.stack, /engine\.node\.test\.mjs/, "the stack points at the caller");

  const stale = thrown(() => e.load(ruleset(2)));
  assert.ok(stale instanceof api.RollgateError);
  assert.deepEqual([stale.code, stale.current, stale.offered, stale.message], ["STALE_REVISION", 3, 2, "refused revision 2: older than the current revision 3"]);

  const context = thrown(() => e.context({ address: { country: "FR" } }));
  assert.ok(context instanceof api.RollgateError);
  assert.deepEqual([context.code, context.path], ["INVALID_CONTEXT", "context.address"]);
  assert.match(context.message, /^invalid context: context\.address: /);
  assert.equal("problems" in context, false, "only the facts of its code");

  // What JSON.stringify refuses is the same kind of error as what the core refuses.
  const big = thrown(() => e.context({ userId: "u", visits: 3n }));
  assert.ok(big instanceof api.RollgateError);
  assert.deepEqual([big.code, big.path], ["INVALID_CONTEXT", "context.visits"]);
  assert.equal(e.evaluate("new-checkout", { visits: 3n }).errorCode, "INVALID_CONTEXT");
  const cyclic = ruleset(5);
  cyclic.self = cyclic;
  const cycle = thrown(() => e.load(cyclic));
  assert.ok(cycle instanceof api.RollgateError);
  assert.equal(cycle.code, "INVALID_RULESET");
  assert.equal(cycle.problems[0].kind, "invalid_type");
  assert.equal(Engine.validate(cyclic)[0].kind, "invalid_type");
  assert.equal(e.revision, 3, "the engine keeps its last good ruleset");

  e.free();
  const closed = thrown(() => e.evaluate("new-checkout", IOS));
  assert.ok(closed instanceof api.RollgateError);
  assert.equal(closed.code, "CLOSED");
});

test("NOT_INITIALIZED and WASM_LOAD_FAILED are RollgateErrors too; initSync works after a failed load", () => {
  const script = `
    import * as slim from "rollgate/slim";
    const out = {};
    try { new slim.Engine(); } catch (e) { out.engine = [e.code, e instanceof slim.RollgateError]; }
    try { await slim.init(); } catch (e) { out.init = [e.code, e instanceof slim.RollgateError]; }
    try { slim.initSync(new Uint8Array([0, 1, 2, 3])); } catch (e) { out.sync = [e.code, e instanceof slim.RollgateError, e.message]; }
    try { await slim.init(new Uint8Array([0, 1, 2, 3])); } catch (e) { out.async = [e.code, e instanceof slim.RollgateError, String(e.cause)]; }
    const { readFileSync } = await import("node:fs");
    slim.initSync(readFileSync(new URL("./pkg/rollgate_bg.wasm", "file://${NPM_DIR}/")));
    out.afterSync = new slim.Engine().revision;
    console.log(JSON.stringify(out));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: NPM_DIR, encoding: "utf8" }));
  assert.deepEqual(out.engine, ["NOT_INITIALIZED", true]);
  assert.deepEqual(out.init, ["NOT_INITIALIZED", true]);
  assert.deepEqual(out.sync.slice(0, 2), ["WASM_LOAD_FAILED", true]);
  assert.match(out.sync[2], /^could not load rollgate_bg\.wasm: .*magic/);
  assert.deepEqual(out.async.slice(0, 2), ["WASM_LOAD_FAILED", true]);
  assert.match(out.async[2], /CompileError/);
  assert.equal(out.afterSync, 0, "a failed load can be retried; initSync instantiates synchronously");
});

test("results, result sets, contexts and engines print and serialize as what they mean", async () => {
  const { inspect } = await import("node:util");
  const e = new Engine();
  e.load(ruleset(7));
  const ctx = e.context(IOS);
  const all = e.evaluateAll(ctx);
  const printed = inspect(all, { depth: 4 });
  for (const internal of ["records", "Int32Array", "table", "index"]) assert.ok(!printed.includes(internal), `${internal} in ${printed}`);
  assert.match(printed, /^Evaluations\(3\) \[revision 7\] \{/);
  assert.match(printed, /'new-checkout': \{\s+value: true,\s+variant: 'on',\s+reason: 'SPLIT',\s+ruleId: 'mobile'/);
  const json = JSON.parse(JSON.stringify(all));
  assert.deepEqual(Object.keys(json), ["checkout-layout", "max-items", "new-checkout"]);
  assert.deepEqual(json["checkout-layout"], { value: "a", variant: "A", reason: "STATIC", type: "string" });
  assert.deepEqual(json, JSON.parse(JSON.stringify(all.toObject())));
  // A single result is a plain object of its fields: JSON drops those that do not apply.
  assert.deepEqual(JSON.parse(JSON.stringify(e.evaluate("max-items", ctx))), { value: 5, variant: "small", reason: "STATIC", type: "number" });
  assert.equal(inspect(ctx), "Context { userId: 'u1', appVersion: '2.4.0', platform: 'ios' }");
  assert.deepEqual(JSON.parse(JSON.stringify(ctx)), IOS);
  assert.equal(inspect(e), "Engine { revision: 7, flags: 3 }");
  ctx.free();
  e.free();
  assert.equal(inspect(e), "Engine { freed }");
});

test("init takes a Response; createClient passes its wasm source through; object values are frozen", () => {
  const script = `
    import * as slim from "rollgate/slim";
    import { readFile } from "node:fs/promises";
    const bytes = await readFile(new URL("./pkg/rollgate_bg.wasm", "file://${NPM_DIR}/"));
    const client = await slim.createClient({ wasm: new Response(bytes, { headers: { "content-type": "application/wasm" } }),
      bootstrap: ${JSON.stringify(JSON.stringify(ruleset(2, { extra: { obj: { type: "object", variants: { v: { a: [1] } }, default: "v" } } })))}, storage: false });
    const value = client.getObject("obj", {});
    console.log(JSON.stringify({ initialized: slim.isInitialized(), revision: client.revision, value, frozen: Object.isFrozen(value) && Object.isFrozen(value.a) }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: NPM_DIR, encoding: "utf8" }));
  assert.deepEqual(out, { initialized: true, revision: 2, value: { a: [1] }, frozen: true });
});

test("null and undefined attributes are absent", () => {
  const e = new Engine();
  e.load(ruleset(1));
  const absent = e.evaluate("new-checkout", { userId: "u1", appVersion: "2.4.0" });
  assert.deepEqual(e.evaluate("new-checkout", { userId: "u1", appVersion: "2.4.0", platform: null }), absent);
  assert.deepEqual(e.evaluate("new-checkout", { userId: "u1", appVersion: "2.4.0", platform: undefined }), absent);
  assert.equal(absent.value, false);
  e.free();
});
