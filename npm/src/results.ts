// Results every client gives the same way: the error results of a lookup, and the equality of
// values and results (what counts as a change for the `change` and `details` events, and for
// the React hooks' snapshots).

import type { EvaluationResult, FlagType } from "./types.js";

/** A lookup of a flag the ruleset does not have. */
export const NOT_FOUND: EvaluationResult = Object.freeze({
  value: undefined, variant: undefined, reason: "ERROR", ruleId: undefined, errorCode: "FLAG_NOT_FOUND",
  failedPrerequisite: undefined, unitMissing: undefined, type: undefined, metadata: undefined,
}) as EvaluationResult;

/** Every lookup's answer while no ruleset is loaded: not "no such flag", but "nothing to ask yet". */
export const NOT_READY: EvaluationResult = Object.freeze({ ...NOT_FOUND, errorCode: "PROVIDER_NOT_READY" }) as EvaluationResult;

/** The answer to a lookup that expected `type` from a flag `r` of another type (ERROR / TYPE_MISMATCH). */
export function typeMismatch(r: EvaluationResult<unknown>): EvaluationResult {
  return { ...NOT_FOUND, errorCode: "TYPE_MISMATCH", type: r.type, metadata: r.metadata };
}

/** True when a result `r` of a lookup that expected `type` is of another type. */
export function isMismatch(r: EvaluationResult<unknown>, type: FlagType | undefined): boolean {
  return type !== undefined && r.type !== type;
}

/** True when two flag values are equal (objects by their JSON: a new ruleset decodes new objects). */
export function sameFlagValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  return typeof x === "object" && typeof y === "object" && x !== null && y !== null && JSON.stringify(x) === JSON.stringify(y);
}

/** True when two results say the same thing in every field (value, variant, reason, rule, error, metadata). */
export function sameResult(a: EvaluationResult<unknown> | undefined, b: EvaluationResult<unknown> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.variant === b.variant && a.reason === b.reason && a.ruleId === b.ruleId && a.errorCode === b.errorCode &&
    a.failedPrerequisite === b.failedPrerequisite && a.unitMissing === b.unitMissing && a.type === b.type &&
    sameFlagValue(a.value, b.value) && (a.metadata === b.metadata || sameFlagValue(a.metadata, b.metadata));
}
