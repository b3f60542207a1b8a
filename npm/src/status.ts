// Where a client's values come from and whether they can be trusted: one snapshot object that
// keeps its identity until a field changes, so that a view can compare it by reference.

import type { RollgateError } from "./errors.js";

/**
 * Where the values being served come from:
 * - `server`: computed by the server for this page (`createClientSync({ server })`), or the
 *   ruleset the server put into the page, evaluated here;
 * - `bootstrap`: the ruleset given as `bootstrap`;
 * - `storage`: the last good ruleset persisted on this device;
 * - `network`: the ruleset fetched from `url`;
 * - `defaults`: nothing yet: every lookup gives its fallback.
 */
export type ValueSource = "server" | "bootstrap" | "storage" | "network" | "defaults";

/** A client's state as one value: what `client.status` and `useRollgateStatus()` give. */
export interface ClientStatus {
  /** Where the values come from. */
  readonly source: ValueSource;
  /** True when the values are real (any source but `defaults`): lookups no longer give fallbacks. */
  readonly ready: boolean;
  /** True after a failed refresh, until one succeeds: the values may be out of date. */
  readonly stale: boolean;
  /** The last error (a refresh, the `.wasm`), cleared by a successful refresh. */
  readonly error: RollgateError | undefined;
  /** The revision of the values served (0: none). */
  readonly revision: number;
}

/** True when two statuses say the same (`ready` follows from `source`). */
export function sameStatus(a: ClientStatus, b: Omit<ClientStatus, "ready">): boolean {
  return a.source === b.source && a.stale === b.stale && a.error === b.error && a.revision === b.revision;
}

/** The status of these facts: `previous` itself when every field is equal, else a new frozen object. */
export function nextStatus(previous: ClientStatus | undefined, source: ValueSource, stale: boolean, error: RollgateError | undefined, revision: number): ClientStatus {
  if (previous !== undefined && sameStatus(previous, { source, stale, error, revision })) return previous;
  return Object.freeze({ source, ready: source !== "defaults", stale, error, revision });
}
