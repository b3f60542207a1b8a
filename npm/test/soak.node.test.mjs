// Soak: 1,000,000 evaluations and 1,000 ruleset updates. The WASM heap must hold exactly the
// same number of bytes after the same work (no leak), the linear memory must stay within a
// fragmentation margin of its warm-up size, and every Context/Engine wrapper must end up
// freed or finalized. Run with --expose-gc (scripts/test-web.sh does) so finalization can be
// forced.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, Engine, createClient, liveWrappers, wasmHeapBytes, wasmMemoryBytes } from "rollgate";
import { generateRuleset, USER } from "../bench/ruleset-gen.mjs";

await init();
const gc = globalThis.gc;

async function collect(rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects until every context wrapper the GC may finalize is gone (bounded), then reads. */
async function settledHeap(floor) {
  for (let i = 0; i < 50 && liveWrappers().contexts > floor; i++) await collect(1);
  return { heap: wasmHeapBytes(), memory: wasmMemoryBytes(), contexts: liveWrappers().contexts };
}

test("1,000,000 evaluations + 1,000 updates: memory flat, wrappers freed", { skip: gc ? false : "needs node --expose-gc" }, async () => {
  const baseline = liveWrappers();
  const engine = new Engine();
  const texts = [0, 1, 2, 3].map((v) => generateRuleset(200, 0)).map((r, v) => {
    // Four variants of the ruleset so updates really change results and interned ids.
    r.flags.reference.rules[0].rollout.percent = 10 + v * 20;
    return r;
  });
  const now = Date.parse("2026-03-01T00:00:00Z");
  const keys = Object.keys(texts[0].flags).sort();
  let evaluations = 0;
  let afterWarmup;
  let atEnd;
  let checksum = 0;
  // The engine's cached plain-object context stays alive between calls.
  const floor = baseline.contexts + 1;
  for (let update = 1; update <= 1000; update++) {
    const r = texts[update % 4];
    r.revision = update;
    engine.load(JSON.stringify(r));
    // 1,000 evaluations per update: handles (freed, or left to the GC), plain objects, evaluateAll.
    const handle = engine.context({ ...USER, userId: `user-${update}` });
    for (let i = 0; i < 700; i++) checksum += engine.evaluate(keys[i % 200], handle, { now }).reason.length;
    if (update % 2 === 0) handle.free(); // the other half is finalized by the GC
    for (let i = 0; i < 100; i++) checksum += engine.evaluate(keys[i], { ...USER, userId: `p-${update}-${i % 3}` }, { now }).reason.length;
    const ctx = engine.context({ ...USER, userId: `all-${update}` });
    for (let i = 0; i < 1; i++) checksum += engine.evaluateAll(ctx, now).toMap().size; // 200 evaluations
    ctx.free();
    evaluations += 700 + 100 + 200;
    // Finalizers run only between tasks: yield now and then, as an app does.
    if (update % 50 === 0) await collect();
    // Updates 100 and 1000 load the same ruleset variant (update % 4 === 0) after the same work.
    if (update === 100) afterWarmup = await settledHeap(floor);
    if (update === 1000) atEnd = await settledHeap(floor);
  }
  assert.equal(evaluations, 1_000_000);
  assert.ok(checksum > 0);
  assert.equal(engine.revision, 1000);
  engine.free();
  await collect(10);
  assert.deepEqual(liveWrappers(), baseline, "every Context/Engine wrapper freed or finalized");
  console.log(`# soak: WASM heap ${afterWarmup.heap} B after 100 updates, ${atEnd.heap} B after 1000; linear memory ${afterWarmup.memory} B -> ${atEnd.memory} B`);
  assert.equal(atEnd.contexts, afterWarmup.contexts, "same live contexts at both checkpoints");
  assert.equal(atEnd.heap, afterWarmup.heap, "WASM heap bytes differ after the same work: a leak");
  // The allocator may raise its high-water mark once fragmentation settles (a page or two);
  // anything near a quarter more is not fragmentation.
  assert.ok(atEnd.memory <= afterWarmup.memory * 1.25, `WASM memory grew from ${afterWarmup.memory} to ${atEnd.memory} B`);
});

test("a client through 1,000 context changes and ruleset reloads keeps memory flat", { skip: gc ? false : "needs node --expose-gc" }, async () => {
  const baseline = liveWrappers();
  const client = await createClient({ bootstrap: generateRuleset(200, 1), context: USER, storage: false });
  let warm;
  for (let i = 0; i < 1000; i++) {
    client.setContext({ ...USER, userId: `c-${i}`, platform: i % 2 ? "ios" : "web" });
    client.isEnabled("reference");
    // Same shape of context at both checkpoints (3-digit id, platform "web").
    if (i === 100) warm = { heap: wasmHeapBytes(), memory: wasmMemoryBytes() };
    if (i === 900) {
      assert.equal(wasmHeapBytes(), warm.heap, "WASM heap bytes differ after the same work: a leak");
      assert.ok(wasmMemoryBytes() <= warm.memory * 1.25);
    }
  }
  client.close();
  await collect(10);
  assert.deepEqual(liveWrappers(), baseline);
});
