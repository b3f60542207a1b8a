// The engine API over WASM: load rulesets, evaluate one flag or all, explain.

import { WasmContext, WasmEngine, startupChoice } from "../pkg/rollgate.js";
import { decode, decodeValue, freeze, STRIDE, typeCode } from "./decode.js";
import { fromWasm, problemsLoading, RollgateError, type Problem } from "./errors.js";
import type { ContextAttributes, EvaluationResult, FlagInfo, FlagType, FlagValue, LoadOutcome, AttributeValue, RestoreOutcome } from "./types.js";
import type { FlagKey, FlagValueOf, Flags, Uninferred } from "./flags.js";
import type { DropReason, DroppedOverride } from "./overrides.js";
import { contextRead, writeContext } from "./inbox.js";
import { init, requireInstance, type WasmSource } from "./wasm.js";
import { explainIn, validateIn } from "./debug.js";

const INVALID_CONTEXT: EvaluationResult = {
  value: undefined, variant: undefined, reason: "ERROR", ruleId: undefined, errorCode: "INVALID_CONTEXT",
  failedPrerequisite: undefined, unitMissing: undefined, type: undefined, metadata: undefined,
};

/** Options of a single evaluation. */
export interface EvaluateOptions {
  /** Evaluation time, epoch milliseconds (ramps depend on it). Default: `Date.now()`. */
  now?: number;
  /** The type the caller expects: another declared type gives ERROR / TYPE_MISMATCH. */
  type?: FlagType;
}

// Live wrapper counts: the soak test checks that every wrapper is freed or finalized.
const live = { contexts: 0, engines: 0 };
const finalized = typeof FinalizationRegistry === "undefined"
  ? undefined
  : new FinalizationRegistry<"contexts" | "engines">((kind) => {
      live[kind]--;
    });

/** Numbers of `Context` and `Engine` wrappers neither freed nor garbage-collected yet. */
export function liveWrappers(): { contexts: number; engines: number } {
  return { ...live };
}

// Node's `util.inspect` hook (a registered symbol: no import of node:util, which browsers lack).
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
type Inspect = (value: unknown, options: unknown) => string;

/**
 * Context attributes as the JSON text the core reads. `JSON.stringify` throws for a BigInt (and
 * a cycle, which only a nested object can have): INVALID_CONTEXT naming the attribute.
 */
function contextJson(attributes: ContextAttributes): string {
  try {
    return JSON.stringify(attributes);
  } catch (e) {
    let path = "context";
    for (const [name, value] of Object.entries(attributes)) {
      try {
        JSON.stringify(value);
      } catch {
        path = `context.${name}`;
        break;
      }
    }
    throw new RollgateError("INVALID_CONTEXT", `invalid context: ${path}: ${(e as Error).message}`, { path, cause: e });
  }
}

/**
 * A context converted once into WASM memory. Create one per user/session (`engine.context()`
 * or `new Context()`) and reuse it: evaluating with it moves only a pointer. `free()` releases
 * it now; otherwise it is released when garbage-collected.
 */
export class Context {
  /** @internal The WASM handle; `undefined` once freed. */
  handle: WasmContext | undefined;
  /** The attributes it was made from (a shallow copy). */
  readonly attributes: ContextAttributes;

  /** Converts attributes; throws INVALID_CONTEXT (e.g. nested objects) with the offending `path`. */
  constructor(attributes: ContextAttributes) {
    requireInstance();
    const json = contextJson(attributes);
    try {
      this.handle = WasmContext.fromJson(json);
    } catch (e) {
      throw fromWasm(e, "INVALID_CONTEXT");
    }
    this.attributes = { ...attributes };
    live.contexts++;
    finalized?.register(this, "contexts", this);
  }

  /** Releases the WASM memory now. Idempotent. */
  free(): void {
    if (this.handle) {
      this.handle.free();
      this.handle = undefined;
      live.contexts--;
      finalized?.unregister(this);
    }
  }

  /** `JSON.stringify(context)`: its attributes. */
  toJSON(): ContextAttributes {
    return this.attributes;
  }

  /** `console.log(context)` in Node: `Context { userId: 'u1', ... }`, not the WASM handle. */
  [inspectSymbol](_depth: number, options: unknown, inspect: Inspect): string {
    return `Context ${inspect(this.attributes, options)}`;
  }
}

const utf8 = new TextEncoder();

/**
 * `check` run on the UTF-8 bytes of `ruleset`; an object with no JSON form (a cycle, a
 * BigInt) is its own problem list. For `validate` and
 * `validateDetailed`, which differ only in the module that checks.
 */
function checkBytes<T>(ruleset: string | Uint8Array | object, check: (bytes: Uint8Array) => T): T | Problem[] {
  let bytes: Uint8Array;
  try {
    bytes = rulesetBytes(ruleset);
  } catch (e) {
    return (e as RollgateError).problems ?? [];
  }
  return check(bytes);
}

/**
 * A ruleset as the UTF-8 bytes the engine reads: bytes as given (a fetched body needs no
 * decoding), text through the native encoder, objects through `JSON.stringify` first.
 */
function rulesetBytes(ruleset: string | Uint8Array | object): Uint8Array {
  return ruleset instanceof Uint8Array ? ruleset : utf8.encode(rulesetText(ruleset));
}

/**
 * A ruleset given as text or object, as JSON text. An object with a cycle or a BigInt has no
 * JSON text: INVALID_RULESET, like any other ruleset the engine cannot read.
 */
export function rulesetText(ruleset: string | object): string {
  if (typeof ruleset === "string") return ruleset;
  try {
    return JSON.stringify(ruleset);
  } catch (e) {
    const message = `the ruleset object has no JSON form: ${(e as Error).message}`;
    throw new RollgateError("INVALID_RULESET", `invalid ruleset (1 problem)\n  ${message}`, {
      problems: [{ path: "", kind: "invalid_type", message }], cause: e,
    });
  }
}

function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
}

/** True when two attribute objects hold the same attributes (shallow; lists element-wise). */
export function sameAttributes(a: ContextAttributes, b: ContextAttributes): boolean {
  let n = 0;
  for (const k in a) {
    if (!sameValue(a[k], b[k])) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

/**
 * Results of `evaluateAll`: compact records, decoded on demand. `get` and `value` are typed by
 * `F`, the typed key set; iteration covers every flag of the ruleset, declared or not.
 */
export class Evaluations<F = Flags> {
  /** Flag keys, in record order (sorted). */
  readonly keys: readonly string[];
  /** The revision they were computed on. */
  readonly revision: number;
  private readonly records: Int32Array;
  private readonly table: unknown[];
  private readonly index: Map<string, number>;

  /** Made by `Engine.evaluateAll` (the records and table are the engine's). */
  constructor(keys: readonly string[], index: Map<string, number>, records: Int32Array, table: unknown[], revision: number) {
    this.keys = keys;
    this.index = index;
    this.records = records;
    this.table = table;
    this.revision = revision;
  }

  /** Number of flags. */
  get size(): number {
    return this.keys.length;
  }

  /** The result for one flag, or `undefined` if the ruleset has no such flag. */
  get<K extends FlagKey<F>>(key: K): EvaluationResult<FlagValueOf<K, FlagValue, F>> | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : (decode(this.records, i * STRIDE, this.table) as EvaluationResult<FlagValueOf<K, FlagValue, F>>);
  }

  /** The value served for one flag (no object built). */
  value<K extends FlagKey<F>>(key: K): FlagValueOf<K, FlagValue, F> | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : (decodeValue(this.records, i * STRIDE, this.table) as FlagValueOf<K, FlagValue, F>);
  }

  /** Every `[flag, result]` pair in key order, each result built as it is reached. */
  *entries(): IterableIterator<[string, EvaluationResult]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.keys[i], decode(this.records, i * STRIDE, this.table)];
  }

  /**
   * Calls `callback(result, flag)` for every flag in key order, like `Map.prototype.forEach`.
   * The fastest way to visit every result: no iterator protocol and no `[flag, result]` pairs
   * (~4 µs less than a destructuring `for...of` over 200 flags in V8).
   */
  forEach(callback: (result: EvaluationResult, flag: string) => void): void {
    for (let i = 0; i < this.keys.length; i++) callback(decode(this.records, i * STRIDE, this.table), this.keys[i]);
  }

  /** Same as `entries()`: `for (const [flag, result] of engine.evaluateAll(ctx))`. */
  [Symbol.iterator](): IterableIterator<[string, EvaluationResult]> {
    return this.entries();
  }

  /** Every result, keyed by flag (building the `Map` itself costs about as much as the results). */
  toMap(): Map<string, EvaluationResult> {
    const out = new Map<string, EvaluationResult>();
    for (let i = 0; i < this.keys.length; i++) out.set(this.keys[i], decode(this.records, i * STRIDE, this.table));
    return out;
  }

  /** Every result as a plain object keyed by flag (for JSON). */
  toObject(): Record<string, EvaluationResult> {
    return Object.fromEntries(this.toMap());
  }

  /** `JSON.stringify(results)`: `{flag: result, ...}`, each result in the core's JSON shape. */
  toJSON(): Record<string, EvaluationResult> {
    return this.toObject();
  }

  /**
   * `console.log(results)` in Node: the revision and every flag's result, as `toObject()`
   * gives them (not the records and the table they are decoded from).
   */
  [inspectSymbol](_depth: number, options: unknown, inspect: Inspect): string {
    return `Evaluations(${this.size}) [revision ${this.revision}] ${inspect(this.toObject(), options)}`;
  }
}

/**
 * Holds the current ruleset and evaluates flags locally. `F`, the typed key set, defaults to
 * `Flags` (declared by the app through module augmentation): it types the keys `evaluate`,
 * `explain` and `flag` take and the values they return.
 *
 * ```ts
 * const engine = await Engine.create(rulesetJson);
 * const user = engine.context({ userId: "u1", appVersion: "2.4.0", platform: "ios" });
 * engine.evaluate("new-checkout", user).value;
 * ```
 */
export class Engine<F = Flags> {
  private w: WasmEngine | undefined;
  private readonly memory: WebAssembly.Memory;
  private view: Int32Array;
  private ptr = 0;
  private keys: string[] = [];
  private index = new Map<string, number>();
  private table: unknown[] = [undefined];
  // The UTF-8 text of the ruleset being served, for `explain` (the debug module loads it).
  private source: Uint8Array | undefined;

  /** Loads the WASM module if needed (default source of the entry point, or `wasm`) and returns an engine, optionally loaded with `ruleset`. */
  static async create<F = Flags>(ruleset?: string | Uint8Array | object, wasm?: WasmSource): Promise<Engine<Uninferred<F>>> {
    await init(wasm);
    const engine = new Engine<F>();
    if (ruleset !== undefined) engine.load(ruleset);
    return engine;
  }

  /** An empty engine (revision 0). Requires `init()` first. */
  constructor() {
    this.memory = requireInstance().memory;
    this.view = new Int32Array(this.memory.buffer);
    this.w = new WasmEngine();
    this.refresh();
    live.engines++;
    finalized?.register(this, "engines", this);
  }

  private wasm(): WasmEngine {
    if (!this.w) throw new RollgateError("CLOSED", "this engine was freed");
    return this.w;
  }

  private refresh(): void {
    const w = this.wasm();
    this.ptr = w.outPtr() >> 2;
    const keys = w.flagKeys();
    // A plain loop: `new Map(keys.map(...))` builds an array per flag first.
    const index = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) index.set(keys[i], i);
    this.keys = keys;
    this.index = index;
    this.table = [undefined];
  }

  private absorb(): void {
    for (const item of this.wasm().takeInterned()) this.table.push(freeze(item));
  }

  private records(): Int32Array {
    // Growing the WASM memory detaches the old buffer, and a view of a detached buffer has
    // length 0: rebuild it then. (Reading `memory.buffer` on every call costs more.)
    if (this.view.length === 0) this.view = new Int32Array(this.memory.buffer);
    return this.view;
  }

  /**
   * Loads a ruleset (JSON text or object). On error the current ruleset stays and this throws
   * `INVALID_RULESET` (with `problems`) or `STALE_REVISION` (older revision refused).
   */
  load(ruleset: string | Uint8Array | object): LoadOutcome {
    const bytes = rulesetBytes(ruleset);
    const w = this.wasm();
    const previousRevision = w.revision();
    let revision: number;
    try {
      revision = w.update(bytes);
    } catch (e) {
      throw fromWasm(e, "INVALID_RULESET");
    }
    // Kept for `explain`; the caller's bytes are copied, since it may reuse its buffer.
    this.source = bytes === ruleset ? bytes.slice() : bytes;
    this.refresh();
    const flat = w.droppedOverrides();
    const droppedOverrides: DroppedOverride[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) droppedOverrides.push({ key: flat[i], variant: flat[i + 1], reason: flat[i + 2] as DropReason });
    return { previousRevision, revision, droppedOverrides };
  }

  /**
   * Forces flag `key` to serve `variant` on this engine (reason `OVERRIDE`), also where other
   * flags check it as a prerequisite, until cleared or until a ruleset without that flag or
   * variant is loaded (`load` reports it in `droppedOverrides`). Throws `INVALID_OVERRIDE`
   * (with `flag`, and `variant`) for a flag or variant the ruleset does not have.
   */
  setOverride(key: FlagKey<F>, variant: string): void {
    try {
      this.wasm().setOverride(key, variant);
    } catch (e) {
      throw fromWasm(e, "INVALID_OVERRIDE");
    }
    this.refresh();
  }

  /** Removes the override of `key`; returns whether there was one. */
  clearOverride(key: FlagKey<F>): boolean {
    const cleared = this.wasm().clearOverride(key);
    if (cleared) this.refresh();
    return cleared;
  }

  /** Removes every override; returns whether there were any. */
  clearOverrides(): boolean {
    // One by one: no export of its own, a few hundred bytes less `.wasm` (there are a handful).
    const w = this.wasm();
    let cleared = false;
    for (const key of Object.keys(this.overrides())) cleared = w.clearOverride(key) || cleared;
    if (cleared) this.refresh();
    return cleared;
  }

  /** The overrides in force, flag → variant. */
  overrides(): Record<string, string> {
    const flat = this.wasm().overrides();
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
    return out;
  }

  /**
   * Starts from a persisted and a bundled ruleset (JSON text, bytes or object; either may be
   * `undefined`) by the core's start-up rule, the same in every binding (ADR 0018): the higher
   * revision wins, the persisted one on a tie, and one that is not a valid ruleset never wins.
   * For an engine that serves nothing yet. Returns which one is served and the errors of those
   * that could not be (not thrown).
   */
  restore(persisted: string | Uint8Array | object | undefined, bundled: string | Uint8Array | object | undefined): RestoreOutcome {
    const outcome: RestoreOutcome = { choice: "empty" };
    // -1: not a valid ruleset; undefined: none (startupChoice's encoding).
    let persistedRevision: number | undefined;
    let bundledRevision: number | undefined;
    if (persisted !== undefined) {
      // Straight into this engine: the persisted ruleset is the usual winner.
      try {
        persistedRevision = this.load(persisted).revision;
      } catch (e) {
        persistedRevision = -1;
        outcome.persistedError = fromWasm(e, "INVALID_RULESET");
      }
    }
    if (bundled !== undefined) {
      const scratch = new WasmEngine();
      try {
        bundledRevision = scratch.update(rulesetBytes(bundled));
      } catch (e) {
        bundledRevision = -1;
        outcome.bundledError = fromWasm(e, "INVALID_RULESET");
      } finally {
        scratch.free();
      }
    }
    outcome.choice = startupChoice(persistedRevision, bundledRevision) as RestoreOutcome["choice"];
    // Parsed a second time, but only when it wins: on a first launch or after an app update.
    if (outcome.choice === "bundled") this.load(bundled as string | Uint8Array | object);
    return outcome;
  }

  /**
   * Checks a ruleset without loading it: the list of problems (empty when valid), each with its
   * path, kind and the kind's short message (the full text is in `validateDetailed`).
   */
  static validate(ruleset: string | Uint8Array | object): Problem[] {
    requireInstance();
    return checkBytes(ruleset, (bytes) => problemsLoading(new WasmEngine(), bytes));
  }

  /**
   * `validate` with the full messages and did-you-mean hints (`unknown operator "equal" (did
   * you mean "equals"?)`): the same problems, from the debug module, which it loads like
   * `explain` (ADR 0028).
   */
  static async validateDetailed(ruleset: string | Uint8Array | object): Promise<Problem[]> {
    return checkBytes(ruleset, validateIn);
  }

  /** The revision being served (0 before the first load). */
  get revision(): number {
    return this.wasm().revision();
  }

  /** Flag keys, sorted. */
  flagKeys(): readonly string[] {
    return this.keys;
  }

  /** Facts about a flag (type, variants, metadata, enabled), or `undefined`. */
  flag(key: FlagKey<F>): FlagInfo | undefined {
    return this.wasm().flagInfo(key) as FlagInfo | undefined;
  }

  /** Converts attributes into a reusable `Context`. */
  context(attributes: ContextAttributes): Context {
    return new Context(attributes);
  }

  /**
   * Calls `use` with the WASM handle of `context`: its own for a `Context`; for a plain object,
   * a temporary one, freed after.
   */
  private withHandle<T>(context: Context | ContextAttributes, use: (handle: WasmContext) => T): T {
    if (context instanceof Context) {
      if (!context.handle) throw new RollgateError("CLOSED", "this context was freed");
      return use(context.handle);
    }
    const temporary = new Context(context);
    try {
      return use(temporary.handle as WasmContext);
    } finally {
      temporary.free();
    }
  }

  /**
   * Evaluates one flag for a context (a `Context` or a plain attributes object). A plain object
   * the engine cannot take (nested objects, lists holding null or lists) gives ERROR /
   * INVALID_CONTEXT, like every binding; `context()` throws for it instead.
   */
  evaluate<K extends FlagKey<F>>(flag: K, context: Context | ContextAttributes, options?: EvaluateOptions): EvaluationResult<FlagValueOf<K, FlagValue, F>> {
    const w = this.w;
    if (w === undefined) throw new RollgateError("CLOSED", "this engine was freed");
    let now: number;
    let type = 0;
    if (options === undefined) now = Date.now();
    else {
      now = options.now ?? Date.now();
      if (options.type !== undefined) type = typeCode(options.type);
    }
    // A key the ruleset does not have: an index past the end (FLAG_NOT_FOUND).
    const index = this.index.get(flag) ?? this.keys.length;
    let fresh: number;
    try {
      if (context instanceof Context) {
        if (!context.handle) throw new RollgateError("CLOSED", "this context was freed");
        fresh = w.evalIndex(context.handle, index, now, type);
      } else {
        // A plain object: written into the inbox, read, evaluated and dropped in one crossing,
        // with no handle to build and finalize. What the inbox cannot carry takes a handle.
        const len = writeContext(context);
        if (len < 0) fresh = this.withHandle(context, (ctx) => w.evalIndex(ctx, index, now, type));
        else {
          let complete = false;
          try {
            fresh = w.evalInbox(len, index, now, type);
            complete = true;
          } finally {
            contextRead(complete);
          }
        }
      }
    } catch (e) {
      const error = fromWasm(e, "INVALID_CONTEXT");
      if (error.code === "INVALID_CONTEXT") return { ...INVALID_CONTEXT } as EvaluationResult<FlagValueOf<K, FlagValue, F>>;
      throw error;
    }
    if (fresh !== 0) this.absorb();
    return decode(this.records(), this.ptr, this.table) as EvaluationResult<FlagValueOf<K, FlagValue, F>>;
  }

  /** Evaluates every flag in one crossing. */
  evaluateAll(context: Context | ContextAttributes, now: number = Date.now()): Evaluations<F> {
    const fresh = this.withHandle(context, (ctx) => this.wasm().evalAll(ctx, now));
    if (fresh !== 0) this.absorb();
    const records = this.records().slice(this.ptr, this.ptr + this.keys.length * STRIDE);
    return new Evaluations<F>(this.keys, this.index, records, this.table, this.wasm().revision());
  }

  /**
   * Why a flag has its value for a context: every rule, check and bucketing decision, and
   * `lines`, the core's text of it as `rollgate explain` prints it (`{depth, text, verdict}`).
   * Async: traces come from the debug module, which the first call loads (ADR 0027); the
   * ruleset and context are the ones served when it is called.
   */
  async explain(flag: FlagKey<F>, context: Context | ContextAttributes, now: number = Date.now()): Promise<unknown> {
    this.wasm();
    if (context instanceof Context && !context.handle) throw new RollgateError("CLOSED", "this context was freed");
    const attributes = context instanceof Context ? context.attributes : context;
    return explainIn(this.source, this.overrides(), contextJson(attributes), flag, now);
  }

  /** The next instant (epoch ms) after `now` at which a scheduled ramp step starts. */
  nextChangeAfter(now: number = Date.now()): number | undefined {
    return this.wasm().nextChangeAfter(now);
  }

  /** `console.log(engine)` in Node: what it serves, not its WASM memory views. */
  [inspectSymbol](): string {
    return this.w ? `Engine { revision: ${this.w.revision()}, flags: ${this.keys.length} }` : "Engine { freed }";
  }

  /** Releases the WASM memory now. Idempotent. */
  free(): void {
    if (this.w) {
      this.w.free();
      this.w = undefined;
      live.engines--;
      finalized?.unregister(this);
    }
  }
}
