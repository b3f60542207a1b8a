// Errors thrown by Rollgate: plain `Error`s with a machine-readable `code`.

/** One problem of an invalid ruleset: where (`flags.x.rules[0].when.op`), what kind, and why. */
export interface Problem {
  /** Path of the offending JSON value; empty for the whole document. */
  path: string;
  /** Machine-readable kind, e.g. `unknown_operator`, `invalid_range`, `syntax`. */
  kind: string;
  /** Human-readable explanation. */
  message: string;
}

/**
 * Error codes: `INVALID_RULESET` (with `problems`), `STALE_REVISION` (with `current` and
 * `offered`), `INVALID_CONTEXT` (with `path`), `NOT_INITIALIZED`, `CLOSED`, and for the client's
 * network layer `HTTP_ERROR` (with `status`), `TIMEOUT`, `NETWORK_ERROR`.
 */
export type ErrorCodeName =
  | "INVALID_RULESET"
  | "STALE_REVISION"
  | "INVALID_CONTEXT"
  | "NOT_INITIALIZED"
  | "CLOSED"
  | "HTTP_ERROR"
  | "TIMEOUT"
  | "NETWORK_ERROR";

/** An `Error` with a `code`; thrown by the engine (from WASM) and by the client. */
export class RollgateError extends Error {
  /** Machine-readable code. */
  readonly code: ErrorCodeName;
  /** For `INVALID_RULESET`: every problem found. */
  problems?: Problem[];
  /** For `HTTP_ERROR`: the response status. */
  status?: number;

  /** An error with a code and message. */
  constructor(code: ErrorCodeName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RollgateError";
    this.code = code;
  }
}

/** True for errors carrying a Rollgate `code` (thrown from WASM or by the JS layer). */
export function isRollgateError(e: unknown): e is Error & { code: ErrorCodeName; problems?: Problem[] } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === "string";
}
