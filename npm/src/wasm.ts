// Loading the WebAssembly module, once per JS realm (page, worker, Node process).
//
// The wasm-bindgen glue (../pkg/rollgate.js) is built with --omit-default-module-path, so it
// never decides on its own where the .wasm comes from: each entry point (index = browsers and
// bundlers, node = Node, slim = caller decides) installs a default source here.

import initGlue, { heapBytes, initSync as initGlueSync } from "../pkg/rollgate.js";
import { RollgateError } from "./errors.js";

/**
 * Where the `.wasm` comes from: a URL, a fetch `Response`, bytes, or a compiled module. Written
 * here rather than taken from the wasm-bindgen glue's types, so that the package's public
 * declarations never refer to the glue's (which need `lib: esnext` for `Symbol.dispose`).
 */
export type WasmInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** A `WasmInput`, or a promise of one. */
export type WasmSource = WasmInput | Promise<WasmInput>;

/** The instance's exports we read directly (the result buffer lives in its memory). */
interface Instance {
  readonly memory: WebAssembly.Memory;
}

let instance: Instance | undefined;
let pending: Promise<void> | undefined;
let defaultSource: (() => WasmSource | Promise<WasmSource>) | undefined;

/** Set by an entry point: how `init()` finds the `.wasm` when given no source. */
export function setDefaultSource(source: () => WasmSource | Promise<WasmSource>): void {
  defaultSource = source;
}

/**
 * Loads and instantiates the WebAssembly module. Safe to call many times: the first call
 * does the work and later ones return the same promise. With no `source`, the entry point's
 * default applies (`rollgate`: the `.wasm` next to the package, fetched by URL; Node: read from
 * disk; `rollgate/slim`: no default, a source is required).
 */
export function init(source?: WasmSource): Promise<void> {
  if (instance) return Promise.resolve();
  if (!pending) {
    pending = (async () => {
      const input = await sourceOrDefault(source, defaultSource, "rollgate/slim needs init(source): a URL, Response, bytes or WebAssembly.Module of rollgate_bg.wasm");
      try {
        instance = (await initGlue({ module_or_path: input })) as Instance;
      } catch (e) {
        throw wasmLoadFailed(e);
      }
    })();
    // A failed load may be retried (e.g. offline on first try).
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/**
 * The `source` given, else the entry point's default (`fallback`); NOT_INITIALIZED saying
 * `missing` when there is neither (`rollgate/slim`). Shared by the default and the debug module.
 */
export async function sourceOrDefault(
  source: WasmSource | undefined,
  fallback: (() => WasmSource | Promise<WasmSource>) | undefined,
  missing: string,
): Promise<WasmSource> {
  if (source !== undefined) return source;
  if (!fallback) throw new RollgateError("NOT_INITIALIZED", missing);
  return fallback();
}

/**
 * Instantiates synchronously from bytes or a compiled `WebAssembly.Module` (workers, tests,
 * hosts that hand over a module). Browsers refuse synchronous compilation of modules over
 * 4 KB on the main thread: there, pass a `WebAssembly.Module` or use `init()`.
 */
export function initSync(source: BufferSource | WebAssembly.Module): void {
  if (instance) return;
  try {
    instance = initGlueSync({ module: source }) as Instance;
  } catch (e) {
    throw wasmLoadFailed(e);
  }
}

/** The error for a `.wasm` that could not be fetched, compiled or instantiated. */
function wasmLoadFailed(cause: unknown): RollgateError {
  return new RollgateError("WASM_LOAD_FAILED", `could not load rollgate_bg.wasm: ${(cause as Error)?.message ?? cause}`, { cause });
}

/** True once `init()` / `initSync()` has completed. */
export function isInitialized(): boolean {
  return instance !== undefined;
}

/** The instance, or a NOT_INITIALIZED error. */
export function requireInstance(): Instance {
  if (!instance) {
    throw new RollgateError("NOT_INITIALIZED", "call `await init()` (or use `await Engine.create()` / `createClient()`) before creating an Engine");
  }
  return instance;
}

/** Current size of the WASM linear memory in bytes. It only ever grows. */
export function wasmMemoryBytes(): number {
  return instance ? instance.memory.buffer.byteLength : 0;
}

/**
 * Bytes currently allocated on the WASM heap (engines, rulesets, contexts, interned results).
 * Equal after equal work, unlike `wasmMemoryBytes()`: the precise signal for leak checks.
 */
export function wasmHeapBytes(): number {
  return instance ? heapBytes() : 0;
}
