// Which ruleset createClient starts from, on the table every binding shares
// (tests/startup/cases.json, ADR 0018): the same choice as the core and the mobile bindings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, Engine, MemoryStorage } from "rollgate";
import { ROOT } from "./helpers.mjs";

const table = JSON.parse(readFileSync(path.join(ROOT, "tests", "startup", "cases.json"), "utf8"));

/** A valid candidate: a ruleset of `revision` whose flag `source` serves `source`. */
function ruleset(revision, source) {
  return JSON.stringify({
    schema: 1, revision, flags: { source: { type: "string", variants: { s: source }, default: "s" } },
  });
}

/** The text of a candidate, or undefined when the table says "absent". */
function text(candidate, source) {
  if (candidate === "absent") return undefined;
  if (candidate === "invalid") return table.invalid;
  return ruleset(candidate, source);
}

test("the start-up table has the cases every binding runs", () => {
  assert.ok(table.cases.length >= 10, `${table.cases.length} cases`);
});

for (const c of table.cases) {
  test(`start-up: ${c.name}`, async () => {
    const storage = new MemoryStorage();
    const persisted = text(c.persisted, "persisted");
    if (persisted !== undefined) storage.set("k", JSON.stringify({ v: 1, etag: '"p"', ruleset: persisted }));
    const bootstrap = text(c.bundled, "bundled");
    const engine = await Engine.create();
    const outcome = engine.restore(persisted, bootstrap);
    assert.equal(outcome.choice, c.serves);
    assert.equal(outcome.persistedError?.code, c.persisted === "invalid" ? "INVALID_RULESET" : undefined);
    assert.equal(outcome.bundledError?.code, c.bundled === "invalid" ? "INVALID_RULESET" : undefined);
    engine.free();
    const client = await createClient({ bootstrap, storage, storageKey: "k" });
    try {
      assert.equal(client.getString("source", "empty"), c.serves);
      const revision = c.serves === "persisted" ? c.persisted : c.serves === "bundled" ? c.bundled : 0;
      assert.equal(client.revision, revision);
      assert.equal(client.hasRuleset, c.serves !== "empty");
      // An invalid bootstrap is reported; an invalid persisted record is dropped.
      assert.equal(client.lastError?.code, c.bundled === "invalid" ? "INVALID_RULESET" : undefined);
      assert.equal(storage.get("k") === null, c.persisted === "invalid" || c.persisted === "absent");
    } finally {
      client.close();
    }
  });
}

test("start-up: the persisted ETag is kept only when the persisted ruleset is served", async () => {
  const requests = [];
  const fetch = async (url, init) => {
    requests.push(new Headers(init.headers).get("If-None-Match"));
    return new Response(null, { status: 304 });
  };
  for (const [bundled, etag] of [[5, '"p"'], [6, null]]) {
    const storage = new MemoryStorage();
    storage.set("k", JSON.stringify({ v: 1, etag: '"p"', ruleset: ruleset(5, "persisted") }));
    const client = await createClient({ url: "https://flags.example/prod.json", fetch, bootstrap: ruleset(bundled, "bundled"), storage, storageKey: "k" });
    await client.refresh();
    assert.equal(requests.pop(), etag, `bundled revision ${bundled}`);
    client.close();
  }
});
