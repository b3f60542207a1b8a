// The external store the React hooks read (framework-free): per-flag snapshots that keep their
// identity until that flag's result changes, so `useSyncExternalStore` re-renders a component
// only when a flag it reads changes.

import type { FlagClient } from "../flag-client.js";
import { NOT_FOUND, NOT_READY, sameFlagValue, sameResult } from "../results.js";
import { sameStatus, type ClientStatus } from "../status.js";
import type { EvaluationResult, FlagValue } from "../types.js";

/** A client whose keys are plain strings: the store serves every `FlagClient<F>` alike. */
export type AnyFlagClient = FlagClient<{}>;

/** Where the flags come from and whether they can be trusted: what `useRollgateStatus` returns (the client's `status`). */
export type RollgateStatus = ClientStatus;

type Listener = () => void;

/** One flag's snapshot: its result, and its value kept as the same object while it is equal. */
export interface FlagSnapshot {
  readonly details: EvaluationResult;
  readonly value: FlagValue | undefined;
}

/**
 * Snapshots of one client, and listeners per flag, for all flags and for the status. It
 * listens to the client only while something listens to it. While it does, the client's
 * `change` and `details` events (which name the flags) keep the snapshots current; while it
 * does not (before React subscribes, or after every component unmounted), each read asks the
 * client again and keeps the old snapshot when the answer is equal. The server snapshots are
 * what the server rendered with, for a client made from server state: hydration renders them,
 * and React moves to the current ones afterwards when they differ.
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
  private readonly serverSnapshots = new Map<string, FlagSnapshot>();
  private serverValues: Record<string, FlagValue | undefined> | undefined;

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

  /** The client's status (the same object until a field changes). */
  status(): RollgateStatus {
    if (this.statusSnapshot !== undefined && this.attached) return this.statusSnapshot;
    return this.rereadStatus();
  }

  private rereadStatus(): RollgateStatus {
    return (this.statusSnapshot = this.client.status);
  }

  /**
   * The flag as the server rendered it: the current snapshot while the result is the same,
   * else the server's result (for clients without server state, the current snapshot).
   */
  serverFlag(key: string): FlagSnapshot {
    const current = this.flag(key);
    const rendered = this.client.serverSnapshot;
    if (rendered === undefined) return current;
    const details = rendered.results.get(key) ?? (rendered.status.ready ? NOT_FOUND : NOT_READY);
    if (sameResult(current.details, details)) return current;
    let snapshot = this.serverSnapshots.get(key);
    if (snapshot === undefined) this.serverSnapshots.set(key, (snapshot = { details, value: details.value }));
    return snapshot;
  }

  /** Every flag's value as the server rendered them (the current object while they are equal). */
  serverAll(): Record<string, FlagValue | undefined> {
    const current = this.all();
    const rendered = this.client.serverSnapshot;
    if (rendered === undefined) return current;
    if (this.serverValues === undefined) {
      const values: Record<string, FlagValue | undefined> = {};
      for (const [k, r] of rendered.results) values[k] = r.value;
      this.serverValues = values;
    }
    return sameValues(current, this.serverValues) ? current : this.serverValues;
  }

  /** The status the server rendered with (the current object while it is the same). */
  serverStatus(): RollgateStatus {
    const current = this.status();
    const rendered = this.client.serverSnapshot;
    return rendered === undefined || sameStatus(current, rendered.status) ? current : rendered.status;
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
      c.on("status", () => this.changed([], false)),
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
