// `rollgate` under Node (the "node" export condition): the `.wasm` is read from disk.

import { setDefaultSource } from "./wasm.js";

setDefaultSource(async () => {
  const { readFile } = await import("node:fs/promises");
  return readFile(new URL("../pkg/rollgate_bg.wasm", import.meta.url));
});

export * from "./api.js";
