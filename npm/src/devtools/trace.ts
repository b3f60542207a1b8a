// The "why?" view's text: an explain trace (the JSON every binding's `explain` gives) as the
// lines `rollgate explain` prints, so that the panel and the CLI read the same for the same
// flag, context and time.

import type { JsonValue } from "../types.js";

/** One line of a trace: its text, its indentation level, and whether it held. */
export interface TraceLine {
  /** 0: the result; 1: the kill switch, prerequisites and rules; 2: a rule's checks and buckets. */
  readonly depth: 0 | 1 | 2;
  /** The line as `rollgate explain` prints it, without the indentation. */
  readonly text: string;
  /** `pass` or `fail` for lines that test something; undefined for the others. */
  readonly verdict?: "pass" | "fail";
}

type Maybe<T> = T | null | undefined;

/** The explanation's JSON shape (`Explanation::to_json` in the core); absent fields are null. */
interface Explanation {
  flag: string;
  now: number;
  result: { value?: JsonValue; variant?: Maybe<string>; reason: string; ruleId?: Maybe<string>; errorCode?: Maybe<string> };
  enabled: boolean;
  prerequisites: { flag: string; variant: Maybe<string>; passed: boolean }[];
  rules: {
    id: string;
    matched: boolean;
    checks: { path: string; attr: string; op: string; expected: JsonValue; actual: Maybe<JsonValue>; matched: boolean; note?: string }[];
    bucketing?: {
      kind: string; by: string; salt: string; unit: Maybe<JsonValue>; bucket: Maybe<number>;
      percent: Maybe<number>; variant: Maybe<string>; note?: string;
    }[];
  }[];
}

const json = (value: JsonValue): string => JSON.stringify(value);
const present = <T>(value: Maybe<T>): value is T => value !== null && value !== undefined;

/**
 * The trace of `explanation` (what `explain` returned), line by line, ending with the time and
 * the ruleset's `revision` (the explanation itself does not carry it).
 */
export function traceLines(explanation: unknown, revision: number): TraceLine[] {
  const e = explanation as Explanation;
  const r = e.result;
  const lines: TraceLine[] = [];
  let head = `flag ${e.flag}: `;
  head += present(r.variant) && present(r.value) ? `variant "${r.variant}" = ${json(r.value)}` : "no value";
  head += ` (${r.reason}`;
  if (present(r.ruleId)) head += `, rule "${r.ruleId}"`;
  if (present(r.errorCode)) head += `, ${r.errorCode}`;
  lines.push({ depth: 0, text: `${head})` });
  if (!e.enabled) lines.push({ depth: 1, text: "the flag is disabled (kill switch): serving its off variant", verdict: "fail" });
  for (const p of e.prerequisites) {
    lines.push({ depth: 1, text: `prerequisite ${p.flag}: ${p.variant ?? "(none)"} -> ${p.passed ? "passed" : "FAILED"}`, verdict: p.passed ? "pass" : "fail" });
  }
  for (const rule of e.rules) {
    lines.push({ depth: 1, text: `rule ${rule.id}: ${rule.matched ? "matched" : "no match"}`, verdict: rule.matched ? "pass" : "fail" });
    for (const c of rule.checks) {
      const actual = present(c.actual) ? json(c.actual) : "(missing)";
      const note = c.note === undefined ? "" : ` (${c.note})`;
      lines.push({ depth: 2, text: `${c.path} ${c.attr} ${c.op} ${json(c.expected)}: ${actual} -> ${c.matched ? "yes" : "no"}${note}`, verdict: c.matched ? "pass" : "fail" });
    }
    for (const b of rule.bucketing ?? []) {
      let text = `${b.kind} by ${b.by} (salt "${b.salt}"): `;
      let verdict: TraceLine["verdict"];
      if (present(b.bucket)) {
        text += `bucket ${b.bucket}`;
        if (present(b.percent)) text += ` vs ${json(b.percent)}% (threshold ${json(Math.round(b.percent * 1000))})`;
        text += present(b.variant) ? ` -> ${b.variant}` : " -> not in";
        verdict = present(b.variant) ? "pass" : "fail";
      } else if (b.note !== undefined) {
        text += b.note;
        verdict = "fail";
      }
      lines.push({ depth: 2, text, verdict });
    }
  }
  if (!present(r.ruleId) && r.reason === "DEFAULT") lines.push({ depth: 1, text: "no rule served a variant: default variant" });
  lines.push({ depth: 1, text: `evaluated at ${new Date(e.now).toISOString()}, ruleset revision ${revision}` });
  return lines;
}

/** The trace as `rollgate explain` prints it: two spaces per level, one line each. */
export function traceText(lines: readonly TraceLine[]): string {
  return lines.map((line) => `${"  ".repeat(line.depth)}${line.text}\n`).join("");
}
