// The client layer: a ruleset kept fresh over HTTP, persisted for offline starts, and flags
// evaluated for one context and served from a JS Map. A client answers from the moment it is
// created: from the server's results when a server rendered the page (`server`), else with
// fallbacks; its engine takes over once the `.wasm` is loaded and the local rulesets are read.

import { Context, Engine, rulesetText, sameAttributes } from "./engine.js";
import { fromRequest, RollgateError, isRollgateError } from "./errors.js";
import { Emitter } from "./events.js";
import { ServerClock } from "./clock.js";
import { Exposures, type Exposure, type ExposureDedupe } from "./exposures.js";
import { checkServerState, resultsOf, type ServerState } from "./server.js";
import { nextStatus, type ClientStatus, type ValueSource } from "./status.js";
import { defaultStorage, readPersisted, writePersisted, type FlagStorage } from "./storage.js";
import type { ContextAttributes, EvaluationResult, FlagType, FlagValue, LoadOutcome } from "./types.js";
import type { FlagClient, ServerSnapshot } from "./flag-client.js";
import type {
  BooleanFlagKey, FlagKey, FlagValueOf, FlagValues, Flags, JsonObject, NumberFlagKey, ObjectFlagKey, StringFlagKey, Uninferred,
} from "./flags.js";
import { isMismatch, NOT_FOUND, NOT_READY, sameFlagValue, sameResult, typeMismatch } from "./results.js";
import { checkRulesetBody, checkUrl, isCrossOrigin } from "./request.js";
import { init, type WasmSource } from "./wasm.js";

export type { Exposure, ExposureDedupe } from "./exposures.js";

/** Options of `createClient` and `createClientSync`. */
export interface ClientOptions {
  /**
   * Where the ruleset is served (fetched with `If-None-Match`). Omit for bootstrap/storage only.
   * In a browser a relative URL resolves against the page; Node has no page, so there it must
   * be absolute (http or https). A ruleset file goes through `bootstrap`.
   */
  url?: string | URL;
  /** The initial context (`{ userId, appVersion, platform, ... }`). With `server`, the server's context is the client's: give only one. */
  context?: ContextAttributes;
  /** A ruleset (JSON text or object) to start from, e.g. embedded at build time. */
  bootstrap?: string | object;
  /**
   * What a server rendered the page with (`serverState()`, read back by `readServerState()`):
   * the client answers with these results at once, before its engine is ready, and keeps them
   * until it has a ruleset at least as new. A ruleset in the state starts the engine in place
   * of `bootstrap`.
   */
  server?: ServerState;
  /**
   * Answer from `server` only: no engine, no `.wasm`, no storage, no network. For rendering on
   * the server (the same answers the browser's client gives before its engine is ready), and
   * for pages that want the server's values and nothing else.
   */
  static?: boolean;
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
  /** Called when the app reads a flag (analytics, APM), deduplicated by `exposureDedupe`. */
  onExposure?: (exposure: Exposure) => void;
  /** When a read counts again: per `context` (default), per `session`, or `none` (every read). */
  exposureDedupe?: ExposureDedupe;
  /**
   * The device's clock, epoch ms (tests). Default `Date.now`. Ramps run on the server's clock:
   * this corrected by the offset measured from the ruleset responses' `Date` and `Age`.
   */
  now?: () => number;
  /** Where the `.wasm` comes from (default: the entry point's). */
  wasm?: WasmSource;
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
  /** A fetched ruleset other than the one served was loaded and is served (not a 304, and not the same text again). */
  update: [outcome: LoadOutcome & { source: RulesetSource }];
  /** A refresh failed (HTTP error, timeout, invalid or stale ruleset), or the `.wasm` did not load; the last good values stay. */
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
  /** `status` changed (source, ready, stale, error or revision); after the events that changed it. */
  status: [status: ClientStatus];
};

/**
 * Outcome of one `refresh()`: a new ruleset loaded; the same one (a 304, or a 200 with the text
 * already served); or a failure (see `lastError`).
 */
export type RefreshResult = "updated" | "not-modified" | "failed";

/** @internal How the last fetch ended: what the devtools panel shows. */
export interface LastFetch {
  /** When it ended, on the device's clock (epoch ms). */
  readonly at: number;
  /** Its outcome. */
  readonly result: RefreshResult;
  /** Why it failed (`result` is `failed`). */
  readonly error: RollgateError | undefined;
}

// Node's `util.inspect` hook (a registered symbol: no import of node:util, which browsers lack).
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

// setTimeout's limit (about 24.8 days); longer waits are re-armed.
const MAX_TIMER = 2 ** 31 - 1;

/**
 * Loads the WASM module if needed, starts a client and resolves once it has flags to serve.
 * `F`, the typed key set, defaults to `Flags` (declared by the app through module augmentation).
 * Rejects, as the client could not start, with `WASM_LOAD_FAILED` or `INVALID_CONTEXT`.
 */
export async function createClient<F = Flags>(options: ClientOptions = {}): Promise<RollgateClient<Uninferred<F>>> {
  const client = new RollgateClient<F>(options);
  try {
    await client.boot;
  } catch (e) {
    client.close();
    throw e;
  }
  return client;
}

/**
 * A client at once, without waiting for the `.wasm`: it answers synchronously from `server`
 * (the state a server rendered the page with), or with fallbacks when there is none, and its
 * engine takes over in the background (`started`), with a `change` event only for values that
 * really change. A `.wasm` that fails to load is an `error` event; the client keeps answering.
 */
export function createClientSync<F = Flags>(options: ClientOptions = {}): RollgateClient<Uninferred<F>> {
  return new RollgateClient<F>(options) as RollgateClient<Uninferred<F>>;
}

/**
 * Flags for one context, kept up to date. Lookups (`isEnabled`, `getString`, ...) read a JS
 * `Map` computed when the context, the ruleset or a ramp step changes: they never cross into
 * WASM. Create with `createClient()` or `createClientSync()`.
 */
export class RollgateClient<F = Flags> extends Emitter<ClientEvents> implements FlagClient<F> {
  private readonly options: ClientOptions;
  private readonly storage: FlagStorage | undefined;
  private readonly storageKey: string;
  private readonly clock: ServerClock;
  private readonly exposures: Exposures | undefined;
  private readonly server: ServerState | undefined;
  private readonly rendered: ServerSnapshot | undefined;
  private engineRef: Engine<F> | undefined;
  private attributes: ContextAttributes;
  private handle: Context | undefined;
  private results = new Map<string, EvaluationResult>();
  // True while the results are the server's, not the engine's.
  private servingServer: boolean;
  // Where the engine's ruleset came from; undefined while it has none.
  private rulesetSource: RulesetSource | "server" | undefined;
  private servedRevision: number;
  private currentStatus: ClientStatus | undefined;
  private emittedStatus: ClientStatus | undefined;
  private etag: string | undefined;
  // The ruleset text being served: a 200 with the same text again is no update.
  private servedText: string | undefined;
  // Set when the server's CORS rules refused If-None-Match: refresh with plain requests.
  private conditionalBlocked = false;
  private failures = 0;
  private isStale = false;
  private closed = false;
  private inflight: Promise<RefreshResult> | undefined;
  private abort: AbortController | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private rampTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last error (a refresh, the `.wasm`), cleared by a successful refresh. */
  lastError: RollgateError | undefined;
  /** @internal How the last fetch ended (undefined before the first one ends): for the devtools panel. */
  lastFetch: LastFetch | undefined;
  /** @internal The engine's start: rejects when the client cannot start (`createClient` rethrows). */
  readonly boot: Promise<void>;
  /**
   * Resolves once the engine has taken over: the `.wasm` loaded, the local rulesets read (and,
   * with nothing to serve, the first fetch done). Never rejects: a failure is `status.error`.
   * A static client has no engine: resolved at once.
   */
  readonly started: Promise<void>;

  /**
   * Use `createClient()` or `createClientSync()`. Throws `INVALID_URL`, and `INVALID_STATE`
   * for a `server` state that is not one.
   */
  constructor(options: ClientOptions) {
    super();
    if (options.url !== undefined) checkUrl(options.url);
    if (options.server !== undefined && options.context !== undefined) {
      throw new RollgateError("INVALID_CONTEXT", "`context` and `server` both given: the client's context is the one the server evaluated (`server.context`); call setContext() to change it", { path: "context" });
    }
    this.options = options;
    this.server = options.server === undefined ? undefined : checkServerState(options.server, "server");
    this.clock = new ServerClock(options.now ?? Date.now);
    this.storage = options.static || options.storage === false ? undefined : options.storage ?? defaultStorage();
    this.storageKey = options.storageKey ?? `rollgate:${options.url ?? "default"}`;
    this.exposures = options.onExposure === undefined ? undefined : new Exposures(options.onExposure, options.exposureDedupe);
    this.attributes = { ...(this.server?.context ?? options.context ?? {}) };
    this.servingServer = this.server?.ready === true;
    this.servedRevision = this.servingServer ? (this.server as ServerState).revision : 0;
    if (this.server !== undefined) {
      const results = resultsOf(this.server);
      if (this.servingServer) this.results = new Map(results);
      this.rendered = { results, status: this.status };
    }
    this.emittedStatus = this.status;
    this.boot = options.static ? Promise.resolve() : this.startEngine();
    this.started = this.boot.then(() => undefined, () => undefined);
  }

  /**
   * Loads the `.wasm` and the persisted ruleset (side by side), starts the engine from the
   * better local ruleset, and fetches. Synchronous from the engine's creation to the first
   * evaluation: nothing else runs in between.
   */
  private async startEngine(): Promise<void> {
    let persisted: Awaited<ReturnType<typeof readPersisted>>;
    let engine: Engine<F> | undefined;
    try {
      [, persisted] = await Promise.all([init(this.options.wasm), this.storage ? readPersisted(this.storage, this.storageKey) : undefined]);
      if (this.closed) return;
      engine = new Engine<F>();
      this.handle = engine.context(this.attributes);
    } catch (e) {
      engine?.free();
      if (!this.closed) this.fail(e as RollgateError);
      throw e;
    }
    this.restore(engine, persisted);
    this.engineRef = engine;
    if (this.caughtUp()) this.servingServer = false;
    this.recompute(true);
    this.updateStatus();
    if (this.options.url !== undefined) {
      const first = this.refresh();
      if (!this.hasRuleset) await first;
    }
  }

  /**
   * Starts `engine` from the persisted ruleset and the bundled one (the state's ruleset, else
   * `bootstrap`) by the core's start-up rule (ADR 0018): the higher revision, the persisted one
   * on a tie.
   */
  private restore(engine: Engine<F>, persisted: Awaited<ReturnType<typeof readPersisted>>): void {
    const fromServer = this.server?.ruleset !== undefined;
    const bundled = fromServer ? this.server?.ruleset : this.options.bootstrap;
    const start = engine.restore(persisted?.ruleset, bundled);
    if (start.choice === "persisted") {
      // The ETag belongs to the persisted text: keep it only when that text is served.
      this.etag = persisted?.etag;
      this.servedText = persisted?.ruleset;
      this.rulesetSource = "storage";
    } else if (start.choice === "bundled") {
      this.servedText = rulesetText(bundled as string | object);
      this.rulesetSource = fromServer ? "server" : "bootstrap";
    }
    if (start.persistedError && this.storage) {
      // A corrupt or incompatible record: drop it rather than trip over it on every start.
      void Promise.resolve().then(() => this.storage?.remove(this.storageKey)).catch(() => undefined);
    }
    if (start.bundledError) this.lastError = start.bundledError as RollgateError;
  }

  /**
   * True when the engine has a ruleset at least as new as the server's values: the values
   * served move to it then, and never before (the page was rendered with the server's).
   */
  private caughtUp(): boolean {
    return this.servingServer && this.rulesetSource !== undefined && (this.engineRef?.revision ?? -1) >= (this.server as ServerState).revision;
  }

  /** The engine could not start: the values stay what they are, and the error is reported. */
  private fail(error: RollgateError): void {
    this.lastError = error;
    this.emit("error", error);
    this.updateStatus();
  }

  /**
   * The engine (for `evaluate`, `explain`, `flag`). Throws `NOT_INITIALIZED` until it is ready
   * (`await client.started`), and always for a static client.
   */
  get engine(): Engine<F> {
    if (this.engineRef === undefined) {
      throw new RollgateError("NOT_INITIALIZED", this.options.static
        ? "a static client has no engine: it answers from its server state only"
        : "the client's engine is not ready yet: `await client.started` (a client of createClientSync answers from the server's values until then)");
    }
    return this.engineRef;
  }

  /** @internal What `serverState` evaluates with: the engine, the server's time now, the ruleset's text. */
  evaluationSource(): { engine: Engine<F>; now: number; text: string | undefined } {
    return { engine: this.engine, now: this.clock.now(), text: this.servedText };
  }

  /** @internal The results and status the server rendered with (`server`): what React hydrates with. */
  get serverSnapshot(): ServerSnapshot | undefined {
    return this.rendered;
  }

  /** The revision of the values served (0: none). */
  get revision(): number {
    return this.servedRevision;
  }

  /** True when the values are real: from the server or a ruleset, not the fallbacks. */
  get hasRuleset(): boolean {
    return this.source() !== "defaults";
  }

  /** True after a failed refresh, until one succeeds. */
  get stale(): boolean {
    return this.isStale;
  }

  /**
   * Milliseconds added to the device's clock to evaluate ramps on the server's, estimated from
   * the ruleset responses' `Date` and `Age` headers (0 until one is read, or when the device's
   * clock agrees with the server's as far as a response can tell).
   */
  get clockOffset(): number {
    return this.clock.offset;
  }

  /** Where the values come from, and whether they are ready, stale or in error; the same object until one of them changes. */
  get status(): ClientStatus {
    return (this.currentStatus = nextStatus(this.currentStatus, this.source(), this.isStale, this.lastError, this.servedRevision));
  }

  private source(): ValueSource {
    if (this.servingServer) return "server";
    // rulesetSource is set when the engine loads a ruleset; lookups without an engine give fallbacks.
    if (this.engineRef !== undefined && this.handle !== undefined && this.rulesetSource !== undefined) return this.rulesetSource;
    return "defaults";
  }

  /** Emits `status` when it changed since the last one emitted. */
  private updateStatus(): void {
    const status = this.status;
    if (status === this.emittedStatus) return;
    this.emittedStatus = status;
    this.emit("status", status);
  }

  /** The current context's attributes. */
  getContext(): ContextAttributes {
    return this.attributes;
  }

  /**
   * Replaces the context and recomputes; returns (and emits as `change`) the flags whose value
   * changed. Other attributes than the server's end its values: until the engine is ready,
   * lookups then give their fallbacks.
   */
  setContext(attributes: ContextAttributes): string[] {
    if (this.closed) throw new RollgateError("CLOSED", "client closed");
    if (this.engineRef !== undefined) {
      const next = this.engineRef.context(attributes); // throws INVALID_CONTEXT, changing nothing
      this.handle?.free();
      this.handle = next;
    }
    const same = sameAttributes(this.attributes, attributes);
    this.attributes = { ...attributes };
    if (!same) {
      this.exposures?.contextChanged();
      this.servingServer = false;
    }
    const changed = this.recompute(true);
    this.updateStatus();
    return changed;
  }

  /** True when the boolean flag `key` serves `true`. */
  isEnabled(key: BooleanFlagKey<F>): boolean {
    const r = this.results.get(key);
    if (r === undefined) return false;
    this.exposures?.read(key, r, this.attributes, this.servedRevision);
    return r.value === true;
  }

  private typed(key: string, type: FlagType): unknown {
    const r = this.results.get(key);
    if (r === undefined) return undefined;
    this.exposures?.read(key, r, this.attributes, this.servedRevision);
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
    if (r === undefined) return (this.hasRuleset ? NOT_FOUND : NOT_READY) as Result;
    this.exposures?.read(key, r, this.attributes, this.servedRevision);
    if (isMismatch(r, type)) return typeMismatch(r) as Result;
    return r as Result;
  }

  /**
   * @internal Every flag's result as served, firing no exposure: what the devtools panel lists
   * (looking is not using).
   */
  allDetails(): ReadonlyMap<string, EvaluationResult> {
    return this.results;
  }

  /** Every flag's value for the current context (fires no exposure). */
  allFlags(): FlagValues<F> {
    const out: Record<string, FlagValue | undefined> = {};
    for (const [k, r] of this.results) out[k] = r.value;
    return out as FlagValues<F>;
  }

  /**
   * Re-evaluates everything on the server's time (nothing while the server's values are
   * served); emits `change` with exactly the flags whose value changed, then `details` with
   * those whose result changed in any field. A result equal to the one served stays the same
   * object.
   */
  private recompute(emit: boolean): string[] {
    if (this.servingServer) return [];
    const now = this.clock.now();
    let next = new Map<string, EvaluationResult>();
    if (this.engineRef !== undefined && this.handle !== undefined && !this.closed) {
      const evaluations = this.engineRef.evaluateAll(this.handle, now);
      next = evaluations.toMap();
      this.servedRevision = evaluations.revision;
    } else {
      this.servedRevision = 0;
    }
    const changed: string[] = [];
    const details: string[] = [];
    for (const [k, r] of next) {
      const before = this.results.get(k);
      if (!sameFlagValue(before?.value, r.value)) changed.push(k);
      if (!sameResult(before, r)) details.push(k);
      else next.set(k, before as EvaluationResult);
    }
    for (const k of this.results.keys()) {
      if (!next.has(k)) {
        changed.push(k);
        details.push(k);
      }
    }
    this.results = next;
    this.scheduleRamp(now);
    if (emit && changed.length > 0) this.emit("change", changed);
    if (emit && details.length > 0) this.emit("details", details);
    return changed;
  }

  private scheduleRamp(now: number): void {
    if (this.rampTimer !== undefined) clearTimeout(this.rampTimer);
    this.rampTimer = undefined;
    if (this.closed || this.engineRef === undefined) return;
    const at = this.engineRef.nextChangeAfter(now);
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
   * ruleset, emit `error` (and `stale` on the first one) and lengthen the poll delay. Before
   * the engine is ready, it waits for it.
   */
  refresh(): Promise<RefreshResult> {
    if (this.closed || this.options.static) return Promise.resolve(this.closed ? "failed" : "not-modified");
    if (this.engineRef === undefined) return this.boot.then(() => this.refresh(), () => "failed" as const);
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
      const sentAt = this.clock.deviceNow();
      const response = await this.get(url, controller.signal);
      // Any response carries the server's time; a new estimate may start or end a ramp step.
      if (this.clock.observe(response.headers, sentAt, this.clock.deviceNow()) && !this.closed) this.recompute(true);
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
      this.lastFetch = { at: this.clock.deviceNow(), result, error: undefined };
      if (this.isStale) {
        this.isStale = false;
        this.emit("fresh");
      }
      this.updateStatus();
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
      this.lastFetch = { at: this.clock.deviceNow(), result: "failed", error };
      this.emit("error", error);
      if (!this.isStale) {
        this.isStale = true;
        this.emit("stale", error);
      }
      this.updateStatus();
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
   * A ruleset older than the server's values (a CDN behind the server that rendered the page)
   * is kept for context changes, while the server's values stay served.
   */
  private async receive(text: string, response: Response, url: string): Promise<RefreshResult> {
    checkRulesetBody(text, response, url);
    const etag = response.headers.get("ETag") ?? undefined;
    if (text === this.servedText) {
      this.etag = etag;
      return "not-modified";
    }
    const engine = this.engine;
    try {
      engine.load(text); // throws INVALID_RULESET / STALE_REVISION
    } catch (e) {
      throw isRollgateError(e) ? fromRequest(e, url) : e;
    }
    this.servedText = text;
    this.rulesetSource = "network";
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
    const fromServer = this.servingServer;
    if (this.caughtUp()) this.servingServer = false;
    if (this.servingServer) return "updated";
    const previousRevision = this.servedRevision;
    this.recompute(true);
    // The server's values replaced by their own revision, evaluated here: no other ruleset.
    if (!fromServer || this.servedRevision !== previousRevision) {
      this.emit("update", { previousRevision, revision: this.servedRevision, source: "network" });
    }
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
      revision: this.servedRevision,
      hasRuleset: this.hasRuleset, stale: this.isStale, source: this.source(), closed: this.closed,
      lastError: this.lastError?.message, context: this.attributes, flags: this.allFlags(),
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
    this.handle?.free();
    this.engineRef?.free();
    this.removeAllListeners();
  }
}
