// Server rendering: a server (Node, an edge worker) evaluates the flags for the request's
// context with the same engine, and puts what the page needs into its HTML. In the browser, a
// client made from that state (`createClientSync({ server })`) answers at once, before the
// `.wasm` has loaded, with exactly the server's results, so the first render and hydration
// match what the server rendered.

import type { RollgateClient } from "./client.js";
import { RollgateError } from "./errors.js";
import { freeze } from "./decode.js";
import type { AttributeValue, ContextAttributes, EvaluationResult } from "./types.js";

/**
 * What the server puts into the page (plain JSON: `serializeServerState` writes it,
 * `readServerState` reads it back). `results` is always there: the browser renders from it
 * before its engine is ready. `ruleset` is there with `include: "ruleset"`.
 */
export interface ServerState {
  /** Format of this record. */
  v: 1;
  /** False when the server had no ruleset: no results, and the page renders fallbacks. */
  ready: boolean;
  /** The revision the results were computed on. */
  revision: number;
  /** The context the results are for (as JSON: a `Date` attribute is its RFC 3339 text). */
  context: { readonly [name: string]: Exclude<AttributeValue, Date | undefined> };
  /** The instant the server evaluated at, epoch ms on its clock (ramps depend on it). */
  evaluatedAt: number;
  /** Every flag's result for `context`, as JSON (fields that do not apply are absent). */
  results: { readonly [flag: string]: Partial<EvaluationResult> };
  /** The ruleset's JSON text, with `include: "ruleset"`. */
  ruleset?: string;
}

/** Options of `serverState`. */
export interface ServerStateOptions {
  /**
   * What the page gets besides the results: `"values"` (default), the results only, so the
   * rules stay on the server; `"ruleset"`, the ruleset's text as well, so the browser can
   * evaluate again when the context changes or a ramp step starts, without a fetch.
   */
  include?: "values" | "ruleset";
}

/**
 * The state a page needs, evaluated for `context` by `client`'s engine: the server's own
 * client, created once per process (`createClient({ url, pollInterval, storage: false })`),
 * whose context plays no part. Throws `INVALID_CONTEXT` for attributes the engine cannot take.
 */
export function serverState(client: RollgateClient, context: ContextAttributes, options: ServerStateOptions = {}): ServerState {
  const { engine, now, text } = client.evaluationSource();
  const evaluations = engine.evaluateAll(context, now);
  const state: ServerState = {
    v: 1,
    ready: client.hasRuleset,
    revision: evaluations.revision,
    // The engine took the attributes, so they have a JSON form.
    context: JSON.parse(JSON.stringify(context)) as ServerState["context"],
    evaluatedAt: now,
    results: {},
  };
  // As JSON has them (fields that do not apply absent): the state equals its serialized form.
  evaluations.forEach((result, flag) => {
    const json: Partial<EvaluationResult> = {};
    for (const [field, value] of Object.entries(result)) if (value !== undefined) (json as Record<string, unknown>)[field] = value;
    (state.results as Record<string, Partial<EvaluationResult>>)[flag] = json;
  });
  if (options.include === "ruleset" && text !== undefined) state.ruleset = text;
  return state;
}

/**
 * The state as JSON text that is safe inside a `<script>` element: every `<` is written
 * `\u003c` (so neither `</script>` nor `<!--` can appear), as are U+2028 and U+2029. Put it in
 * `<script type="application/json" id="rollgate-state">…</script>` (a data block: never run,
 * so a Content Security Policy needs no nonce for it), and read it with `readServerState()`.
 */
export function serializeServerState(state: ServerState): string {
  return JSON.stringify(state)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The state the server wrote into the element `id` of `root` (default: `document`), or
 * `undefined` when the page has no such element (a page the server did not render). Throws
 * `INVALID_STATE`, naming the element and what is wrong, when its text is not a state.
 */
export function readServerState(id = "rollgate-state", root: { getElementById(id: string): { textContent: string | null } | null } = document): ServerState | undefined {
  const element = root.getElementById(id);
  if (element === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(element.textContent ?? "");
  } catch (e) {
    throw new RollgateError("INVALID_STATE", `#${id}: not JSON: ${(e as Error).message}`, { path: `#${id}`, cause: e });
  }
  return checkServerState(value, `#${id}`);
}

/**
 * `value` as a `ServerState`, or `INVALID_STATE` naming the first field that is wrong (`where`
 * says what the value is: `#rollgate-state`, `server`).
 */
export function checkServerState(value: unknown, where: string): ServerState {
  const fail = (path: string, message: string): never => {
    throw new RollgateError("INVALID_STATE", `${where}${path}: ${message}`, { path: `${where}${path}` });
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(value)) return fail("", "not a server state (an object written by serverState)");
  if (value.v !== 1) fail(".v", `format ${JSON.stringify(value.v)} is not 1: the page was rendered by another version of rollgate`);
  if (typeof value.ready !== "boolean") fail(".ready", "not true or false");
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) fail(".revision", "not a whole number ≥ 0");
  if (!isObject(value.context)) fail(".context", "not an object of attributes");
  if (!Number.isFinite(value.evaluatedAt)) fail(".evaluatedAt", "not an instant (epoch ms)");
  if (!isObject(value.results)) fail(".results", "not an object of results");
  for (const [flag, result] of Object.entries(value.results as object)) {
    if (!isObject(result) || typeof result.reason !== "string") fail(`.results[${JSON.stringify(flag)}]`, "not a result (no reason)");
  }
  if (value.ruleset !== undefined && typeof value.ruleset !== "string") fail(".ruleset", "not the ruleset's JSON text");
  return value as unknown as ServerState;
}

/**
 * The state's results as the client serves them: every field present (the fixed shape of a
 * result), values and metadata frozen.
 */
export function resultsOf(state: ServerState): Map<string, EvaluationResult> {
  const out = new Map<string, EvaluationResult>();
  for (const [flag, r] of Object.entries(state.results)) {
    out.set(flag, freeze({
      value: r.value, variant: r.variant, reason: r.reason, ruleId: r.ruleId, errorCode: r.errorCode,
      failedPrerequisite: r.failedPrerequisite, unitMissing: r.unitMissing, type: r.type, metadata: r.metadata,
    }) as EvaluationResult);
  }
  return out;
}
