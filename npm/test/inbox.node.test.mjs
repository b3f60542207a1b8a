// The context inbox (npm/src/inbox.ts, wasm/src/inbox.rs): a plain object evaluated for one
// flag crosses as bytes written straight into WASM memory, not as JSON. Held, on thousands of
// generated objects, to JSON.stringify's reading of the same object and to the JSON route
// (`engine.context(object)`, which parses JSON.stringify's text in the core).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, init, wasmMemoryBytes } from "rollgate";
import { writeContext } from "../dist/inbox.js";
import { generateRuleset } from "../bench/ruleset-gen.mjs";

await init();

/** A deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Names with 1-, 2-, 3- and 4-byte UTF-8 characters.
const NAMES = ["userId", "plan", "país", "名前", "x😀", "score", "groups", "when"];
// Characters at the edges of each UTF-8 length, quotes and controls; lone surrogates are rare.
const CHARS = ["a", "Z", "0", " ", '"', "\\", "\n", "\u0000", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "名", "\ud7ff", "\ue000", "\uffff", "😀", "\u{10ffff}"];
const NUMBERS = [0, -0, 1, -1, 1.5, 0.1 + 0.2, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 + 2, NaN, Infinity, -Infinity];

function generator(next) {
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const string = () => {
    if (next() < 0.03) return pick(["\ud800", "a\udc00", "\ud83d"]);
    let s = "";
    for (let n = Math.floor(next() * 9); n > 0; n--) s += pick(CHARS);
    return s;
  };
  const number = () => (next() < 0.6 ? pick(NUMBERS) : (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20));
  const scalar = () => {
    const r = next();
    if (r < 0.45) return string();
    if (r < 0.75) return number();
    if (r < 0.9) return next() < 0.5;
    return new Date(next() < 0.9 ? Math.floor(next() * 4e12) : NaN);
  };
  const value = () => {
    const r = next();
    if (r < 0.6) return scalar();
    if (r < 0.8) {
      const list = Array.from({ length: Math.floor(next() * 4) }, scalar);
      if (next() < 0.1) list.push(pick([null, undefined, ["a"], { a: 1 }]));
      return list;
    }
    if (r < 0.88) return null;
    if (r < 0.93) return undefined;
    if (r < 0.96) return { country: "FR" };
    if (r < 0.98) return () => 1;
    return 3n;
  };
  return () => {
    const object = {};
    for (const name of NAMES) if (next() < 0.6) object[name] = value();
    return object;
  };
}

/**
 * What the core must see, read from JSON.stringify's text as a reference: the attributes
 * (null: absent), or `undefined` when the context is invalid (nested objects, lists holding
 * null, lists or objects, lone surrogates, BigInt).
 */
function reference(object) {
  let view;
  try {
    view = JSON.parse(JSON.stringify(object));
  } catch {
    return undefined;
  }
  const text = (s) => typeof s !== "string" || s.isWellFormed();
  for (const [name, value] of Object.entries(view)) {
    if (!name.isWellFormed()) return undefined;
    if (value !== null && typeof value === "object") {
      if (!Array.isArray(value)) return undefined;
      if (value.some((x) => x === null || typeof x === "object" || !text(x))) return undefined;
    } else if (!text(value)) return undefined;
  }
  return view;
}

const flag = (when) => ({ type: "string", variants: { yes: "yes", no: "no" }, default: "no", rules: [{ id: "r", when, serve: "yes" }] });

/** One flag per name, passing exactly when the attribute is present with the reference's value. */
function probes(view) {
  const flags = {};
  NAMES.forEach((name, i) => {
    const value = view[name];
    if (value === undefined || value === null) flags[`p${i}`] = flag({ attr: name, op: "exists" });
    else if (Array.isArray(value)) {
      flags[`p${i}`] = flag({ all: [{ attr: name, op: "exists" }, ...value.map((x) => ({ attr: name, op: "in", values: [x] }))] });
    } else flags[`p${i}`] = flag({ attr: name, op: "equals", value });
  });
  return { schema: 1, revision: 1, flags };
}

test("3,000 generated objects: the inbox reads what JSON.stringify writes, with the JSON route's answers and errors", () => {
  const make = generator(random(19));
  const engine = new Engine();
  let throughInbox = 0;
  let invalid = 0;
  for (let n = 0; n < 3000; n++) {
    const object = make();
    const view = reference(object);
    if (writeContext(object) >= 0) throughInbox++;
    let handle;
    try {
      handle = engine.context(object);
    } catch (e) {
      handle = e;
    }
    const show = () => `case ${n}: ${JSON.stringify(object, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`;
    if (view === undefined) {
      invalid++;
      assert.equal(handle.code, "INVALID_CONTEXT", show());
      engine.load(probes({}));
      assert.equal(engine.evaluate("p0", object).errorCode, "INVALID_CONTEXT", show());
      continue;
    }
    assert.ok(!(handle instanceof Error), `${show()}: ${handle.message}`);
    engine.load(probes(view));
    NAMES.forEach((name, i) => {
      const present = view[name] !== undefined && view[name] !== null;
      const actual = engine.evaluate(`p${i}`, object);
      assert.equal(actual.value, present ? "yes" : "no", `${show()}: ${name}`);
      assert.deepEqual(actual, engine.evaluate(`p${i}`, handle), `${show()}: ${name} (JSON route)`);
    });
    handle.free();
  }
  // Objects without lists, nested objects and other values the format cannot say take the
  // inbox; the rest (and the invalid ones) the JSON route.
  assert.ok(throughInbox > 500, `only ${throughInbox} through the inbox`);
  assert.ok(invalid > 200, `only ${invalid} invalid`);
  engine.free();
});

const PLAN = { schema: 1, revision: 1, flags: { pro: flag({ attr: "plan", op: "equals", value: "pro" }), any: flag({ attr: "userId", op: "exists" }) } };

test("one object after another: nothing of the previous one is left", () => {
  const engine = new Engine();
  engine.load(PLAN);
  assert.equal(engine.evaluate("any", { userId: "u1", plan: "pro" }).value, "yes");
  assert.equal(engine.evaluate("any", { plan: "pro" }).value, "no");
  assert.equal(engine.evaluate("pro", { plan: "pro", userId: "u2" }).value, "yes");
  assert.equal(engine.evaluate("pro", { userId: "u2", plan: 1 }).value, "no");
  assert.equal(engine.evaluate("pro", { userId: "u2" }).value, "no");
  engine.free();
});

test("what JSON.stringify reads differently from own attributes takes the JSON route", () => {
  const engine = new Engine();
  engine.load(PLAN);
  // A toJSON on the object or on a list is what JSON.stringify (and so the core) reads.
  const custom = { plan: "free", toJSON: () => ({ plan: "pro" }) };
  assert.equal(writeContext(custom), -1);
  assert.equal(engine.evaluate("pro", custom).value, "yes");
  const groups = Object.assign(["a"], { toJSON: () => "pro" });
  assert.equal(writeContext({ plan: groups }), -1);
  assert.equal(engine.evaluate("pro", { plan: groups }).value, "yes");
  // Not an object: INVALID_CONTEXT, as `context()` says.
  for (const notObject of ["pro", ["pro"], 7, null]) {
    assert.equal(writeContext(notObject), -1);
    assert.equal(engine.evaluate("pro", notObject).errorCode, "INVALID_CONTEXT", String(notObject));
    assert.throws(() => engine.context(notObject), (e) => e.code === "INVALID_CONTEXT");
  }
  // Over the inbox's size: the JSON route, same answer.
  const long = { plan: "pro", userId: "u".repeat(100_000) };
  assert.equal(writeContext(long), -1);
  assert.equal(engine.evaluate("pro", long).value, "yes");
  assert.equal(engine.evaluate("any", long).value, "yes");
  engine.free();
});

test("a getter that evaluates, or grows the WASM memory, mid-way does not garble the context", () => {
  const engine = new Engine();
  engine.load(PLAN);
  const nested = {
    userId: "u1",
    get plan() {
      assert.equal(engine.evaluate("pro", { plan: "pro", userId: "inner" }).value, "yes");
      return "pro";
    },
  };
  assert.equal(engine.evaluate("pro", nested).value, "yes");
  assert.equal(engine.evaluate("any", nested).value, "yes");
  // Loading rulesets allocates in WASM until the memory grows (which detaches every view).
  const big = JSON.stringify(generateRuleset(200));
  const kept = [];
  const growing = {
    userId: "u1",
    get plan() {
      const before = wasmMemoryBytes();
      while (wasmMemoryBytes() === before && kept.length < 500) {
        const e = new Engine();
        e.load(big);
        kept.push(e);
      }
      return "pro";
    },
    group: "é".repeat(40),
  };
  // The same layout with another plan first: writes lost to a detached view would leave it.
  assert.equal(engine.evaluate("pro", { userId: "u1", plan: "abc" }).value, "no");
  assert.equal(engine.evaluate("pro", growing).value, "yes");
  assert.ok(kept.length < 500, "the memory grew");
  for (const e of kept) e.free();
  assert.equal(engine.evaluate("pro", { plan: "pro" }).value, "yes");
  engine.free();
});

test("names come back in the same order without crossing again, and every change of names, order or types is read right", () => {
  const engine = new Engine();
  engine.load(probes({ userId: "u1", plan: "pro", país: "FR", score: 3 }));
  const sequence = [
    { userId: "u1", plan: "pro", país: "FR", score: 3 },
    { userId: "u2", plan: "free", país: "DE", score: 4 }, // same names: none crosses
    { userId: "u1", plan: "pro", país: "FR", score: 3 },
    { plan: "pro", userId: "u1", país: "FR", score: 3 }, // reordered
    { userId: "u1", plan: "pro", país: "FR", score: 3 },
    { userId: "u1", score: 3 }, // fewer, a gap in the middle
    { userId: "u1", extra: "x", plan: "pro", país: "FR", score: 3 }, // one inserted
    { userId: "u1", plan: "pro", país: "FR", score: 3 },
    { userId: "u1", plan: 1, país: true, score: "3" }, // same names, other types
    { userId: "u1", plan: undefined, país: "FR", score: 3 }, // left out by JSON.stringify
    { userId: "u1", plan: "pro", país: "FR", score: 3 },
    { userId: "u1", plan: "pro", país: "FR", score: 3, groups: "g" }, // one more at the end
    {},
    { userId: "u1", plan: "pro", país: "FR", score: 3 },
  ];
  const flags = NAMES.map((_, i) => `p${i}`);
  for (const [n, object] of sequence.entries()) {
    const handle = engine.context(object);
    for (const key of flags) {
      assert.deepEqual(engine.evaluate(key, object), engine.evaluate(key, handle), `object ${n}, ${key}`);
    }
    handle.free();
  }
  engine.free();
});

test("after a read that failed, the names cross again", () => {
  const engine = new Engine();
  engine.load(PLAN);
  assert.equal(engine.evaluate("pro", { userId: "u1", plan: "pro" }).value, "yes");
  // The engine freed mid-write: the read fails, and the names written (in another order) are
  // not what WASM holds. Taken as read, the next object in that order would swap its values.
  const doomed = new Engine();
  doomed.load(PLAN);
  const freeing = {
    get plan() {
      doomed.free();
      return "free";
    },
    userId: "u1",
  };
  assert.equal(doomed.evaluate("pro", freeing).reason, "ERROR");
  assert.equal(engine.evaluate("pro", { plan: "pro", userId: "u2" }).value, "yes");
  assert.equal(engine.evaluate("any", { plan: "pro", userId: "u2" }).value, "yes");
  assert.equal(engine.evaluate("pro", { userId: "pro", plan: "free" }).value, "no");
  engine.free();
});
