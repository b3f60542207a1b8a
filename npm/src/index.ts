// `rollgate` for browsers, web workers and bundlers: the `.wasm` is fetched from next to the
// package (`new URL(..., import.meta.url)`, which Vite and webpack turn into an emitted asset).

import { setDefaultSource } from "./wasm.js";

setDefaultSource(() => new URL("../pkg/rollgate_bg.wasm", import.meta.url));

export * from "./api.js";
