// The interface app code reads flags through. The real client (`createClient`) and the test
// client (`rollgate/testing`) both implement it, and the React provider and the OpenFeature
// provider take either: code typed against `FlagClient` runs unchanged in tests.

import type { ClientEvents, RefreshResult } from "./client.js";
import type { RollgateError } from "./errors.js";
import type {
  BooleanFlagKey, FlagKey, FlagValueOf, FlagValues, Flags, JsonObject, NumberFlagKey, ObjectFlagKey, StringFlagKey,
} from "./flags.js";
import type { ClientStatus } from "./status.js";
import type { ContextAttributes, EvaluationResult, FlagType, FlagValue } from "./types.js";

/**
 * What a server rendered a page with: the results and status a client made from its state
 * (`createClientSync({ server })`) started with. React hydrates with it (the server snapshot of
 * `useSyncExternalStore`), so hydration matches the server's HTML even when the engine has
 * taken over by then.
 */
export interface ServerSnapshot {
  /** The server's results, by flag. */
  readonly results: ReadonlyMap<string, EvaluationResult>;
  /** The status the client started with. */
  readonly status: ClientStatus;
}

/**
 * Flags for one context, kept up to date, and the events that say when they change. `F` is the
 * typed key set (`Flags`, augmented by the app): while it declares no flag, every key is a
 * string. The real client adds `engine` (the WASM engine under it) and `nextPollDelay`, which a
 * test double has no use for.
 */
export interface FlagClient<F = Flags> {
  /** The revision being served (0 before the first ruleset). */
  readonly revision: number;
  /** True when the values are real (from the server or a ruleset), not the fallbacks. */
  readonly hasRuleset: boolean;
  /** True after a failed refresh, until one succeeds. */
  readonly stale: boolean;
  /** The last error (a refresh, the `.wasm`), cleared by a successful refresh. */
  readonly lastError: RollgateError | undefined;
  /** Where the values come from, and whether they are ready, stale or in error (event: `status`). */
  readonly status: ClientStatus;
  /** Resolves once the client's engine has taken over (never rejects). */
  readonly started: Promise<void>;
  /** Milliseconds added to the device's clock to evaluate ramps on the server's. */
  readonly clockOffset: number;
  /** @internal What the server rendered with, for a client made from server state. */
  readonly serverSnapshot?: ServerSnapshot | undefined;

  /** The current context's attributes. */
  getContext(): ContextAttributes;
  /** Replaces the context; returns (and emits as `change`) the flags whose value changed. */
  setContext(attributes: ContextAttributes): string[];

  /** True when the boolean flag `key` serves `true`. */
  isEnabled(key: BooleanFlagKey<F>): boolean;
  /** A boolean flag's value, or `fallback` (unknown flag, other type, error). */
  getBoolean(key: BooleanFlagKey<F>, fallback: boolean): boolean;
  /** A string flag's value, or `fallback`; typed as the flag's declared values. */
  getString<K extends StringFlagKey<F>>(key: K, fallback: FlagValueOf<K, string, F>): FlagValueOf<K, string, F>;
  /** A number flag's value, or `fallback`. */
  getNumber<K extends NumberFlagKey<F>>(key: K, fallback: FlagValueOf<K, number, F>): FlagValueOf<K, number, F>;
  /** An object flag's value (frozen), or `fallback`. */
  getObject<K extends ObjectFlagKey<F>, T extends FlagValueOf<K, JsonObject, F> = FlagValueOf<K, JsonObject, F>>(
    key: K, fallback: T): FlagValueOf<K, T, F>;
  /**
   * The full result for a flag (value, variant, reason, rule, error code, metadata). With
   * `type`, a flag of another type gives ERROR / TYPE_MISMATCH.
   */
  getDetails<K extends FlagKey<F>>(key: K, type?: FlagType): EvaluationResult<FlagValueOf<K, FlagValue, F>>;
  /** Every flag's value for the current context (fires no exposure). */
  allFlags(): FlagValues<F>;

  /** Fetches the ruleset now; never throws (failures are events and `lastError`). */
  refresh(): Promise<RefreshResult>;
  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): () => void;
  /** Removes a listener. */
  off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): void;
  /** Stops timers and requests; lookups keep answering from the last values. */
  close(): void;
}
