// `rollgate` for browsers, web workers and bundlers: the `.wasm` is fetched from next to the
// package (`new URL(..., import.meta.url)`, which Vite and webpack turn into an emitted asset),
// and the debug module's `.wasm` likewise, fetched only on first use.

import { setDefaultDebugSource } from "./debug.js";
import { setDefaultSource } from "./wasm.js";

setDefaultSource(() => new URL("../pkg/rollgate_bg.wasm", import.meta.url));
// Fetched only when `explain()` (or `initDebug()`) first needs it (ADR 0027).
setDefaultDebugSource(() => new URL("../pkg-debug/rollgate_bg.wasm", import.meta.url));

export * from "./api.js";
