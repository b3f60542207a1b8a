// The debug module (npm/pkg-debug/, ADR 0027): the same engine built with `explain`, loaded on
// first use. Traces are a debugging aid; keeping them out of the default `.wasm` keeps the
// module every page loads small. Its wasm-bindgen glue is a module of its own, imported
// dynamically, so bundlers split it (and its `.wasm`) from the main bundle.

import type { WasmEngine as DebugWasmEngine } from "../pkg-debug/rollgate.js";
import { fromWasm, problemsLoading, RollgateError, type Problem } from "./errors.js";
import { sourceOrDefault, type WasmInput, type WasmSource } from "./wasm.js";

type DebugGlue = typeof import("../pkg-debug/rollgate.js");

let glue: DebugGlue | undefined;
let pending: Promise<DebugGlue> | undefined;
let defaultSource: (() => WasmSource | Promise<WasmSource>) | undefined;

// The debug engine holding the ruleset last explained, and the bytes it was loaded from: one
// for the whole realm, reloaded when an explanation is asked for another ruleset.
let loaded: { source: Uint8Array | undefined; engine: DebugWasmEngine } | undefined;

/** Set by an entry point: how `initDebug()` finds the debug `.wasm` when given no source. */
export function setDefaultDebugSource(source: () => WasmSource | Promise<WasmSource>): void {
  defaultSource = source;
}

/**
 * Loads the debug module (`pkg-debug/rollgate_bg.wasm`, exported as
 * `rollgate/debug/rollgate_bg.wasm`). `explain()` calls it on first use; call it earlier to
 * preload, or with a `source` under `rollgate/slim`, which has no default. Safe to call many
 * times: later calls return the first call's promise (a failed load may be retried).
 */
export function initDebug(source?: WasmSource): Promise<void> {
  return debugGlue(source).then(() => undefined);
}

function debugGlue(source?: WasmSource): Promise<DebugGlue> {
  if (glue) return Promise.resolve(glue);
  if (!pending) {
    pending = (async () => {
      const input = await sourceOrDefault(source, defaultSource, "rollgate/slim needs initDebug(source) before explain(): a URL, Response, bytes or WebAssembly.Module of the debug module (rollgate/debug/rollgate_bg.wasm)");
      try {
        const module = await import("../pkg-debug/rollgate.js");
        await module.default({ module_or_path: (await input) as WasmInput });
        glue = module;
        return module;
      } catch (e) {
        throw new RollgateError("WASM_LOAD_FAILED", `could not load the debug module (debug/rollgate_bg.wasm): ${(e as Error)?.message ?? e}`, { cause: e });
      }
    })();
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/**
 * The trace of one evaluation, from the debug module: the ruleset `source` (the UTF-8 bytes
 * the default engine serves; `undefined` for an engine with none), the overrides in force
 * there (flag → variant: a trace shows what the app is served), a context as JSON text, the
 * flag and the evaluation time. Rejects with INVALID_CONTEXT for a context the engine cannot
 * take.
 */
export async function explainIn(
  source: Uint8Array | undefined,
  overrides: Record<string, string>,
  contextJson: string,
  flag: string,
  now: number,
): Promise<unknown> {
  const debug = await debugGlue();
  if (!loaded || loaded.source !== source) {
    const engine = new debug.WasmEngine();
    try {
      if (source !== undefined) engine.update(source);
    } catch (e) {
      engine.free();
      throw fromWasm(e, "INVALID_RULESET");
    }
    loaded?.engine.free();
    loaded = { source, engine };
  }
  // The default engine took these overrides, so the same ruleset takes them here.
  const engine = loaded.engine;
  for (const [key] of chunks(engine.overrides())) engine.clearOverride(key);
  for (const [key, variant] of Object.entries(overrides)) engine.setOverride(key, variant);
  let context;
  try {
    context = debug.WasmContext.fromJson(contextJson);
  } catch (e) {
    throw fromWasm(e, "INVALID_CONTEXT");
  }
  try {
    return loaded.engine.explain(flag, context, now);
  } finally {
    context.free();
  }
}

/**
 * The problems of a ruleset's UTF-8 bytes as the debug module reports them: the same paths and
 * kinds as the default module's, with the full messages and did-you-mean hints (ADR 0028).
 */
export async function validateIn(bytes: Uint8Array): Promise<Problem[]> {
  const debug = await debugGlue();
  return problemsLoading(new debug.WasmEngine(), bytes);
}

/** `[flag, variant, flag, variant, ...]` as pairs. */
function chunks(flat: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return pairs;
}
