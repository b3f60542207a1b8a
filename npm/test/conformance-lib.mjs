// The conformance corpus runner, shared by the Node test and the Chromium page: it takes the
// package's API and the parsed files, so the same code checks the same cases everywhere.
// Semantics follow tests/conformance/README.md and the Rust runner (core/tests/conformance.rs).

const EXPECT_FIELDS = ["value", "variant", "reason", "ruleId", "errorCode", "failedPrerequisite", "unitMissing"];

/** JSON equality where numbers compare by value (1 equals 1.0). */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

function runCase(api, engine, c) {
  const r = engine.evaluate(c.flag, c.context, { now: c.now ?? 0, type: c.type });
  const actual = {
    value: r.value !== undefined ? r.value : (c.default !== undefined ? c.default : null),
    variant: r.variant ?? null,
    reason: r.reason ?? null,
    ruleId: r.ruleId ?? null,
    errorCode: r.errorCode ?? null,
    failedPrerequisite: r.failedPrerequisite ?? null,
    unitMissing: r.unitMissing ?? null,
  };
  const diffs = [];
  for (const f of EXPECT_FIELDS) {
    const want = c.expect?.[f] ?? null;
    if (!jsonEqual(want, actual[f])) diffs.push(`${f}: expected ${JSON.stringify(want)}, got ${JSON.stringify(actual[f])}`);
  }
  return diffs.length ? diffs.join("; ") : null;
}

function runInvalid(api, c) {
  const text = c.rulesetText !== undefined ? c.rulesetText : JSON.stringify(c.ruleset);
  const expected = new Set((c.expectErrors ?? []).map((e) => `${e.path}\u0000${e.kind}`));
  const engine = new api.Engine();
  try {
    engine.load(text);
    return "the ruleset loaded, but it should be rejected";
  } catch (e) {
    if (e?.code !== "INVALID_RULESET" || !Array.isArray(e.problems)) return `unexpected error ${e?.code}: ${e?.message}`;
    const actual = new Set(e.problems.map((p) => `${p.path}\u0000${p.kind}`));
    const same = actual.size === expected.size && [...actual].every((x) => expected.has(x));
    const show = (s) => [...s].map((x) => x.replace("\u0000", " ")).sort().join(", ");
    return same ? null : `expected {${show(expected)}} got {${show(actual)}}`;
  } finally {
    engine.free();
  }
}

/**
 * Runs one corpus file. Returns [{name, error}] per case (error null when it passed).
 * `api` is the package module (Engine); `doc` the parsed JSON.
 */
export function runFile(api, doc) {
  const out = [];
  if (Array.isArray(doc.cases)) {
    const engine = new api.Engine();
    let loadError = null;
    try {
      engine.load(JSON.stringify(doc.ruleset));
    } catch (e) {
      loadError = `the file's ruleset does not load: ${e.message}`;
    }
    doc.cases.forEach((c, i) => {
      const name = c.name ?? `cases[${i}]`;
      let error = loadError;
      if (!error) {
        try {
          error = runCase(api, engine, c);
        } catch (e) {
          error = `threw ${e?.code ?? ""} ${e?.message ?? e}`;
        }
      }
      out.push({ name, error });
    });
    engine.free();
  }
  if (Array.isArray(doc.invalid)) {
    doc.invalid.forEach((c, i) => {
      const name = c.name ?? `invalid[${i}]`;
      let error;
      try {
        error = runInvalid(api, c);
      } catch (e) {
        error = `threw ${e?.message ?? e}`;
      }
      out.push({ name, error });
    });
  }
  return out;
}

/**
 * Whether the trace `got` shows every fact of `want` (a case's `explain`): an object's listed
 * members must be present and show their facts (the trace may have more), an array must have
 * as many items, each showing its facts in order, anything else must be `jsonEqual`. Pushes one
 * line per difference.
 */
export function traceShows(want, got, path, diffs) {
  if (want && typeof want === "object" && !Array.isArray(want) && got && typeof got === "object" && !Array.isArray(got)) {
    for (const [key, fact] of Object.entries(want)) {
      if (!(key in got)) diffs.push(`${path}.${key}: missing from the trace`);
      else traceShows(fact, got[key], `${path}.${key}`, diffs);
    }
  } else if (Array.isArray(want) && Array.isArray(got) && want.length === got.length) {
    want.forEach((fact, i) => traceShows(fact, got[i], `${path}[${i}]`, diffs));
  } else if (!jsonEqual(want, got)) {
    diffs.push(`${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}

/**
 * The `explain` facts of one file's cases, checked through `engine.explain` (the debug module).
 * Returns [{name, error}] for each case that has them.
 */
export async function explainFile(api, doc) {
  const out = [];
  if (!Array.isArray(doc.cases) || !doc.cases.some((c) => c.explain !== undefined)) return out;
  const engine = new api.Engine();
  try {
    engine.load(JSON.stringify(doc.ruleset));
    for (const [i, c] of doc.cases.entries()) {
      if (c.explain === undefined) continue;
      const name = c.name ?? `cases[${i}]`;
      let error = null;
      try {
        const diffs = [];
        traceShows(c.explain, await engine.explain(c.flag, c.context, c.now ?? 0), "explain", diffs);
        if (diffs.length) error = diffs.join("; ");
      } catch (e) {
        error = `explain threw ${e?.code ?? ""} ${e?.message ?? e}`;
      }
      out.push({ name, error });
    }
  } finally {
    engine.free();
  }
  return out;
}

/**
 * Runs every corpus file (`[{file, doc}]`): the case count per file, the total, and one
 * `"file :: case: error"` line per failure. Each runtime's runner reports this to its test.
 */
export function runCorpus(api, files) {
  const report = { files: {}, total: 0, failures: [] };
  for (const { file, doc } of files) {
    const results = runFile(api, doc);
    report.files[file] = results.length;
    report.total += results.length;
    for (const { name, error } of results) if (error) report.failures.push(`${file} :: ${name}: ${error}`);
  }
  return report;
}

/**
 * `runCorpus`, plus every case's `explain` facts through the debug module: `explained` counts
 * them, and their failures join the others (as `"file :: case (explain): error"`). For runners
 * that have `explain`.
 */
export async function runCorpusWithExplain(api, files) {
  const report = runCorpus(api, files);
  report.explained = 0;
  for (const { file, doc } of files) {
    for (const { name, error } of await explainFile(api, doc)) {
      report.explained++;
      if (error) report.failures.push(`${file} :: ${name} (explain): ${error}`);
    }
  }
  return report;
}
