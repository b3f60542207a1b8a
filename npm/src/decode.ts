// Decoding the compact result records the WASM side writes. The layout is wasm/src/record.rs's,
// generated into ./layout.ts: this module reads records only through it.

import type { EvaluationResult, FlagType, Reason } from "./types.js";
import * as layout from "./layout.js";

export { STRIDE } from "./layout.js";

// Module-local copies: V8's optimizing compiler folds a module's own constants into the code,
// but loads (and checks) an imported binding on every use, which doubled decode's machine code.
const {
  SLOT_CODES,
  SLOT_VARIANT,
  SLOT_VALUE,
  SLOT_RULE,
  SLOT_PREREQUISITE,
  SLOT_UNIT,
  SLOT_METADATA,
  CODE_MASK,
  REASON_SHIFT,
  ERROR_SHIFT,
  TYPE_SHIFT,
  REASONS,
  ERROR_CODES,
  TYPES,
} = layout;

/** The 1-based code of a flag type (0: any), as the WASM side expects it. */
export function typeCode(type: FlagType | undefined): number {
  return type === undefined ? 0 : TYPES.indexOf(type);
}

/** The value of record `o` of `v` alone (see {@link decode}). */
export function decodeValue(v: Int32Array, o: number, table: unknown[]): EvaluationResult["value"] {
  return table[v[o + SLOT_VALUE]] as EvaluationResult["value"];
}

/**
 * Builds the result of record `o` (an offset in `i32`s) of `v`, resolving ids through `table`
 * (the per-ruleset interned strings, values and metadata; `table[0]` is `undefined`).
 */
export function decode(v: Int32Array, o: number, table: unknown[]): EvaluationResult {
  const codes = v[o + SLOT_CODES];
  return {
    value: table[v[o + SLOT_VALUE]] as EvaluationResult["value"],
    variant: table[v[o + SLOT_VARIANT]] as string | undefined,
    reason: REASONS[(codes >> REASON_SHIFT) & CODE_MASK] as Reason,
    ruleId: table[v[o + SLOT_RULE]] as string | undefined,
    errorCode: ERROR_CODES[(codes >> ERROR_SHIFT) & CODE_MASK],
    failedPrerequisite: table[v[o + SLOT_PREREQUISITE]] as string | undefined,
    unitMissing: table[v[o + SLOT_UNIT]] as string | undefined,
    type: TYPES[(codes >> TYPE_SHIFT) & CODE_MASK],
    metadata: table[v[o + SLOT_METADATA]] as EvaluationResult["metadata"],
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
