// The "why?" view's lines. The core writes them (`Explanation::report` in core/src/explain.rs,
// the same lines `rollgate explain` prints) and the debug module's `explain` hands them out as
// the trace's `lines`; the panel only lays them out, so it cannot read differently from the CLI.

/** One line of a trace, as the core writes it. */
export interface TraceLine {
  /** 0: the result; 1: the kill switch, prerequisites, rules and closing lines; 2: a rule's checks and buckets. */
  readonly depth: number;
  /** The line as `rollgate explain` prints it, without the indentation. */
  readonly text: string;
  /** For a line that tests something, whether it held; null for the others. */
  readonly verdict: boolean | null;
}

/**
 * The lines of `explanation` (what `explain` returned). Throws for one without them: an
 * `explain` of the client's own that does not come from this package's engine.
 */
export function traceLines(explanation: unknown): readonly TraceLine[] {
  const lines = (explanation as { lines?: unknown } | null | undefined)?.lines;
  if (!Array.isArray(lines)) throw new Error("the explanation has no trace lines (`lines`, from rollgate's explain)");
  return lines as TraceLine[];
}

/** A line's class names in the panel: its depth, then `pass` or `fail` when it tests something. */
export function lineClass(line: TraceLine): string {
  const verdict = line.verdict === null ? "" : line.verdict ? " pass" : " fail";
  return `depth${line.depth}${verdict}`;
}
