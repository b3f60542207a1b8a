// The client layer: a ruleset kept fresh over HTTP, persisted for offline starts, and flags
// evaluated for one context and served from a JS Map.

import { Context, Engine, rulesetText } from "./engine.js";
import { fromRequest, RollgateError, isRollgateError } from "./errors.js";
import { Emitter } from "./events.js";
import { defaultStorage, readPersisted, writePersisted, type FlagStorage } from "./storage.js";
import type { ContextAttributes, EvaluationResult, FlagType, FlagValue, LoadOutcome } from "./types.js";
import type { FlagClient } from "./flag-client.js";
import type {
  BooleanFlagKey, FlagKey, FlagValueOf, FlagValues, Flags, JsonObject, NumberFlagKey, ObjectFlagKey, StringFlagKey, Uninferred,
} from "./flags.js";
import { isMismatch, NOT_FOUND, NOT_READY, sameFlagValue, sameResult, typeMismatch } from "./results.js";
import { checkRulesetBody, checkUrl, isCrossOrigin } from "./request.js";
import { init, type WasmSource } from "./wasm.js";

/** Options of `createClient`. */
export interface ClientOptions {
  /**
   * Where the ruleset is served (fetched with `If-None-Match`). Omit for bootstrap/storage only.
   * In a browser a relative URL resolves against the page; Node has no page, so there it must
   * be absolute (http or https). A ruleset file goes through `bootstrap`.
   */
  url?: string | URL;
  /** The initial context (`{ userId, appVersion, platform, ... }`). */
  context?: ContextAttributes;
  /** A ruleset (JSON text or object) to start from, e.g. embedded at build time. */
  bootstrap?: string | object;
  /** Where the last good ruleset is persisted. Default: `localStorage`, else memory. `false`: do not persist. */
  storage?: FlagStorage | false;
  /** Storage key. Default: `"rollgate:" + url`. */
  storageKey?: string;
  /** Poll interval in ms; 0 (default) polls never (call `refresh()`). */
  pollInterval?: number;
  /** Request timeout in ms. Default 10 000. */
  requestTimeout?: number;
  /** Upper bound of the poll delay while requests fail (it doubles per failure). Default 300 000. */
  maxBackoff?: number;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Extra request options (headers, credentials). */
  requestInit?: RequestInit;
  /** Called once per flag and context when the app reads a flag (analytics, APM). */
  onExposure?: (exposure: Exposure) => void;
  /** Clock, epoch ms (tests). Default `Date.now`. */
  now?: () => number;
  /** Where the `.wasm` comes from (default: the entry point's). */
  wasm?: WasmSource;
}

/** What `onExposure` receives. */
export interface Exposure {
  /** The flag read. */
  flag: string;
  /** The value served. */
  value: FlagValue | undefined;
  /** The variant served. */
  variant: string | undefined;
  /** Why. */
  reason: EvaluationResult["reason"];
  /** The deciding rule. */
  ruleId: string | undefined;
  /** The context it was served for. */
  context: ContextAttributes;
  /** The ruleset revision. */
  revision: number;
}

/** Where a loaded ruleset came from. */
export type RulesetSource = "network" | "bootstrap" | "storage";

/** Client events and their arguments. */
export type ClientEvents = {
  /** Flags whose value changed (ruleset update, context change, ramp step). */
  change: [changed: string[]];
  /**
   * Flags whose result changed in any field: value, variant, reason, rule, error or metadata.
   * A superset of `change`, for views that show why a flag has its value (`useFlagDetails`).
   */
  details: [changed: string[]];
  /** A ruleset other than the one served was loaded (not a 304, and not the same text again). */
  update: [outcome: LoadOutcome & { source: RulesetSource }];
  /** A refresh failed (HTTP error, timeout, invalid or stale ruleset); the last good ruleset stays. */
  error: [error: RollgateError];
  /** The first failure after success: flags are served from a ruleset that may be out of date. */
  stale: [error: RollgateError];
  /**
   * A problem the client worked around; the refresh itself went on. `CORS_HEADER_BLOCKED`:
   * the server's CORS rules refuse `If-None-Match`, so the client stopped sending it.
   */
  warning: [warning: RollgateError];
  /** A refresh succeeded after failures. */
  fresh: [];
};

/**
 * Outcome of one `refresh()`: a new ruleset loaded; the same one (a 304, or a 200 with the text
 * already served); or a failure (see `lastError`).
 */
export type RefreshResult = "updated" | "not-modified" | "failed";

// Node's `util.inspect` hook (a registered symbol: no import of node:util, which browsers lack).
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

// setTimeout's limit (about 24.8 days); longer waits are re-armed.
const MAX_TIMER = 2 ** 31 - 1;

/**
 * Loads the WASM module if needed, starts a client and resolves once it has flags to serve.
 * `F`, the typed key set, defaults to `Flags` (declared by the app through module augmentation).
 */
export async function createClient<F = Flags>(options: ClientOptions = {}): Promise<RollgateClient<Uninferred<F>>> {
  await init(options.wasm);
  const client = new RollgateClient<F>(options);
  await client.start();
  return client;
}

/**
 * Flags for one context, kept up to date. Lookups (`isEnabled`, `getString`, ...) read a JS
 * `Map` computed when the context, the ruleset or a ramp step changes: they never cross into
 * WASM. Create with `createClient()`.
 */
export class RollgateClient<F = Flags> extends Emitter<ClientEvents> implements FlagClient<F> {
  /** The engine (for `evaluate`, `explain`, `flag`). */
  readonly engine: Engine<F>;
  private readonly options: ClientOptions;
  private readonly storage: FlagStorage | undefined;
  private readonly storageKey: string;
  private readonly clock: () => number;
  private context: Context;
  private results = new Map<string, EvaluationResult>();
  private exposed = new Set<string>();
  private etag: string | undefined;
  // The ruleset text being served: a 200 with the same text again is no update.
  private servedText: string | undefined;
  // Set when the server's CORS rules refused If-None-Match: refresh with plain requests.
  private conditionalBlocked = false;
  private loaded = false;
  private failures = 0;
  private isStale = false;
  private closed = false;
  private inflight: Promise<RefreshResult> | undefined;
  private abort: AbortController | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private rampTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last refresh error (cleared by a success). */
  lastError: RollgateError | undefined;

  /** Use `createClient()`; the constructor needs the WASM module loaded. */
  constructor(options: ClientOptions) {
    super();
    if (options.url !== undefined) checkUrl(options.url);
    this.options = options;
    this.engine = new Engine<F>();
    this.clock = options.now ?? Date.now;
    this.storage = options.storage === false ? undefined : options.storage ?? defaultStorage();
    this.storageKey = options.storageKey ?? `rollgate:${options.url ?? "default"}`;
    this.context = this.engine.context(options.context ?? {});
  }

  /** @internal Loads the local rulesets, then the network one (awaited only if nothing local loaded). */
  async start(): Promise<void> {
    const persisted = this.storage ? await readPersisted(this.storage, this.storageKey) : undefined;
    // The core's start-up rule (ADR 0018): the higher revision, the persisted one on a tie.
    const start = this.engine.restore(persisted?.ruleset, this.options.bootstrap);
    this.loaded = start.choice !== "empty";
    // The ETag belongs to the persisted text: keep it only when that text is served.
    if (start.choice === "persisted") this.etag = persisted?.etag;
    // The text served, so that the same text arriving again is recognised as no change.
    if (start.choice === "persisted") this.servedText = persisted?.ruleset;
    else if (start.choice === "bundled" && this.options.bootstrap !== undefined) this.servedText = rulesetText(this.options.bootstrap);
    if (start.persistedError && this.storage) {
      // A corrupt or incompatible record: drop it rather than trip over it on every start.
      await Promise.resolve(this.storage.remove(this.storageKey)).catch(() => undefined);
    }
    if (start.bundledError) this.lastError = start.bundledError as RollgateError;
    this.recompute(false);
    if (this.options.url !== undefined) {
      const first = this.refresh();
      if (!this.loaded) await first;
    }
  }

  /**
   * Loads ruleset text into the engine (throwing as `Engine.load` does) and remembers it as the
   * text served, so that the same text arriving again is recognised as no change.
   */
  private loadText(text: string): LoadOutcome {
    const outcome = this.engine.load(text);
    this.servedText = text;
    this.loaded = true;
    return outcome;
  }

  /** The revision being served. */
  get revision(): number {
    return this.engine.revision;
  }

  /** True once a ruleset was loaded (bootstrap, storage or network). */
  get hasRuleset(): boolean {
    return this.loaded;
  }

  /** True after a failed refresh, until one succeeds. */
  get stale(): boolean {
    return this.isStale;
  }

  /** The current context's attributes. */
  getContext(): ContextAttributes {
    return this.context.attributes;
  }

  /** Replaces the context and recomputes; returns (and emits as `change`) the flags whose value changed. */
  setContext(attributes: ContextAttributes): string[] {
    if (this.closed) throw new RollgateError("CLOSED", "client closed");
    const next = this.engine.context(attributes);
    this.context.free();
    this.context = next;
    this.exposed.clear();
    return this.recompute(true);
  }

  private expose(key: string, r: EvaluationResult): void {
    if (this.exposed.has(key)) return;
    this.exposed.add(key);
    try {
      this.options.onExposure?.({
        flag: key, value: r.value, variant: r.variant, reason: r.reason, ruleId: r.ruleId,
        context: this.context.attributes, revision: this.engine.revision,
      });
    } catch (e) {
      queueMicrotask(() => {
        throw e;
      });
    }
  }

  /** True when the boolean flag `key` serves `true`. */
  isEnabled(key: BooleanFlagKey<F>): boolean {
    const r = this.results.get(key);
    if (r === undefined) return false;
    if (this.options.onExposure !== undefined) this.expose(key, r);
    return r.value === true;
  }

  private typed(key: string, type: FlagType): unknown {
    const r = this.results.get(key);
    if (r === undefined) return undefined;
    if (this.options.onExposure !== undefined) this.expose(key, r);
    return r.type === type ? r.value : undefined;
  }

  /** A boolean flag's value, or `fallback` (unknown flag, other type, error). */
  getBoolean(key: BooleanFlagKey<F>, fallback: boolean): boolean {
    const v = this.typed(key, "boolean");
    return v === undefined ? fallback : (v as boolean);
  }

  /** A string flag's value, or `fallback`; typed as the flag's declared values. */
  getString<K extends StringFlagKey<F>>(key: K, fallback: FlagValueOf<K, string, F>): FlagValueOf<K, string, F> {
    const v = this.typed(key, "string");
    return v === undefined ? fallback : (v as FlagValueOf<K, string, F>);
  }

  /** A number flag's value, or `fallback`. */
  getNumber<K extends NumberFlagKey<F>>(key: K, fallback: FlagValueOf<K, number, F>): FlagValueOf<K, number, F> {
    const v = this.typed(key, "number");
    return v === undefined ? fallback : (v as FlagValueOf<K, number, F>);
  }

  /** An object flag's value (frozen), or `fallback`. */
  getObject<K extends ObjectFlagKey<F>, T extends FlagValueOf<K, JsonObject, F> = FlagValueOf<K, JsonObject, F>>(
    key: K, fallback: T): FlagValueOf<K, T, F> {
    const v = this.typed(key, "object");
    return (v === undefined ? fallback : v) as FlagValueOf<K, T, F>;
  }

  /**
   * The full result for a flag. With `type`, a flag of another type gives ERROR/TYPE_MISMATCH
   * (as the engine's typed evaluation does).
   */
  getDetails<K extends FlagKey<F>>(key: K, type?: FlagType): EvaluationResult<FlagValueOf<K, FlagValue, F>> {
    type Result = EvaluationResult<FlagValueOf<K, FlagValue, F>>;
    const r = this.results.get(key);
    if (r === undefined) return (this.loaded ? NOT_FOUND : NOT_READY) as Result;
    if (this.options.onExposure !== undefined) this.expose(key, r);
    if (isMismatch(r, type)) return typeMismatch(r) as Result;
    return r as Result;
  }

  /** Every flag's value for the current context. */
  allFlags(): FlagValues<F> {
    const out: Record<string, FlagValue | undefined> = {};
    for (const [k, r] of this.results) out[k] = r.value;
    return out as FlagValues<F>;
  }

  /**
   * Re-evaluates everything; emits `change` with exactly the flags whose value changed, then
   * `details` with those whose result changed in any field.
   */
  private recompute(emit: boolean): string[] {
    const now = this.clock();
    const next = this.engine.evaluateAll(this.context, now).toMap();
    const changed: string[] = [];
    const details: string[] = [];
    for (const [k, r] of next) {
      const before = this.results.get(k);
      if (!sameFlagValue(before?.value, r.value)) changed.push(k);
      if (!sameResult(before, r)) details.push(k);
    }
    for (const k of this.results.keys()) {
      if (!next.has(k)) {
        changed.push(k);
        details.push(k);
      }
    }
    this.results = next;
    // A new value is a new exposure.
    for (const k of changed) this.exposed.delete(k);
    this.scheduleRamp(now);
    if (emit && changed.length > 0) this.emit("change", changed);
    if (emit && details.length > 0) this.emit("details", details);
    return changed;
  }

  private scheduleRamp(now: number): void {
    if (this.rampTimer !== undefined) clearTimeout(this.rampTimer);
    this.rampTimer = undefined;
    if (this.closed) return;
    const at = this.engine.nextChangeAfter(now);
    if (at === undefined) return;
    // +1 ms: the step is active at `at` itself, and timers may round down.
    const delay = Math.min(at - now + 1, MAX_TIMER);
    this.rampTimer = setTimeout(() => {
      this.rampTimer = undefined;
      if (!this.closed) this.recompute(true);
    }, delay);
    (this.rampTimer as { unref?: () => void }).unref?.();
  }

  /**
   * Fetches the ruleset now (with `If-None-Match`). Never throws: failures keep the last good
   * ruleset, emit `error` (and `stale` on the first one) and lengthen the poll delay.
   */
  refresh(): Promise<RefreshResult> {
    if (this.closed) return Promise.resolve("failed");
    if (!this.inflight) {
      this.inflight = this.fetchOnce().finally(() => {
        this.inflight = undefined;
        this.schedulePoll();
      });
    }
    return this.inflight;
  }

  private async fetchOnce(): Promise<RefreshResult> {
    if (this.options.url === undefined) return "not-modified";
    const url = String(this.options.url);
    const controller = new AbortController();
    this.abort = controller;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.requestTimeout ?? 10_000);
    try {
      let result: RefreshResult;
      const response = await this.get(url, controller.signal);
      if (response.status === 304) {
        result = "not-modified";
      } else if (!response.ok) {
        throw new RollgateError("HTTP_ERROR", `GET ${url}: HTTP ${response.status}`, { url, status: response.status });
      } else {
        const text = await response.text();
        if (this.closed) return "failed";
        result = await this.receive(text, response, url);
      }
      this.failures = 0;
      this.lastError = undefined;
      if (this.isStale) {
        this.isStale = false;
        this.emit("fresh");
      }
      return result;
    } catch (e) {
      if (this.closed) return "failed";
      const error = timedOut
        ? new RollgateError("TIMEOUT", `GET ${url}: no response within ${this.options.requestTimeout ?? 10_000} ms`, { url })
        : isRollgateError(e)
          ? e
          : new RollgateError("NETWORK_ERROR", `GET ${url}: ${(e as Error)?.message ?? e}`, { url, cause: e });
      this.failures++;
      this.lastError = error;
      this.emit("error", error);
      if (!this.isStale) {
        this.isStale = true;
        this.emit("stale", error);
      }
      return "failed";
    } finally {
      clearTimeout(timer);
      if (this.abort === controller) this.abort = undefined;
    }
  }

  /**
   * Sends the GET, with `If-None-Match` when an ETag is known. A cross-origin server whose CORS
   * rules do not allow that header makes the browser refuse the request before it is sent
   * (the preflight fails), and `fetch` says only "Failed to fetch". So a failed conditional
   * request to another origin is retried once without the header: if that works, the header
   * was the problem. The client then reports it (`warning`, CORS_HEADER_BLOCKED) and sends
   * plain requests from then on.
   */
  private async get(url: string, signal: AbortSignal): Promise<Response> {
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const headers = new Headers(this.options.requestInit?.headers);
    const conditional = this.etag !== undefined && !this.conditionalBlocked;
    if (conditional) headers.set("If-None-Match", this.etag as string);
    const request = (): Promise<Response> => doFetch(url, { ...this.options.requestInit, headers, signal });
    try {
      return await request();
    } catch (e) {
      if (!conditional || signal.aborted || !isCrossOrigin(url)) throw e;
      headers.delete("If-None-Match");
      const response = await request(); // Fails too: a real network error, reported as such.
      this.conditionalBlocked = true;
      this.emit("warning", new RollgateError(
        "CORS_HEADER_BLOCKED",
        `GET ${url} failed with an If-None-Match header (${(e as Error)?.message ?? e}) and worked without it: ` +
          "the server's CORS rules do not allow the If-None-Match request header. " +
          "Add it to Access-Control-Allow-Headers (docs/hosting.md); until then this client refreshes without If-None-Match.",
        { url, cause: e },
      ));
      return response;
    }
  }

  /**
   * Takes a 200 body: refuses what cannot be a ruleset (INVALID_RESPONSE), recognises the text
   * already served (no update), else loads, persists and recomputes. Load errors name the URL.
   */
  private async receive(text: string, response: Response, url: string): Promise<RefreshResult> {
    checkRulesetBody(text, response, url);
    const etag = response.headers.get("ETag") ?? undefined;
    if (text === this.servedText) {
      this.etag = etag;
      return "not-modified";
    }
    let outcome: LoadOutcome;
    try {
      outcome = this.loadText(text); // throws INVALID_RULESET / STALE_REVISION
    } catch (e) {
      throw isRollgateError(e) ? fromRequest(e, url) : e;
    }
    this.etag = etag;
    if (this.storage) {
      const failed = await writePersisted(this.storage, this.storageKey, { v: 1, etag, ruleset: text });
      if (failed) {
        this.emit("error", new RollgateError(
          "STORAGE_ERROR",
          `could not persist the ruleset under ${JSON.stringify(this.storageKey)}: ${(failed as Error)?.message ?? failed}`,
          { cause: failed },
        ));
      }
    }
    this.recompute(true);
    this.emit("update", { ...outcome, source: "network" });
    return "updated";
  }

  /** The delay before the next poll: the interval, doubled per consecutive failure, capped. */
  get nextPollDelay(): number {
    const interval = this.options.pollInterval ?? 0;
    if (this.failures === 0) return interval;
    const cap = Math.max(this.options.maxBackoff ?? 300_000, interval);
    return Math.min(cap, interval * 2 ** this.failures);
  }

  private schedulePoll(): void {
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.closed || !this.options.pollInterval || this.options.url === undefined) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.refresh();
    }, Math.min(this.nextPollDelay, MAX_TIMER));
    (this.pollTimer as { unref?: () => void }).unref?.();
  }

  /** `console.log(client)` in Node: what it serves and its state, not its engine's internals. */
  [inspectSymbol](_depth: number, options: unknown, inspect: (value: unknown, options: unknown) => string): string {
    const state = {
      url: this.options.url === undefined ? undefined : String(this.options.url),
      revision: this.closed ? undefined : this.engine.revision,
      hasRuleset: this.loaded, stale: this.isStale, closed: this.closed,
      lastError: this.lastError?.message, context: this.context.attributes, flags: this.allFlags(),
    };
    return `RollgateClient ${inspect(state, options)}`;
  }

  /** Stops polling and timers, aborts a request in flight, frees the WASM memory. Lookups keep answering from the last results. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    if (this.rampTimer !== undefined) clearTimeout(this.rampTimer);
    this.abort?.abort();
    this.context.free();
    this.engine.free();
    this.removeAllListeners();
  }
}
