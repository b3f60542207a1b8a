// Generated from wasm/src/record.rs (the WASM side's result-record layout) by its unit test;
// do not edit. After changing the layout there:
// `ROLLGATE_WRITE_LAYOUT=1 cargo test -p rollgate-wasm record`.

import type { EvaluationErrorCode, FlagType, Reason } from "./types.js";

/** `i32` slots per record. */
export const STRIDE = 8;

// The slot of each field.
export const SLOT_CODES = 0;
export const SLOT_VARIANT = 1;
export const SLOT_VALUE = 2;
export const SLOT_RULE = 3;
export const SLOT_PREREQUISITE = 4;
export const SLOT_UNIT = 5;
export const SLOT_METADATA = 6;

/** Mask of one code in slot `SLOT_CODES`, at the shifts below. */
export const CODE_MASK = 15;
export const REASON_SHIFT = 0;
export const ERROR_SHIFT = 4;
export const TYPE_SHIFT = 8;

// Code tables: index = code, 0 = none.
export const REASONS: readonly (Reason | undefined)[] = [undefined, "STATIC", "TARGETING_MATCH", "SPLIT", "DEFAULT", "DISABLED", "PREREQUISITE_FAILED", "ERROR", "OVERRIDE"];
export const ERROR_CODES: readonly (EvaluationErrorCode | undefined)[] = [undefined, "FLAG_NOT_FOUND", "TYPE_MISMATCH", "INVALID_CONTEXT", "PARSE_ERROR", "GENERAL"];
export const TYPES: readonly (FlagType | undefined)[] = [undefined, "boolean", "string", "number", "object"];
