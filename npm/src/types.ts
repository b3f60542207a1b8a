// Public value types shared by the engine, the client and the OpenFeature provider.

import type { DroppedOverride } from "./overrides.js";

/** A flag's declared type. */
export type FlagType = "boolean" | "string" | "number" | "object";

/** Why a flag has its value (OpenFeature's reasons plus PREREQUISITE_FAILED and OVERRIDE, a local override). */
export type Reason =
  | "STATIC"
  | "TARGETING_MATCH"
  | "SPLIT"
  | "DEFAULT"
  | "DISABLED"
  | "PREREQUISITE_FAILED"
  | "ERROR"
  | "OVERRIDE";

/**
 * Why an evaluation failed (OpenFeature's error codes). `PROVIDER_NOT_READY` comes from the
 * client only: no ruleset is loaded yet (none bundled, persisted or fetched), so no flag can be
 * looked up, which is not the same as a flag the ruleset lacks.
 */
export type EvaluationErrorCode =
  | "PROVIDER_NOT_READY"
  | "FLAG_NOT_FOUND"
  | "TYPE_MISMATCH"
  | "INVALID_CONTEXT"
  | "PARSE_ERROR"
  | "GENERAL";

/** A JSON value (flag values of type `object`, metadata). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A flag value. */
export type FlagValue = boolean | string | number | { readonly [key: string]: JsonValue };

/** A context attribute: string, finite number, boolean, list of those, `Date` (sent as RFC 3339), or null/undefined (absent). */
export type AttributeValue = string | number | boolean | Date | null | undefined | ReadonlyArray<string | number | boolean>;

/** Who is asking: `{ userId, appVersion, platform, ... }`. Flat: nest with dotted names (`"address.country"`). */
export type ContextAttributes = { readonly [name: string]: AttributeValue };

/**
 * The result of one evaluation. Fields that do not apply are `undefined` (a fixed shape keeps
 * the hot path monomorphic; `JSON.stringify` omits them, giving the core's JSON shape).
 * `value` and `metadata` objects are frozen and shared: do not mutate them. `V` is the flag's
 * value type where it is known (a flag declared in `Flags`), else any flag value.
 */
export interface EvaluationResult<V = FlagValue> {
  /** The value served; `undefined` on error (use your default). */
  value: V | undefined;
  /** The variant served. */
  variant: string | undefined;
  /** Why. */
  reason: Reason;
  /** The deciding rule's id (TARGETING_MATCH, SPLIT). */
  ruleId: string | undefined;
  /** Set when `reason` is ERROR. */
  errorCode: EvaluationErrorCode | undefined;
  /** The prerequisite flag that failed (PREREQUISITE_FAILED). */
  failedPrerequisite: string | undefined;
  /** The unit attribute (e.g. `userId`) of a rollout/split skipped because the context lacks it. */
  unitMissing: string | undefined;
  /** The flag's declared type; `undefined` for unknown flags. */
  type: FlagType | undefined;
  /** The flag's metadata (owner, description, tags, ...); `undefined` when empty. */
  metadata: { readonly [key: string]: JsonValue } | undefined;
}

/** Facts about one flag. */
export interface FlagInfo {
  /** The key. */
  key: string;
  /** The declared type. */
  type: FlagType;
  /** False when switched off (kill switch). */
  enabled: boolean;
  /** Variant names and their values. */
  variants: { [name: string]: FlagValue };
  /** Metadata object. */
  metadata: { [key: string]: JsonValue };
}

/** What a successful ruleset load did. */
export interface LoadOutcome {
  /** Revision before. */
  previousRevision: number;
  /** Revision now. */
  revision: number;
  /** The local overrides this ruleset could not keep (`FLAG_REMOVED`, `VARIANT_REMOVED`). */
  droppedOverrides: DroppedOverride[];
}

/** What `Engine.restore` started from, and why a candidate could not be served. */
export interface RestoreOutcome {
  /** The ruleset now served: the persisted one, the bundled one, or none (revision 0). */
  choice: "persisted" | "bundled" | "empty";
  /** `INVALID_RULESET` for a persisted ruleset that could not be served. */
  persistedError?: Error;
  /** `INVALID_RULESET` for a bundled ruleset that could not be served. */
  bundledError?: Error;
}
