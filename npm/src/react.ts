// `rollgate/react`: a provider and hooks over a client (the real one or the test client), built
// on `useSyncExternalStore`. A component re-renders only when a flag it reads changes. The
// server snapshot is what the server rendered with (a client made from server state), else the
// client's answer: rendering on a server (`renderToString`) works, and hydration matches it.
// Imports nothing of the engine: the app creates the client (`createClient`) and passes it in.

import { createContext, createElement, useCallback, useContext, useMemo, useSyncExternalStore, type ReactElement, type ReactNode } from "react";
import { RollgateError } from "./errors.js";
import type { FlagClient } from "./flag-client.js";
import type { FlagKey, FlagValueOf, FlagValues, Flags } from "./flags.js";
import { typeMismatch } from "./results.js";
import { storeFor, type AnyFlagClient, type FlagSnapshot, type FlagStore, type RollgateStatus } from "./react/store.js";
import type { EvaluationResult, FlagType, FlagValue } from "./types.js";

export type { RollgateStatus } from "./react/store.js";

const StoreContext = createContext<FlagStore | undefined>(undefined);

/**
 * Props of `RollgateProvider`. The hooks are typed by `Flags`, the app's declared key set, so
 * the client is one of that key set.
 */
export interface RollgateProviderProps {
  /** The client the hooks below read: `createClient(...)`'s, or `createTestClient(...)` in tests. */
  client: FlagClient<Flags>;
  /** The app. */
  children?: ReactNode;
}

/**
 * Makes `client` the one the hooks below read. Create the client before rendering (`await
 * createClient(...)`): the hooks answer synchronously from it.
 */
export function RollgateProvider({ client, children }: RollgateProviderProps): ReactElement {
  return createElement(StoreContext.Provider, { value: storeFor(client as unknown as AnyFlagClient) }, children);
}

function useStore(hook: string): FlagStore {
  const store = useContext(StoreContext);
  if (store === undefined) {
    throw new RollgateError("NO_PROVIDER", `${hook} needs a client: render it inside <RollgateProvider client={...}>`);
  }
  return store;
}

/** The client of the nearest `RollgateProvider` (to call `setContext`, `refresh`, ...). */
export function useRollgateClient(): FlagClient<Flags> {
  return useStore("useRollgateClient").client as unknown as FlagClient<Flags>;
}

/** A literal type widened to its kind: a fallback of `false` stands for a boolean flag. */
export type Widen<T> = T extends boolean ? boolean : T extends string ? string : T extends number ? number : T;

/** The value type `useFlag(key, fallback)` returns: the declared one, else the fallback's kind. */
export type FlagResult<K, T> = FlagValueOf<K, Widen<T>>;

/** A result whose `value` is always set: the fallback when the flag has none of the expected type. */
export type FlagDetails<V> = EvaluationResult<V> & { value: V };

function typeOf(fallback: FlagValue): FlagType {
  return typeof fallback === "object" ? "object" : (typeof fallback as FlagType);
}

function useKeySubscription(store: FlagStore, key: string): (listener: () => void) => () => void {
  return useCallback((listener: () => void) => store.subscribeKey(key, listener), [store, key]);
}

// `useFlag`'s snapshot when the flag has no value of the fallback's type. A value of its own (not
// `undefined`, not the fallback): the fallback may be a new object on every render, and a
// snapshot must stay the same while nothing changed.
const NO_VALUE = Symbol("no value");

/**
 * A flag's value, or `fallback` when it has none of the fallback's type (unknown flag, another
 * type, no ruleset). The fallback's type says which type is expected (`false` → boolean). The
 * component re-renders only when this flag's value changes.
 */
export function useFlag<K extends FlagKey, T extends FlagValueOf<K>>(key: K, fallback: T): FlagResult<K, T> {
  const store = useStore("useFlag");
  const type = typeOf(fallback as FlagValue);
  const pick = ({ details, value }: FlagSnapshot): FlagValue | typeof NO_VALUE =>
    details.type === type && value !== undefined ? value : NO_VALUE;
  const value = useSyncExternalStore(useKeySubscription(store, key), () => pick(store.flag(key)), () => pick(store.serverFlag(key)));
  return (value === NO_VALUE ? fallback : value) as FlagResult<K, T>;
}

/**
 * A flag's full result (variant, reason, rule, error code, metadata); `value` is the fallback
 * when the flag has none of the fallback's type, and then `reason` is ERROR with the
 * `errorCode` saying why (`FLAG_NOT_FOUND`, `TYPE_MISMATCH`, `PROVIDER_NOT_READY`). Re-renders
 * when any field of this flag's result changes.
 */
export function useFlagDetails<K extends FlagKey, T extends FlagValueOf<K>>(key: K, fallback: T): FlagDetails<FlagResult<K, T>> {
  const store = useStore("useFlagDetails");
  const type = typeOf(fallback as FlagValue);
  const details = useSyncExternalStore(useKeySubscription(store, key), () => store.flag(key).details, () => store.serverFlag(key).details);
  return useMemo(() => {
    if (details.value === undefined) return { ...details, value: fallback };
    if (details.type !== type) return { ...typeMismatch(details), value: fallback };
    return details;
  }, [details, type, fallback]) as FlagDetails<FlagResult<K, T>>;
}

/** Every flag's value (fires no exposure). Re-renders when any flag's value changes. */
export function useFlags(): FlagValues<Flags> {
  const store = useStore("useFlags");
  const subscribe = useCallback((listener: () => void) => store.subscribeAll(listener), [store]);
  return useSyncExternalStore(subscribe, () => store.all(), () => store.serverAll()) as FlagValues<Flags>;
}

/**
 * Where the flags come from and whether they can be trusted (the client's `status`): `source`
 * (`server`, `bootstrap`, `storage`, `network`, `defaults`), `ready` (the values are real),
 * `stale` (the last refresh failed), `error` (why) and `revision`. Re-renders when one of them
 * changes.
 */
export function useRollgateStatus(): RollgateStatus {
  const store = useStore("useRollgateStatus");
  const subscribe = useCallback((listener: () => void) => store.subscribeStatus(listener), [store]);
  return useSyncExternalStore(subscribe, () => store.status(), () => store.serverStatus());
}
