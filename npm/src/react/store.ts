// The external store the React hooks read (framework-free): per-flag snapshots that keep their
// identity until that flag's result changes, so `useSyncExternalStore` re-renders a component
// only when a flag it reads changes.

import type { RollgateError } from "../errors.js";
import type { FlagClient } from "../flag-client.js";
import { sameFlagValue, sameResult } from "../results.js";
import type { EvaluationResult, FlagValue } from "../types.js";

/** A client whose keys are plain strings: the store serves every `FlagClient<F>` alike. */
export type AnyFlagClient = FlagClient<{}>;

/** Where the flags come from and whether they can be trusted: what `useRollgateStatus` returns. */
export interface RollgateStatus {
  /** True once a ruleset is loaded: values are the ruleset's, not the fallbacks. */
  readonly ready: boolean;
  /** True after a failed refresh, until one succeeds: values may be out of date. */
  readonly stale: boolean;
  /** The last refresh error (`lastError`), cleared by a success. */
  readonly error: RollgateError | undefined;
  /** The revision being served. */
  readonly revision: number;
}

type Listener = () => void;

/** One flag's snapshot: its result, and its value kept as the same object while it is equal. */
export interface FlagSnapshot {
  readonly details: EvaluationResult;
  readonly value: FlagValue | undefined;
}

// The client events after which a status field may differ (besides `change` and `details`).
const STATUS_EVENTS = ["update", "error", "stale", "fresh"] as const;

/**
 * Snapshots of one client, and listeners per flag, for all flags and for the status. It
 * listens to the client only while something listens to it. While it does, the client's
 * `change` and `details` events (which name the flags) keep the snapshots current; while it
 * does not (before React subscribes, or after every component unmounted), each read asks the
 * client again and keeps the old snapshot when the answer is equal.
 */
export class FlagStore {
  /** The client the snapshots are taken from. */
  readonly client: AnyFlagClient;
  private readonly snapshots = new Map<string, FlagSnapshot>();
  private readonly keyListeners = new Map<string, Set<Listener>>();
  private readonly allListeners = new Set<Listener>();
  private readonly statusListeners = new Set<Listener>();
  private listenerCount = 0;
  private unsubscribe: (() => void)[] | undefined;
  private values: Record<string, FlagValue | undefined> | undefined;
  private statusSnapshot: RollgateStatus | undefined;

  /** Use `storeFor(client)`: one store per client. */
  constructor(client: AnyFlagClient) {
    this.client = client;
  }

  private get attached(): boolean {
    return this.unsubscribe !== undefined;
  }

  /**
   * The flag's result, the same object until the result changes, and its value, the same
   * object until the value changes.
   */
  flag(key: string): FlagSnapshot {
    const cached = this.snapshots.get(key);
    if (cached !== undefined && this.attached) return cached;
    return this.reread(key, cached);
  }

  /** Asks the client for one flag again; returns `cached` itself when nothing changed. */
  private reread(key: string, cached: FlagSnapshot | undefined): FlagSnapshot {
    const details = this.client.getDetails(key) as EvaluationResult;
    if (cached !== undefined && sameResult(cached.details, details)) return cached;
    const value = cached !== undefined && sameFlagValue(cached.value, details.value) ? cached.value : details.value;
    const snapshot = { details, value };
    this.snapshots.set(key, snapshot);
    return snapshot;
  }

  /** Every flag's value (`allFlags()`); the same object until a value changes. */
  all(): Record<string, FlagValue | undefined> {
    if (this.values !== undefined && this.attached) return this.values;
    return this.rereadAll();
  }

  private rereadAll(): Record<string, FlagValue | undefined> {
    const next = this.client.allFlags() as Record<string, FlagValue | undefined>;
    if (this.values === undefined || !sameValues(this.values, next)) this.values = next;
    return this.values;
  }

  /** Ready, stale, error and revision; the same object until one of them changes. */
  status(): RollgateStatus {
    if (this.statusSnapshot !== undefined && this.attached) return this.statusSnapshot;
    return this.rereadStatus();
  }

  private rereadStatus(): RollgateStatus {
    const c = this.client;
    const s = this.statusSnapshot;
    if (s !== undefined && s.ready === c.hasRuleset && s.stale === c.stale && s.error === c.lastError && s.revision === c.revision) return s;
    return (this.statusSnapshot = { ready: c.hasRuleset, stale: c.stale, error: c.lastError, revision: c.revision });
  }

  /** Calls `listener` when flag `key`'s result changes; returns the unsubscribe function. */
  subscribeKey(key: string, listener: Listener): () => void {
    let set = this.keyListeners.get(key);
    if (set === undefined) this.keyListeners.set(key, (set = new Set()));
    return this.add(set, listener);
  }

  /** Calls `listener` when any flag's value changes. */
  subscribeAll(listener: Listener): () => void {
    return this.add(this.allListeners, listener);
  }

  /** Calls `listener` when the status changes. */
  subscribeStatus(listener: Listener): () => void {
    return this.add(this.statusListeners, listener);
  }

  private add(set: Set<Listener>, listener: Listener): () => void {
    set.add(listener);
    if (this.listenerCount++ === 0) this.attach();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(listener);
      if (--this.listenerCount === 0) this.detach();
    };
  }

  private attach(): void {
    const c = this.client;
    this.unsubscribe = [
      c.on("change", (keys) => this.changed(keys, true)),
      c.on("details", (keys) => this.changed(keys, true)),
      ...STATUS_EVENTS.map((e) => c.on(e, () => this.changed([], false))),
    ];
    // Events were not heard while detached: check every snapshot once.
    this.changed([...this.snapshots.keys()], true);
  }

  private detach(): void {
    for (const off of this.unsubscribe ?? []) off();
    this.unsubscribe = undefined;
  }

  /**
   * Rereads the snapshots of `keys`, all values (when `values` may have changed) and the
   * status; then calls the listeners of exactly those that changed, once every snapshot is
   * current.
   */
  private changed(keys: readonly string[], values: boolean): void {
    const notify: Listener[] = [];
    for (const key of keys) {
      const cached = this.snapshots.get(key);
      if (cached === undefined) continue; // nobody has read it
      if (this.reread(key, cached) !== cached) notify.push(...(this.keyListeners.get(key) ?? []));
    }
    const all = this.values;
    if (values && all !== undefined && this.rereadAll() !== all) notify.push(...this.allListeners);
    const status = this.statusSnapshot;
    if (status !== undefined && this.rereadStatus() !== status) notify.push(...this.statusListeners);
    for (const listener of notify) listener();
  }
}

function sameValues(a: Record<string, FlagValue | undefined>, b: Record<string, FlagValue | undefined>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!(k in b) || !sameFlagValue(a[k], b[k])) return false;
  return true;
}

const stores = new WeakMap<object, FlagStore>();

/** The store of `client` (made on first use; one per client, so providers of one client share it). */
export function storeFor(client: AnyFlagClient): FlagStore {
  let store = stores.get(client);
  if (store === undefined) stores.set(client, (store = new FlagStore(client)));
  return store;
}
