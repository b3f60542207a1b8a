// Decoding the compact result records the WASM side writes (layout: wasm/src/record.rs).

import type { EvaluationErrorCode, EvaluationResult, FlagType, Reason } from "./types.js";

/** `i32` slots per record. */
export const STRIDE = 8;

// 1-based tables; index 0 = absent. Order must match wasm/src/record.rs.
const REASONS: (Reason | undefined)[] = [undefined, "STATIC", "TARGETING_MATCH", "SPLIT", "DEFAULT", "DISABLED", "PREREQUISITE_FAILED", "ERROR"];
const ERRORS: (EvaluationErrorCode | undefined)[] = [undefined, "FLAG_NOT_FOUND", "TYPE_MISMATCH", "INVALID_CONTEXT", "PARSE_ERROR", "GENERAL"];
const TYPES: (FlagType | undefined)[] = [undefined, "boolean", "string", "number", "object"];

/** The 1-based code of a flag type (0: any), as the WASM side expects it. */
export function typeCode(type: FlagType | undefined): number {
  return type === undefined ? 0 : TYPES.indexOf(type);
}

/**
 * Builds the result of record `o` (an offset in `i32`s) of `v`, resolving ids through `table`
 * (the per-ruleset interned strings, values and metadata; `table[0]` is `undefined`).
 */
export function decode(v: Int32Array, o: number, table: unknown[]): EvaluationResult {
  const codes = v[o];
  return {
    value: table[v[o + 2]] as EvaluationResult["value"],
    variant: table[v[o + 1]] as string | undefined,
    reason: REASONS[codes & 15] as Reason,
    ruleId: table[v[o + 3]] as string | undefined,
    errorCode: ERRORS[(codes >> 4) & 15],
    failedPrerequisite: table[v[o + 4]] as string | undefined,
    unitMissing: table[v[o + 5]] as string | undefined,
    type: TYPES[(codes >> 8) & 15],
    metadata: table[v[o + 6]] as EvaluationResult["metadata"],
  };
}

/** Deep-freezes interned objects: they are shared by every result that refers to them. */
export function freeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) freeze(v);
  }
  return value;
}
