// `rollgate/slim`: no default way to find the `.wasm`. Call `init(source)` (or pass `wasm` to
// `createClient`) with a URL, a `Response`, bytes or a `WebAssembly.Module`. For hosts that
// forbid fetching or compiling code on their own (Cloudflare Workers, strict CSPs). `explain()`
// needs the debug module the same way: `initDebug(source)` first.

export * from "./api.js";
