// A module web worker using the browser entry: the .wasm is fetched relative to the package.
import { Engine, init } from "/npm/dist/index.js";
await init();
const e = new Engine();
e.load({ schema: 1, revision: 1, flags: { f: { type: "string", variants: { A: "a", B: "b" }, default: "A",
  rules: [{ id: "ios", when: { attr: "platform", op: "equals", value: "ios" }, serve: "B" }] } } });
const r = e.evaluate("f", { platform: "ios" });
postMessage({ value: r.value, reason: r.reason, ruleId: r.ruleId });
