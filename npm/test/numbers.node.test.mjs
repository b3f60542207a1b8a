// Exact numbers across the JS boundary: random doubles written by JavaScript's own formatter
// (JSON.stringify) are read by the core as the same doubles, in rulesets and in contexts, and
// the numbers the core writes (object values) read back with JSON.parse as the same doubles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, init } from "rollgate";

await init();

/** `count` finite doubles from random bit patterns (subnormals included), deterministic. */
function randomDoubles(count, seed) {
  const view = new DataView(new ArrayBuffer(8));
  let state = BigInt(seed);
  const out = [];
  while (out.length < count) {
    // xorshift64
    state ^= (state << 13n) & 0xffffffffffffffffn;
    state ^= state >> 7n;
    state ^= (state << 17n) & 0xffffffffffffffffn;
    view.setBigUint64(0, state);
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

/** A ruleset serving `xs[k]` as variant `v{k}` of a number flag (rule `r{k}` when `x` equals
 * it), and all of them in one object value. */
function rulesetOf(xs) {
  return JSON.stringify({
    schema: 1,
    revision: 1,
    flags: {
      n: {
        type: "number",
        variants: Object.fromEntries(xs.map((x, k) => [`v${k}`, x])),
        default: "v0",
        rules: xs.map((x, k) => ({ id: `r${k}`, when: { attr: "x", op: "equals", value: x }, serve: `v${k}` })),
      },
      o: { type: "object", variants: { all: { xs } }, default: "all" },
    },
  });
}

for (const seed of [1, 2, 3, 4]) {
  test(`500 random doubles (seed ${seed}): JSON.stringify's text reads as the same double, and back`, () => {
    const xs = randomDoubles(500, 0x9e3779b97f4a7c15n ^ BigInt(seed));
    const e = new Engine();
    e.load(rulesetOf(xs));
    for (let k = 0; k < xs.length; k++) {
      // The first rule whose number equals the context's: k, unless an earlier double is equal.
      const first = xs.findIndex((x) => x === xs[k]);
      const r = e.evaluate("n", { x: xs[k] });
      assert.equal(r.ruleId, `r${first}`, `context ${xs[k]}`);
      assert.ok(Object.is(r.value, xs[first]), `served ${r.value} for ${xs[first]}`);
    }
    const served = e.evaluate("o", {}).value.xs;
    for (let k = 0; k < xs.length; k++) {
      assert.ok(Object.is(served[k], xs[k]), `object value ${served[k]} for ${xs[k]}`);
    }
    e.free();
  });
}
