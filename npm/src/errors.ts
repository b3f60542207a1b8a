// The package's one error class. Everything `rollgate` throws, rejects with, or reports through
// an `error` or `warning` event is a `RollgateError` with a machine-readable `code`.

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
 * What went wrong, for code that branches on it. The fields each code sets are listed in
 * `npm/README.md` ("Errors"):
 * - the engine: `INVALID_RULESET`, `STALE_REVISION`, `INVALID_CONTEXT`, `NOT_INITIALIZED`,
 *   `WASM_LOAD_FAILED`, `CLOSED`, `INVALID_OVERRIDE`;
 * - the client's overrides: `OVERRIDES_DISABLED`;
 * - the client's fetch: `INVALID_URL`, `HTTP_ERROR`, `INVALID_RESPONSE`, `TIMEOUT`,
 *   `NETWORK_ERROR`, `CORS_HEADER_BLOCKED` (a `warning`: worked around);
 * - the client's storage: `STORAGE_ERROR`;
 * - server rendering: `INVALID_STATE` (a server state that is not one);
 * - the OpenFeature provider, when nothing could be loaded: `NO_RULESET`;
 * - the React hooks, outside a `<RollgateProvider>`: `NO_PROVIDER`.
 */
export type ErrorCodeName =
  | "INVALID_RULESET"
  | "STALE_REVISION"
  | "INVALID_CONTEXT"
  | "NOT_INITIALIZED"
  | "WASM_LOAD_FAILED"
  | "CLOSED"
  | "INVALID_URL"
  | "HTTP_ERROR"
  | "INVALID_RESPONSE"
  | "TIMEOUT"
  | "NETWORK_ERROR"
  | "CORS_HEADER_BLOCKED"
  | "STORAGE_ERROR"
  | "INVALID_STATE"
  | "NO_RULESET"
  | "NO_PROVIDER"
  | "INVALID_OVERRIDE"
  | "OVERRIDES_DISABLED";

/** The optional facts an error carries, by code (see `ErrorCodeName`). */
export interface ErrorDetails {
  /** The underlying error (a `fetch` rejection, a storage exception, ...). */
  cause?: unknown;
  /** `INVALID_RULESET`: every problem found. */
  problems?: Problem[];
  /** `STALE_REVISION`: the revision being served. */
  current?: number;
  /** `STALE_REVISION`: the revision that was refused. */
  offered?: number;
  /** `INVALID_CONTEXT`: the offending attribute, e.g. `context.address`; `INVALID_STATE`: the field. */
  path?: string;
  /** Errors of the client's fetch: the URL requested. */
  url?: string;
  /** `HTTP_ERROR`, `INVALID_RESPONSE`: the response status. */
  status?: number;
  /** `INVALID_RESPONSE`: the response's `Content-Type` (empty when it had none). */
  contentType?: string;
  /** `INVALID_OVERRIDE`: the flag named. */
  flag?: string;
  /** `INVALID_OVERRIDE`: the variant named, when the flag exists but lacks it. */
  variant?: string;
}

/** An `Error` with a `code`; thrown by the engine, the client and the provider. */
export class RollgateError extends Error {
  /** Machine-readable code. */
  readonly code: ErrorCodeName;
  /** `INVALID_RULESET`: every problem found. */
  declare readonly problems?: Problem[];
  /** `STALE_REVISION`: the revision being served. */
  declare readonly current?: number;
  /** `STALE_REVISION`: the revision that was refused. */
  declare readonly offered?: number;
  /** `INVALID_CONTEXT`: the offending attribute. */
  declare readonly path?: string;
  /** Errors of the client's fetch: the URL requested. */
  declare readonly url?: string;
  /** `HTTP_ERROR`, `INVALID_RESPONSE`: the response status. */
  declare readonly status?: number;
  /** `INVALID_RESPONSE`: the response's `Content-Type`. */
  declare readonly contentType?: string;
  /** `INVALID_OVERRIDE`: the flag named. */
  declare readonly flag?: string;
  /** `INVALID_OVERRIDE`: the variant named, when the flag exists but lacks it. */
  declare readonly variant?: string;

  /** An error with a code, a message and the facts of its code. */
  constructor(code: ErrorCodeName, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "RollgateError";
    this.code = code;
    // Only the facts given: an INVALID_CONTEXT error has no `problems` key at all.
    const { cause: _cause, ...facts } = details;
    for (const [key, value] of Object.entries(facts)) {
      if (value !== undefined) (this as Record<string, unknown>)[key] = value;
    }
  }
}

/** True for a `RollgateError` (the type guard for `catch (e)` blocks). */
export function isRollgateError(e: unknown): e is RollgateError {
  return e instanceof RollgateError;
}

/**
 * The `RollgateError` for what a WASM call threw: the bindings throw plain descriptions
 * `{code, message, problems?, current?, offered?, path?, flag?, variant?}` (wasm/src/errors.rs). Anything else
 * (which would be a bug) is kept as the `cause` of an error with `code`.
 */
export function fromWasm(thrown: unknown, code: ErrorCodeName): RollgateError {
  if (thrown instanceof RollgateError) return thrown;
  const d = thrown as { code?: unknown; message?: unknown } & ErrorDetails;
  if (d !== null && typeof d === "object" && !(d instanceof Error) && typeof d.code === "string" && typeof d.message === "string") {
    return new RollgateError(d.code as ErrorCodeName, d.message, {
      problems: d.problems, current: d.current, offered: d.offered, path: d.path, flag: d.flag, variant: d.variant,
    });
  }
  return new RollgateError(code, String((thrown as Error)?.message ?? thrown), { cause: thrown });
}

/**
 * The same error, said about a request: the message starts with `GET <url>: ` and `url` is set.
 * A ruleset that failed to load from the network names where it came from.
 */
export function fromRequest(error: RollgateError, url: string): RollgateError {
  return new RollgateError(error.code, `GET ${url}: ${error.message}`, {
    problems: error.problems, current: error.current, offered: error.offered, url,
  });
}

/**
 * The problems of loading `bytes` into `scratch`, a new engine of either module, which it frees:
 * empty when the ruleset is valid. At revision 0 a scratch engine never answers STALE_REVISION,
 * and each module has one entry point for reading rulesets, not a second one for checking them.
 */
export function problemsLoading(scratch: { update(bytes: Uint8Array): unknown; free(): void }, bytes: Uint8Array): Problem[] {
  try {
    scratch.update(bytes);
    return [];
  } catch (e) {
    return fromWasm(e, "INVALID_RULESET").problems ?? [];
  } finally {
    scratch.free();
  }
}
