// Exposures: the record that the app read a flag's value (for experiment analysis, APM). Only a
// read the app makes counts (`isEnabled`, the typed getters, `getDetails`, `useFlag`); loading a
// ruleset, starting from server values and `allFlags()` never do. How often the same read
// counts again is the app's choice (`exposureDedupe`).

import { sameFlagValue } from "./results.js";
import type { ContextAttributes, EvaluationResult, FlagValue } from "./types.js";

/** What `onExposure` receives. */
export interface Exposure {
  /** The flag read. */
  flag: string;
  /** The value served. */
  value: FlagValue | undefined;
  /** The variant served. */
  variant: string | undefined;
  /** Why. */
  reason: EvaluationResult["reason"];
  /** The deciding rule. */
  ruleId: string | undefined;
  /** The context it was served for. */
  context: ContextAttributes;
  /** The revision of the values served. */
  revision: number;
}

/**
 * When a read counts as an exposure again:
 * - `context` (default): once per flag and served value for each context (a `setContext` with
 *   other attributes starts over);
 * - `session`: once per flag and served value for the client's life, whatever the context;
 * - `none`: every read.
 *
 * "Served value" is the variant and its value: a flag that moves to another variant counts
 * again, and moving back to a variant already counted does not.
 */
export type ExposureDedupe = "session" | "context" | "none";

/** What was served, as far as deduplication tells reads apart. */
interface Served {
  readonly variant: string | undefined;
  readonly value: FlagValue | undefined;
}

/** Reports exposures to the app's callback, deduplicated as it asked. */
export class Exposures {
  // Result objects already reported: the common repeated read costs one lookup.
  private reported = new WeakSet<EvaluationResult>();
  // Per flag, every variant and value reported (results are new objects after a recompute).
  private served = new Map<string, Served[]>();

  /** `report` is the app's `onExposure`; `dedupe` its choice (default `context`). */
  constructor(private readonly report: (exposure: Exposure) => void, private readonly dedupe: ExposureDedupe = "context") {}

  /** The context changed to other attributes: under `context` deduplication, every read counts again. */
  contextChanged(): void {
    if (this.dedupe !== "context") return;
    this.reported = new WeakSet();
    this.served.clear();
  }

  /** The app read `flag` and got `result`, for `context` at `revision`. */
  read(flag: string, result: EvaluationResult, context: ContextAttributes, revision: number): void {
    if (this.dedupe !== "none" && !this.isNew(flag, result)) return;
    try {
      this.report({
        flag, value: result.value, variant: result.variant, reason: result.reason, ruleId: result.ruleId, context, revision,
      });
    } catch (e) {
      // The app's callback failing must not break the lookup that triggered it.
      queueMicrotask(() => {
        throw e;
      });
    }
  }

  /** True the first time `result`'s variant and value are read for `flag`; records them. */
  private isNew(flag: string, result: EvaluationResult): boolean {
    if (this.reported.has(result)) return false;
    this.reported.add(result);
    let list = this.served.get(flag);
    if (list === undefined) this.served.set(flag, (list = []));
    if (list.some((s) => s.variant === result.variant && sameFlagValue(s.value, result.value))) return false;
    list.push({ variant: result.variant, value: result.value });
    return true;
  }
}
