// The whole conformance corpus through the WASM build, in Node; its explain cases through the
// debug module.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "rollgate";
import { corpus } from "./helpers.mjs";
import { explainFile, runFile } from "./conformance-lib.mjs";

await api.init();
const files = corpus();

test("the corpus is present", () => {
  assert.ok(files.length > 0, "no tests/conformance/*.json found");
});

for (const { file, doc } of files) {
  test(`conformance ${file}`, async (t) => {
    const results = runFile(api, doc);
    assert.ok(results.length > 0, `${file} has no cases`);
    for (const { name, error } of results) {
      await t.test(name, () => {
        assert.equal(error, null, `${file} :: ${name}: ${error}`);
      });
    }
    // The trace facts, through the debug module that `explain` loads.
    for (const { name, error } of await explainFile(api, doc)) {
      await t.test(`${name} (explain)`, () => {
        assert.equal(error, null, `${file} :: ${name} (explain): ${error}`);
      });
    }
  });
}

test("the corpus has explain cases, and they run", async () => {
  const explained = (await Promise.all(files.map(({ doc }) => explainFile(api, doc)))).flat();
  assert.ok(explained.length >= 10, `explain cases found: ${explained.length}`);
  assert.deepEqual(explained.filter((r) => r.error), []);
});
