// What the devtools panel shows, as plain data read from a client (no DOM): every flag's row,
// the filter, the client's state, and the capabilities the client may or may not have
// (overrides, explain), detected rather than assumed, so the panel works with any client.

import type { LastFetch } from "../client.js";
import type { RollgateError } from "../errors.js";
import type { FlagClient } from "../flag-client.js";
import type { ClientStatus } from "../status.js";
import type { ContextAttributes, EvaluationResult, FlagValue } from "../types.js";

/**
 * Local overrides, as a client that supports them offers them. The panel shows its override
 * controls only for a client that has all four methods.
 */
export interface OverrideControls {
  /** Forces `key` to serve `variant` on this client. */
  setOverride(key: string, variant: string): unknown;
  /** Removes the override of `key`. */
  clearOverride(key: string): unknown;
  /** Removes every override. */
  clearOverrides(): unknown;
  /** The overrides in force: flag key → variant. */
  overrides(): Record<string, string>;
}

/** Any client the panel can show: the real one, the test client, or a wrapper of either. */
// `any`: the panel reads a client of any key set (an app's declared `Flags` included).
export type DevtoolsClient = FlagClient<any>;

/** What the panel may find on a client beyond `FlagClient`, each feature-detected. */
interface Optional {
  allDetails?: () => ReadonlyMap<string, EvaluationResult>;
  lastFetch?: LastFetch;
  explain?: (key: string) => unknown;
  engine?: {
    flag(key: string): { variants: { [name: string]: FlagValue } } | undefined;
    explain(key: string, context: ContextAttributes, now: number): unknown;
  };
}

/** One flag as the panel lists it. */
export interface FlagRow {
  /** The flag key. */
  readonly key: string;
  /** The result served to the current context. */
  readonly result: EvaluationResult;
  /** The variant names an override can choose from (empty when the client cannot say). */
  readonly variants: readonly string[];
  /** The variant this flag is overridden to, if it is. */
  readonly override: string | undefined;
}

/** The client's override methods, or undefined when it has none (overrides are then not offered). */
export function overrideControls(client: DevtoolsClient): OverrideControls | undefined {
  const c = client as unknown as Partial<OverrideControls>;
  const all = [c.setOverride, c.clearOverride, c.clearOverrides, c.overrides].every((f) => typeof f === "function");
  return all ? (client as unknown as OverrideControls) : undefined;
}

/**
 * Every flag's result as served. The real client hands them over without firing exposures (a
 * look in the panel is not a use of the flag); another client is asked flag by flag.
 */
function results(client: DevtoolsClient): ReadonlyMap<string, EvaluationResult> {
  const own = (client as Optional).allDetails;
  if (typeof own === "function") return own.call(client);
  return new Map(Object.keys(client.allFlags()).map((key) => [key, client.getDetails(key)]));
}

/** The variant names of `key`, from the client's engine; none while it has no engine. */
function variantsOf(client: DevtoolsClient, key: string): string[] {
  try {
    const info = (client as Optional).engine?.flag(key);
    return info === undefined ? [] : Object.keys(info.variants);
  } catch {
    return []; // NOT_INITIALIZED: no engine yet (or a static client)
  }
}

/** Every flag of the client, sorted by key. */
export function flagRows(client: DevtoolsClient): FlagRow[] {
  const overrides = overrideControls(client)?.overrides() ?? {};
  return [...results(client)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, result]) => ({ key, result, variants: variantsOf(client, key), override: overrides[key] }));
}

/** True when the row's key contains the search text (case-insensitive; blank matches all). */
export function matches(row: FlagRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === "" || row.key.toLowerCase().includes(q);
}

/** A value as the panel prints it: JSON, or `—` for none. */
export function valueText(value: FlagValue | undefined): string {
  return value === undefined ? "—" : JSON.stringify(value);
}

/** The reason, with the error code when there is one (`ERROR FLAG_NOT_FOUND`). */
export function reasonText(result: EvaluationResult): string {
  return result.errorCode === undefined ? result.reason : `${result.reason} ${result.errorCode}`;
}

/** What decided: the rule, the failed prerequisite, or the missing unit attribute. */
export function ruleText(result: EvaluationResult): string {
  if (result.ruleId !== undefined) return result.ruleId;
  if (result.failedPrerequisite !== undefined) return `prerequisite ${result.failedPrerequisite}`;
  if (result.unitMissing !== undefined) return `no ${result.unitMissing}`;
  return "—";
}

/** The status in one line: `network · ready · revision 7` (with `stale` when it is). */
export function statusText(status: ClientStatus): string {
  return [status.source, status.ready ? "ready" : "not ready", ...(status.stale ? ["stale"] : []), `revision ${status.revision}`].join(" · ");
}

/** An error as `CODE: message`. */
export function errorText(error: RollgateError | undefined): string {
  return error === undefined ? "none" : `${error.code}: ${error.message}`;
}

/**
 * The last fetch: `12:04:05 UTC updated`, `12:04:05 UTC failed (HTTP_ERROR)`; `none yet` before the
 * first one ends, and `—` for a client that does not report it.
 */
export function lastFetchText(client: DevtoolsClient): string {
  if (!("lastFetch" in client)) return "—";
  const last = (client as Optional).lastFetch;
  if (last === undefined) return "none yet";
  const time = `${new Date(last.at).toISOString().slice(11, 19)} UTC`;
  return last.error === undefined ? `${time} ${last.result}` : `${time} ${last.result} (${last.error.code})`;
}

/** The context's attributes as `name = JSON value` lines, in key order. */
export function contextLines(context: ContextAttributes): string[] {
  return Object.keys(context).sort().filter((name) => context[name] !== undefined)
    .map((name) => `${name} = ${JSON.stringify(context[name])}`);
}

/**
 * The explain trace of `key` for the client's current context: `client.explain(key)` when the
 * client has it, else its engine's `explain` at the client's (server-corrected) time. Awaits
 * the answer, so an explain that is synchronous and one that loads a debug module first both
 * work. Rejects with the client's error (`NOT_INITIALIZED` before the engine is ready).
 */
export async function explainFor(client: DevtoolsClient, key: string): Promise<unknown> {
  const c = client as Optional;
  if (typeof c.explain === "function") return await c.explain.call(client, key);
  const engine = c.engine;
  if (engine === undefined) throw new Error("this client cannot explain its flags (it has no engine)");
  return await engine.explain(key, client.getContext(), Date.now() + client.clockOffset);
}
