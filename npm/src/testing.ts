// `rollgate/testing`: a test double of the client. Synchronous (no WASM, no network), with the
// client's interface (`FlagClient`), so the code under test and the React provider take it as
// they take the real one; the test sets the values and emits the events.

import type { ClientEvents, RefreshResult } from "./client.js";
import { RollgateError } from "./errors.js";
import { Emitter } from "./events.js";
import type { FlagClient } from "./flag-client.js";
import type {
  BooleanFlagKey, FlagKey, FlagValueOf, FlagValues, FlagValuesInput, Flags, JsonObject, NumberFlagKey, ObjectFlagKey, StringFlagKey, Uninferred,
} from "./flags.js";
import { isMismatch, NOT_FOUND, sameFlagValue, typeMismatch } from "./results.js";
import { nextStatus, type ClientStatus, type ValueSource } from "./status.js";
import type { ContextAttributes, EvaluationResult, FlagType, FlagValue } from "./types.js";

/** Options of `createTestClient`. */
export interface TestClientOptions {
  /** The context `getContext()` returns (the values do not depend on it). Default `{}`. */
  context?: ContextAttributes;
  /** The revision `revision` reports. Default 1. */
  revision?: number;
  /** The source `status` reports. Default `"bootstrap"` (the test's values, given at creation). */
  source?: ValueSource;
}

/**
 * A flag value as the real client serves it: frozen (objects deeply), and refused when it is
 * not a flag value at all (null, a list, a non-finite number, a function): INVALID_RULESET
 * naming the flag, as a ruleset with such a value would be refused.
 */
function flagValue(key: string, value: unknown): FlagValue {
  const problem = (message: string): RollgateError =>
    new RollgateError("INVALID_RULESET", `invalid test flags (1 problem)\n  ${key}: ${message}`, {
      problems: [{ path: key, kind: "invalid_type", message }],
    });
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw problem(`a number flag's value is finite, not ${value}`);
    return value;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const what = value === null ? "null" : Array.isArray(value) ? "a list" : typeof value;
    throw problem(`a flag's value is a boolean, string, number or object, not ${what}`);
  }
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(value));
  } catch (e) {
    throw problem(`an object flag's value has no JSON form: ${(e as Error).message}`);
  }
  return deepFreeze(copy) as FlagValue;
}

function deepFreeze(value: unknown): unknown {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function typeOf(value: FlagValue): FlagType {
  return typeof value === "object" ? "object" : (typeof value as FlagType);
}

/**
 * What `getDetails` answers for a value set by the test: reason `STATIC` (a fixed value, no
 * targeting), the variant named after the value (`"true"`, `"B"`, `"5"`; `"object"` for an
 * object), and no rule.
 */
function details(value: FlagValue): EvaluationResult {
  return Object.freeze({
    value, variant: typeof value === "object" ? "object" : String(value), reason: "STATIC", ruleId: undefined,
    errorCode: undefined, failedPrerequisite: undefined, unitMissing: undefined, type: typeOf(value), metadata: undefined,
  }) as EvaluationResult;
}

/**
 * A client whose flags are what the test says. Lookups behave as the real client's do (a
 * missing flag or another type gives the fallback; `getDetails` says `FLAG_NOT_FOUND` or
 * `TYPE_MISMATCH`). `set` and `setAll` change values and emit `change` and `details` with the
 * flags whose value changed; `emit` sends any event, and keeps the state it describes in step
 * (`error` sets `lastError`, `stale` sets `stale`, `fresh` clears both, `update` sets
 * `revision`), then emits `status` when that changed it.
 */
export class TestClient<F = Flags> extends Emitter<ClientEvents> implements FlagClient<F> {
  private results = new Map<string, EvaluationResult>();
  private context: ContextAttributes;
  private currentRevision: number;
  private isStale = false;
  private closed = false;
  private readonly source: ValueSource;
  private currentStatus: ClientStatus | undefined;
  /** The last error emitted (cleared by `fresh`). */
  lastError: RollgateError | undefined;
  /** Resolved: the test client has no engine to wait for. */
  readonly started: Promise<void> = Promise.resolve();
  /** 0: the test client's values do not depend on a clock. */
  readonly clockOffset = 0;

  /** Use `createTestClient(values)`. */
  constructor(values: FlagValuesInput<Uninferred<F>>, options: TestClientOptions = {}) {
    super();
    this.context = { ...options.context };
    this.currentRevision = options.revision ?? 1;
    this.source = options.source ?? "bootstrap";
    this.results = this.resultsOf(values as { readonly [key: string]: unknown });
  }

  private resultsOf(values: { readonly [key: string]: unknown }): Map<string, EvaluationResult> {
    const out = new Map<string, EvaluationResult>();
    for (const [key, value] of Object.entries(values)) if (value !== undefined) out.set(key, details(flagValue(key, value)));
    return out;
  }

  /** The revision (`options.revision`, or the last `update` emitted). */
  get revision(): number {
    return this.currentRevision;
  }

  /** True unless `options.source` is `"defaults"`: the test's values are the ruleset. */
  get hasRuleset(): boolean {
    return this.source !== "defaults";
  }

  /** `options.source`, and the stale state and error the events emitted describe. */
  get status(): ClientStatus {
    return (this.currentStatus = nextStatus(this.currentStatus, this.source, this.isStale, this.lastError, this.currentRevision));
  }

  /** True after `emit("stale", ...)`, until `emit("fresh")`. */
  get stale(): boolean {
    return this.isStale;
  }

  /** The context set last. */
  getContext(): ContextAttributes {
    return this.context;
  }

  /** Replaces the context. The values do not depend on it: returns `[]` and emits nothing. */
  setContext(attributes: ContextAttributes): string[] {
    this.ensureOpen();
    this.context = { ...attributes };
    return [];
  }

  /** True when the boolean flag `key` is set to `true`. */
  isEnabled(key: BooleanFlagKey<F>): boolean {
    return this.results.get(key)?.value === true;
  }

  private typed(key: string, type: FlagType): unknown {
    const r = this.results.get(key);
    return r !== undefined && r.type === type ? r.value : undefined;
  }

  /** A boolean flag's value, or `fallback`. */
  getBoolean(key: BooleanFlagKey<F>, fallback: boolean): boolean {
    const v = this.typed(key, "boolean");
    return v === undefined ? fallback : (v as boolean);
  }

  /** A string flag's value, or `fallback`. */
  getString<K extends StringFlagKey<F>>(key: K, fallback: FlagValueOf<K, string, F>): FlagValueOf<K, string, F> {
    const v = this.typed(key, "string");
    return (v === undefined ? fallback : v) as FlagValueOf<K, string, F>;
  }

  /** A number flag's value, or `fallback`. */
  getNumber<K extends NumberFlagKey<F>>(key: K, fallback: FlagValueOf<K, number, F>): FlagValueOf<K, number, F> {
    const v = this.typed(key, "number");
    return (v === undefined ? fallback : v) as FlagValueOf<K, number, F>;
  }

  /** An object flag's value (frozen), or `fallback`. */
  getObject<K extends ObjectFlagKey<F>, T extends FlagValueOf<K, JsonObject, F> = FlagValueOf<K, JsonObject, F>>(
    key: K, fallback: T): FlagValueOf<K, T, F> {
    const v = this.typed(key, "object");
    return (v === undefined ? fallback : v) as FlagValueOf<K, T, F>;
  }

  /** The result: reason `STATIC`, the variant named after the value; `FLAG_NOT_FOUND` or `TYPE_MISMATCH` as the real client. */
  getDetails<K extends FlagKey<F>>(key: K, type?: FlagType): EvaluationResult<FlagValueOf<K, FlagValue, F>> {
    type Result = EvaluationResult<FlagValueOf<K, FlagValue, F>>;
    const r = this.results.get(key);
    if (r === undefined) return NOT_FOUND as Result;
    return (isMismatch(r, type) ? typeMismatch(r) : r) as Result;
  }

  /** Every flag's value. */
  allFlags(): FlagValues<F> {
    const out: Record<string, FlagValue | undefined> = {};
    for (const [k, r] of this.results) out[k] = r.value;
    return out as FlagValues<F>;
  }

  /**
   * Sets one flag (`undefined` removes it); emits `change` and `details` when its value
   * changed. Returns the flags that changed (`[key]` or `[]`).
   */
  set<K extends FlagKey<F>>(key: K, value: FlagValueOf<K, FlagValue, F> | undefined): string[] {
    this.ensureOpen();
    const next = new Map(this.results);
    if (value === undefined) next.delete(key);
    else next.set(key, details(flagValue(key, value)));
    return this.replace(next);
  }

  /**
   * Replaces every flag (those not in `values` disappear, as with a new ruleset); emits
   * `change` and `details` with the flags whose value changed, and returns them.
   */
  setAll(values: FlagValuesInput<F>): string[] {
    this.ensureOpen();
    return this.replace(this.resultsOf(values as { readonly [key: string]: unknown }));
  }

  private replace(next: Map<string, EvaluationResult>): string[] {
    const changed: string[] = [];
    for (const [k, r] of next) {
      const before = this.results.get(k);
      if (before !== undefined && sameFlagValue(before.value, r.value)) next.set(k, before); // unchanged: same result object
      else changed.push(k);
    }
    for (const k of this.results.keys()) if (!next.has(k)) changed.push(k);
    this.results = next;
    if (changed.length > 0) {
      super.emit("change", changed);
      super.emit("details", changed);
    }
    return changed;
  }

  /**
   * Sends an event to the listeners, as the real client would, and keeps the state it
   * describes in step: `error` and `stale` set `lastError` (and `stale` sets `stale`), `fresh`
   * clears both, `update` sets `revision`; then `status`, when they changed it. `change` and
   * `details` are sent as given; to change values, use `set` or `setAll`.
   */
  override emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void {
    const before = this.status;
    if (event === "error" || event === "stale") this.lastError = args[0] as RollgateError;
    if (event === "stale") this.isStale = true;
    if (event === "fresh") {
      this.isStale = false;
      this.lastError = undefined;
    }
    if (event === "update") this.currentRevision = (args[0] as ClientEvents["update"][0]).revision;
    super.emit(event, ...args);
    if (event !== "status" && this.status !== before) super.emit("status", this.status);
  }

  /** Resolves `"not-modified"`: the test's values are the only ruleset. */
  refresh(): Promise<RefreshResult> {
    return Promise.resolve(this.closed ? "failed" : "not-modified");
  }

  /** Removes every listener; `set`, `setAll` and `setContext` then throw `CLOSED`. Lookups keep answering. */
  close(): void {
    this.closed = true;
    this.removeAllListeners();
  }

  private ensureOpen(): void {
    if (this.closed) throw new RollgateError("CLOSED", "test client closed");
  }
}

/**
 * A synchronous stand-in for `createClient` in unit tests:
 * `createTestClient({ "new-checkout": true, "checkout-layout": "B" })`. Typed by `Flags`, like
 * the real client: with the app's flags declared, a key or value that is not declared is a
 * compile error.
 */
export function createTestClient<F = Flags>(
  values: FlagValuesInput<Uninferred<F>> = {} as FlagValuesInput<F>, options?: TestClientOptions): TestClient<Uninferred<F>> {
  return new TestClient<F>(values as FlagValuesInput<F>, options);
}
