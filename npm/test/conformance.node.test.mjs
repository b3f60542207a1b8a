// The whole conformance corpus through the WASM build, in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "rollgate";
import { corpus } from "./helpers.mjs";
import { runFile } from "./conformance-lib.mjs";

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
  });
}
