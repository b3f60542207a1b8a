// `rollgate/slim`: no default way to find the `.wasm`. Call `init(source)` (or pass `wasm` to
// `createClient`) with a URL, a `Response`, bytes or a `WebAssembly.Module`. For hosts that
// forbid fetching or compiling code on their own (Cloudflare Workers, strict CSPs).

export * from "./api.js";
