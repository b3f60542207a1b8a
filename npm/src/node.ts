// `rollgate` under Node (the "node" export condition): the `.wasm` is read from disk, and so is
// the debug module's on first use.

import { setDefaultDebugSource } from "./debug.js";
import { setDefaultSource } from "./wasm.js";

setDefaultSource(async () => {
  const { readFile } = await import("node:fs/promises");
  return readFile(new URL("../pkg/rollgate_bg.wasm", import.meta.url));
});

// Read only when `explain()` (or `initDebug()`) first needs it (ADR 0027).
setDefaultDebugSource(async () => {
  const { readFile } = await import("node:fs/promises");
  return readFile(new URL("../pkg-debug/rollgate_bg.wasm", import.meta.url));
});

export * from "./api.js";
