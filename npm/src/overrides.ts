// Local overrides on the client's side: the option that turns them on, where they are persisted,
// and the `?rollgate=flag:variant,...` URL parameter a QA engineer shares. Forcing the variant
// itself is the core's (`Engine.setOverride`); this module only decides which overrides the
// client asks the engine for, and keeps them across page loads.

import { RollgateError } from "./errors.js";
import type { FlagStorage } from "./storage.js";

/** The client's `overrides` option. Off unless the app turns it on (e.g. in development builds). */
export interface OverrideOptions {
  /** Allows `setOverride`, reads persisted overrides and the URL parameter. */
  enabled: boolean;
  /** Keeps the overrides in the client's storage across page loads. Default `true`. */
  persist?: boolean;
  /** The query parameter read at start (`?rollgate=flag:variant,flag2:variant`); `false`: none. Default `"rollgate"`. */
  urlParam?: string | false;
}

/**
 * Why an override was dropped: the new ruleset no longer has its flag (`FLAG_REMOVED`) or its
 * variant (`VARIANT_REMOVED`); or one from storage or the URL names a flag (`UNKNOWN_FLAG`) or
 * a variant (`UNKNOWN_VARIANT`) that the ruleset served does not have.
 */
export type DropReason = "FLAG_REMOVED" | "VARIANT_REMOVED" | "UNKNOWN_FLAG" | "UNKNOWN_VARIANT";

/** An override that was dropped, as the `overrides` event reports it. */
export interface DroppedOverride {
  /** The flag. */
  key: string;
  /** The variant it was forced to. */
  variant: string;
  /** Why it is gone. */
  reason: DropReason;
}

/** What the `overrides` event carries: the overrides now in force, and those just dropped. */
export interface OverridesChange {
  /** Every override in force, flag → variant. */
  overrides: Record<string, string>;
  /** Overrides removed by a ruleset update (or not applicable at start); empty otherwise. */
  dropped: DroppedOverride[];
}

/** The storage key of the overrides, next to the ruleset's. */
export function overridesKey(storageKey: string): string {
  return `${storageKey}:overrides`;
}

/** The persisted overrides; anything unreadable reads as none. */
export async function readOverrides(storage: FlagStorage, key: string): Promise<Record<string, string>> {
  try {
    const text = await storage.get(key);
    const record = text ? (JSON.parse(text) as { v?: unknown; overrides?: unknown }) : undefined;
    const out: Record<string, string> = {};
    if (record?.v === 1 && record.overrides !== null && typeof record.overrides === "object") {
      for (const [flag, variant] of Object.entries(record.overrides)) if (typeof variant === "string") out[flag] = variant;
    }
    return out;
  } catch {
    return {};
  }
}

/** Persists `overrides` (removes the record when there are none); a failing storage is returned, never thrown. */
export async function writeOverrides(storage: FlagStorage, key: string, overrides: Record<string, string>): Promise<unknown> {
  try {
    if (Object.keys(overrides).length === 0) await storage.remove(key);
    else await storage.set(key, JSON.stringify({ v: 1, overrides }));
    return undefined;
  } catch (e) {
    return e;
  }
}

/**
 * The overrides of the page's URL: `?<param>=flag:variant,flag2:variant` (the variant after the
 * first `:`). Entries without a flag or a variant are returned as `invalid`, to be reported.
 */
export function urlOverrides(search: string, param: string): { overrides: Record<string, string>; invalid: string[] } {
  const overrides: Record<string, string> = {};
  const invalid: string[] = [];
  const value = new URLSearchParams(search).get(param);
  if (!value) return { overrides, invalid };
  for (const entry of value.split(",")) {
    const at = entry.indexOf(":");
    if (at <= 0 || at === entry.length - 1) invalid.push(entry);
    else overrides[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return { overrides, invalid };
}

/** The page's query string, or `""` where there is no page (Node, workers without `location`). */
export function pageSearch(): string {
  const location = (globalThis as { location?: { search?: unknown } }).location;
  return typeof location?.search === "string" ? location.search : "";
}

/** OVERRIDES_DISABLED: thrown by `setOverride` on a client whose overrides are off. */
export function overridesDisabled(): RollgateError {
  return new RollgateError("OVERRIDES_DISABLED", "local overrides are off: create the client with `overrides: { enabled: true }`");
}
