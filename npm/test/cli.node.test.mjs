// The `rollgate` command of the npm package (npm/cli/rollgate.mjs: the Rust CLI built for
// wasm32-wasip1, run by Node's WASI; ADR 0023) prints what the native CLI prints. Every command
// runs both ways on the same input, in the same directory, and their stdout, stderr and exit
// code must be equal: validate, eval, explain, simulate, build (and the bytes it writes), diff
// in its three formats and over git revisions, lint, codegen, on files and on project
// directories (also as they are in a git revision), usage errors and stdin. Every
// documented transcript (the documents cli/tests/transcripts.rs checks) must print what its
// document shows through the npm command too. Last, the packed package is installed into an
// app, where `npx rollgate` runs, and a Vite build of the app leaves the CLI's module out.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { NPM_DIR, ROOT, installPackedApp, rollgateCli, transcripts } from "./helpers.mjs";

const LAUNCHER = path.join(NPM_DIR, "cli", "rollgate.mjs");
const CLI_WASM = path.join(NPM_DIR, "cli", "rollgate-cli.wasm");
/** The native CLI of this checkout, to compare with (set before the tests). */
let NATIVE;
const NOW = "2026-12-04T00:00:00Z";
const work = mkdtempSync(path.join(os.tmpdir(), "rollgate-cli-"));

before(() => {
  assert.ok(existsSync(CLI_WASM), `${CLI_WASM} is missing: run scripts/build-npm.sh`);
  NATIVE = rollgateCli();
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs `command args` in `cwd` (default: the repository) with `input` on stdin. */
function run(command, args, { cwd = ROOT, input = "", env = process.env } = {}) {
  const result = spawnSync(command, args, { cwd, input, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const native = (args, options) => run(NATIVE, args, options);
const npm = (args, options) => run(process.execPath, [LAUNCHER, ...args], options);

/**
 * Runs `rollgate args` natively and through the npm launcher; asserts that stdout, stderr and
 * the exit code are equal, and that the exit code is `status`. Returns the run.
 */
function same(args, status, options) {
  const expected = native(args, options);
  const actual = npm(args, options);
  assert.deepEqual(actual, expected, `rollgate ${args.join(" ")}`);
  assert.equal(expected.status, status, `rollgate ${args.join(" ")}: exit ${expected.status}\n${expected.stderr}`);
  return expected;
}

/** A git repository in a new folder, with `git` that ignores the machine's configuration. */
function gitRepo(name) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.com",
  };
  const git = (...args) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  return { dir, git, env };
}

test("validate: valid and invalid rulesets in JSON and YAML, stdin, a project file given as a ruleset", () => {
  assert.match(same(["validate", "examples/flags.json"], 0).stdout, /valid, 8 flags/);
  same(["validate", "examples/flags.yaml", "--json"], 0);
  const typo = same(["validate", "examples/invalid/typo.json"], 1);
  assert.match(typo.stdout + typo.stderr, /typo\.json:\d+:\d+:/, "problems carry line and column");
  same(["validate", "examples/invalid/typo.json", "--json"], 1);
  // YAML with problems: the JSON typo as YAML (a JSON document is YAML), by extension.
  const yaml = path.join(work, "typo.yaml");
  cpSync(path.join(ROOT, "examples", "invalid", "typo.json"), yaml);
  assert.match(same(["validate", yaml], 1).stdout, /typo\.yaml:\d+:\d+:/);
  const broken = path.join(work, "broken.yaml");
  writeFileSync(broken, "schema: 1\nflags: {a: [\n");
  same(["validate", broken], 1);
  same(["validate", "-"], 0, { input: readFileSync(path.join(ROOT, "examples", "flags.json"), "utf8") });
  same(["validate", "-"], 1, { input: "{ not json" });
  same(["validate", "examples/project/rollgate.yaml"], 1);
});

test("eval, explain and simulate: one context, every flag, a context file, JSON output", () => {
  const context = '{"userId":"u-00042","platform":"ios","appVersion":"2.4.0"}';
  same(["eval", "examples/flags.json", "--all", "--context", context, "--now", NOW], 0);
  same(["eval", "examples/flags.yaml", "--all", "--context", context, "--now", NOW, "--json"], 0);
  const many = same(["eval", "examples/flags.json", "--flag", "checkout-layout", "--contexts", "examples/users.jsonl", "--now", NOW], 0);
  assert.equal(many.stdout.trim().split("\n").length, 1000);
  same(["eval", "examples/flags.json", "--flag", "new-checkout", "--context", "@-", "--now", NOW], 0, { input: context });
  same(["eval", "examples/flags.json", "--flag", "checkout-layout", "--contexts", "examples/invalid/users-with-bad-lines.jsonl", "--now", NOW], 1);
  same(["explain", "examples/flags.json", "--flag", "new-checkout", "--context", context, "--now", NOW], 0);
  same(["explain", "examples/flags.json", "--flag", "dark-mode-v2", "--context", '{"deviceId":"d-1"}', "--now", NOW, "--json"], 0);
  same(["simulate", "examples/flags.json", "--flag", "new-checkout", "--contexts", "examples/users.jsonl", "--now", NOW], 0);
  same(["simulate", "examples/flags.yaml", "--flag", "search-v2", "--contexts", "examples/users.jsonl", "--now", NOW, "--json"], 0);
  same(["simulate", "examples/flags.json", "--flag", "new-checkout", "--contexts", "examples/users.jsonl", "--percent", "40", "--now", NOW, "--json"], 0);
  same(["simulate", "examples/flags.yaml", "--flag", "search-v2", "--contexts", "examples/users.jsonl", "--percent", "40"], 2);
});

test("build writes byte-identical rulesets and lock files, relative to the current directory", () => {
  const outputs = {};
  for (const [who, runner] of [["native", native], ["npm", npm]]) {
    // A copy of the project per run, built from inside it (relative paths) without --locked:
    // the lock file is written too (a temporary file renamed into place).
    const dir = path.join(work, `build-${who}`);
    cpSync(path.join(ROOT, "examples", "project"), dir, { recursive: true });
    writeFileSync(path.join(dir, "flags", "added.yaml"), "flags:\n  added-flag:\n    type: boolean\n    variants: {on: true, off: false}\n    default: off\n");
    outputs[who] = { result: runner(["build", "--out", "dist"], { cwd: dir }), dir };
  }
  assert.deepEqual(outputs.npm.result, outputs.native.result);
  assert.equal(outputs.native.result.status, 0, outputs.native.result.stderr);
  const files = readdirSync(path.join(outputs.native.dir, "dist")).sort();
  assert.ok(files.length >= 3, `one ruleset per environment: ${files}`);
  assert.deepEqual(readdirSync(path.join(outputs.npm.dir, "dist")).sort(), files, "the same files, no temporary ones left");
  for (const file of [...files.map((f) => path.join("dist", f)), "rollgate.lock"]) {
    assert.deepEqual(readFileSync(path.join(outputs.npm.dir, file)), readFileSync(path.join(outputs.native.dir, file)), file);
  }
  assert.notDeepEqual(readFileSync(path.join(outputs.npm.dir, "rollgate.lock")), readFileSync(path.join(ROOT, "examples", "project", "rollgate.lock")), "the lock file advanced");
  // An absolute output directory, the client build, one environment, JSON output.
  for (const args of [["--client", "--locked"], ["--env", "production", "--locked", "--json"]]) {
    const out = { native: path.join(work, "abs-native"), npm: path.join(work, "abs-npm") };
    const a = native(["build", "examples/project", ...args, "--out", out.native]);
    const b = npm(["build", "examples/project", ...args, "--out", out.npm]);
    assert.equal(a.status, 0, a.stderr);
    assert.deepEqual(b, { ...a, stdout: a.stdout.replaceAll(out.native, out.npm), stderr: a.stderr.replaceAll(out.native, out.npm) });
    for (const file of readdirSync(out.native)) {
      assert.deepEqual(readFileSync(path.join(out.npm, file)), readFileSync(path.join(out.native, file)), file);
    }
  }
  // Refused: every problem at once, nothing written.
  same(["build", "examples/invalid/project", "--out", path.join(work, "never")], 1);
  same(["build", "examples/invalid/cyclic", "--out", path.join(work, "never")], 1);
  same(["build", "examples/project", "--env", "prod", "--out", path.join(work, "never")], 2);
  assert.ok(!existsSync(path.join(work, "never")));
});

test("diff of two files: text, JSON and Markdown, with and without a context sample", () => {
  const files = ["examples/flags.json", "examples/flags-next.json"];
  for (const format of [[], ["--json"], ["--markdown"]]) {
    const text = same(["diff", ...files, "--now", NOW, ...format], 0).stdout;
    assert.ok(text.length > 500, "a real report");
    same(["diff", ...files, "--contexts", "examples/users.jsonl", "--now", NOW, ...format], 0);
  }
  same(["diff", ...files, "--now", NOW, "--exit-code"], 1);
  same(["diff", "examples/flags.yaml", "examples/flags.json", "--now", NOW], 0);
  same(["diff", ...files, "--contexts", "examples/invalid/users-with-bad-lines.jsonl", "--now", NOW], 0);
});

test("diff --git: revisions of a temporary repository, run by the launcher's git", () => {
  const { dir, git } = gitRepo("diff-repo");
  mkdirSync(path.join(dir, "flags"));
  cpSync(path.join(ROOT, "examples", "flags.json"), path.join(dir, "flags", "prod.json"));
  git("add", ".");
  git("commit", "-q", "-m", "flags");
  git("branch", "base");
  cpSync(path.join(ROOT, "examples", "flags-next.json"), path.join(dir, "flags", "prod.json"));
  git("commit", "-q", "-a", "-m", "next");
  const options = { cwd: dir };
  const report = same(["diff", "--git", "base..HEAD", "flags/prod.json", "--now", NOW], 0, options);
  assert.match(report.stdout, /base/);
  same(["diff", "--git", "base...HEAD", "flags/prod.json", "--now", NOW, "--markdown"], 0, options);
  same(["diff", "--git", "base", path.join(dir, "flags", "prod.json"), "--now", NOW, "--json"], 0, options);
  same(["diff", "--git", "HEAD~1..", "prod.json", "--now", NOW], 0, { cwd: path.join(dir, "flags") });
  same(["diff", "--git", "nope..HEAD", "flags/prod.json"], 2, options);
  same(["diff", "--git", "base..HEAD", "flags/missing.json"], 2, options);
  same(["diff", "--git", "..", "flags/prod.json"], 2, options);
  same(["diff", "--git", "base..HEAD", "flags/prod.json"], 2, { cwd: work });
  // A revision's file over the ruleset size limit: git is stopped one byte past it, both ways.
  const big = JSON.parse(readFileSync(path.join(ROOT, "examples", "flags.json"), "utf8"));
  big.padding = "x".repeat(17 << 20);
  writeFileSync(path.join(dir, "flags", "prod.json"), JSON.stringify(big));
  git("commit", "-q", "-a", "-m", "too big");
  assert.match(same(["diff", "--git", "HEAD~1..HEAD", "flags/prod.json", "--now", NOW], 1, options).stderr, /over 16777216 bytes, the limit/);
  // Without git on PATH, both say so in the same words.
  const noGit = same(["diff", "--git", "base..HEAD", "flags/prod.json"], 2, { cwd: dir, env: { ...process.env, PATH: path.join(work, "empty") } });
  assert.match(noGit.stderr, /git \(needed by --git\): No such file or directory/);
});

test("lint: findings, a config file and from stdin, JSON, and --git outside a repository", () => {
  same(["lint", "examples/lint/flags.json", "--now", NOW], 1);
  same(["lint", "examples/lint/flags.json", "--now", NOW, "--config", "examples/lint/lint.yaml", "--json"], 1);
  same(["lint", "examples/lint/flags.json", "--now", NOW, "--config", "-"], 1, { input: '{"unreachable_rule": "error"}' });
  same(["lint", "examples/lint/flags.json", "--now", NOW, "--config", "-"], 2, { input: '{"unreachable_rules": "error"}' });
  same(["lint", "examples/flags.json", "--now", NOW], 0);
  const outside = path.join(work, "not-a-repo.json");
  cpSync(path.join(ROOT, "examples", "lint", "flags.json"), outside);
  assert.match(same(["lint", outside, "--now", NOW, "--git"], 1).stderr, /note: .*not in a git work tree/);
});

test("lint --git: ages of constant flags from a file's history", () => {
  const { dir, git, env } = gitRepo("lint-repo");
  const flags = JSON.parse(readFileSync(path.join(ROOT, "examples", "lint", "flags.json"), "utf8"));
  const commit = (date, message) => execFileSync("git", ["commit", "-q", "-a", "-m", message], { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  writeFileSync(path.join(dir, "flags.json"), JSON.stringify(flags, null, 2));
  git("add", "flags.json");
  commit("2026-09-01T00:00:00Z", "flags");
  for (const flag of Object.values(flags.flags)) flag.metadata = { ...flag.metadata, note: "touched" };
  writeFileSync(path.join(dir, "flags.json"), JSON.stringify(flags, null, 2));
  commit("2026-10-01T00:00:00Z", "notes");
  const result = same(["lint", "flags.json", "--now", NOW, "--git"], 1, { cwd: dir });
  assert.match(result.stdout, /\(for \d+ days, since 2026-09-01, commit [0-9a-f]{7}\)/);
  same(["lint", path.join(dir, "flags.json"), "--now", NOW, "--git", "--json"], 1);
});

/** A copy of examples/project at `dir`, without what codegen wrote into it. */
function projectAt(dir) {
  cpSync(path.join(ROOT, "examples", "project"), dir, { recursive: true, filter: (from) => !from.includes(`${path.sep}generated`) });
  return dir;
}

/** Replaces `from` (which must be there) with `to` in a file. */
function edit(file, from, to) {
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${file} has ${from}`);
  writeFileSync(file, text.replace(from, to));
}

test("projects: validate, lint, diff and codegen on project directories", () => {
  assert.match(same(["validate", "examples/project"], 0).stdout, /production/);
  same(["validate", "examples/project", "--env", "production", "--json"], 0);
  same(["validate", "examples/invalid/project"], 1);
  same(["validate", "examples/invalid/project", "--json"], 1);
  same(["validate", "examples/invalid/cyclic"], 1);
  same(["validate", "examples/project/flags"], 2);
  same(["validate", "examples/flags.json", "--env", "production"], 2);
  const odd = path.join(work, "config-is-a-directory");
  mkdirSync(path.join(odd, "rollgate.yaml"), { recursive: true });
  assert.match(same(["validate", odd], 1).stdout, /rollgate\.yaml: Is a directory/);
  same(["lint", "examples/project", "--now", NOW], 0);
  same(["lint", "examples/project", "--now", NOW, "--json"], 0);
  same(["lint", "examples/project", "--env", "prod"], 2);
  same(["lint", "examples"], 2);
  // Two projects, environment by environment: relative to the current directory.
  const root = path.join(work, "two-projects");
  const old = projectAt(path.join(root, "old"));
  const next = projectAt(path.join(root, "new"));
  edit(path.join(next, "environments", "production.yaml"), "mobile: {percent: 10}", "mobile: {percent: 25}");
  const options = { cwd: root };
  for (const format of [[], ["--json"], ["--markdown"]]) {
    assert.match(same(["diff", "old", "new", "--now", NOW, ...format], 0, options).stdout, /production/);
  }
  same(["diff", "old", "new", "--now", NOW, "--env", "production", "--client"], 0, options);
  same(["diff", "old", "new", "--now", NOW, "--exit-code"], 1, options);
  same(["diff", old, "examples/flags.json"], 2);
  same(["diff", "examples/project", "examples/invalid/project", "--now", NOW], 1);
  for (const lang of ["ts", "kotlin", "swift"]) {
    same(["codegen", "--lang", lang, "examples/project"], 0);
    same(["codegen", "--lang", lang, "--client", "examples/project", "examples/flags.json"], 0);
  }
  same(["codegen", "--lang", "ts", "examples/invalid/project"], 1);
  same(["codegen", "examples/project", "examples/project"], 2);
  // Without --lang: the project's codegen section says what to write, and where.
  const written = {};
  for (const [who, runner] of [["native", native], ["npm", npm]]) {
    const dir = projectAt(path.join(work, `codegen-${who}`));
    written[who] = { result: runner(["codegen"], { cwd: dir }), dir };
  }
  assert.deepEqual(written.npm.result, written.native.result);
  assert.equal(written.native.result.status, 0, written.native.result.stderr);
  const generated = readdirSync(path.join(written.native.dir, "generated")).sort();
  assert.deepEqual(generated, ["RollgateFlags.kt", "RollgateFlags.swift", "rollgate-flags.ts"]);
  for (const file of generated) {
    assert.deepEqual(readFileSync(path.join(written.npm.dir, "generated", file)), readFileSync(path.join(written.native.dir, "generated", file)), file);
  }
});

test("projects: diff --git between revisions of a project directory, and lint --git on one", () => {
  const { dir, git, env } = gitRepo("project-repo");
  const commit = (date, message, tag) => {
    const dated = { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    execFileSync("git", ["add", "."], { cwd: dir, env: dated });
    execFileSync("git", ["commit", "-q", "-m", message], { cwd: dir, env: dated });
    if (tag) git("tag", tag);
  };
  const project = projectAt(path.join(dir, "app", "flags"));
  const production = path.join(project, "environments", "production.yaml");
  commit("2026-10-01T00:00:00Z", "v1", "v1");
  edit(production, "mobile: {percent: 10}", "mobile: {percent: 25}");
  edit(path.join(project, "environments", "staging.yaml"), "  payments-v3:\n    enabled: true\n", "");
  commit("2026-11-20T00:00:00Z", "v2", "v2");
  edit(production, "mobile: {percent: 25}", "mobile: {percent: 30}");
  const options = { cwd: dir };
  for (const range of ["v1..v2", "v1..", "v2", "v1...v2"]) {
    assert.match(same(["diff", "--git", range, "app/flags", "--now", NOW, "--json"], 0, options).stdout, /"environments"/);
  }
  same(["diff", "--git", "v1..v2", "app/flags", "--now", NOW], 0, options);
  same(["diff", "--git", "v1..v2", "app/flags", "--now", NOW, "--markdown", "--env", "production"], 0, options);
  same(["diff", "--git", "v1..v2", "app/flags", "--now", NOW, "--exit-code"], 1, options);
  // From inside the project (no path: the current directory), from a subdirectory, absolute.
  same(["diff", "--git", "v1..v2", "--now", NOW, "--json"], 0, { cwd: project });
  same(["diff", "--git", "v1..v2", "..", "--now", NOW], 0, { cwd: path.join(project, "flags") });
  same(["diff", "--git", "v1..v2", project, "--now", NOW, "--json"], 0, { cwd: path.join(dir, "app") });
  // Git runs from the current directory: outside the repository, the revision is not found.
  assert.match(same(["diff", "--git", "v1..v2", project], 2, { cwd: "/" }).stderr, /not in a git repository/);
  for (const args of [["v1..v9", "app/flags"], ["v0...v2", "app/flags"], ["v1..v2", "app/flagz"], ["v1..v2", "app"], ["v1..v2", "app/flags", "--env", "prod"]]) {
    same(["diff", "--git", ...args], 2, options);
  }
  // lint --git: ages of findings from the project's history, merged over its environments.
  const lint = same(["lint", "app/flags", "--git", "--now", NOW, "--json"], 0, options);
  assert.match(lint.stdout, /"date": "2026-11-20T00:00:00.000Z"/);
  same(["lint", "flags", "--git", "--now", NOW], 0, { cwd: path.join(dir, "app") });
  same(["lint", project, "--git", "--now", NOW, "--env", "production"], 0, { cwd: "/" });
  // A problem in a revision is located there (REV:PATH).
  writeFileSync(path.join(project, "flags", "broken.yaml"), "flags: {oops: [\n");
  commit("2026-11-25T00:00:00Z", "v3");
  assert.match(same(["diff", "--git", "v2..HEAD", "app/flags", "--now", NOW], 1, options).stderr, /HEAD:app\/flags\/flags\/broken\.yaml/);
});

test("codegen: TypeScript, Kotlin and Swift, to stdout and to a file", () => {
  for (const lang of ["ts", "kotlin", "swift"]) {
    assert.ok(same(["codegen", "--lang", lang, "examples/flags.json"], 0).stdout.includes("new-checkout"));
    same(["codegen", "--lang", lang, "examples/flags.json", "tests/codegen/staging.json"], 0);
  }
  same(["codegen", "--lang", "kotlin", "--package", "com.example.flags", "examples/flags.json"], 0);
  same(["codegen", "--lang", "kotlin", "tests/codegen/clash.json"], 1);
  same(["codegen", "--lang", "ts", "examples/flags.json", "tests/codegen/conflict.json"], 1);
  same(["codegen", "--lang", "swift", "examples/invalid/typo.json"], 1);
  const outs = { native: path.join(work, "flags.native.ts"), npm: path.join(work, "flags.npm.ts") };
  assert.equal(native(["codegen", "--lang", "ts", "examples/flags.json", "--out", outs.native]).status, 0);
  assert.equal(npm(["codegen", "--lang", "ts", "examples/flags.json", "--out", outs.npm]).status, 0);
  assert.deepEqual(readFileSync(outs.npm), readFileSync(outs.native));
});

test("usage and I/O errors: exit 2 with clap's words, help and version", () => {
  for (const args of [[], ["bogus"], ["eval"], ["eval", "examples/flags.json", "--now", "yesterday"], ["diff", "--json", "--markdown", "a", "b"]]) {
    same(args, 2);
  }
  same(["--help"], 0);
  same(["diff", "--help"], 0);
  same(["--version"], 0);
  assert.match(same(["validate", "no/such/file.json"], 2).stderr, /no\/such\/file\.json: No such file or directory\n$/);
  same(["validate", "examples"], 2);
  same(["eval", "examples/flags.json", "--all", "--context", "@examples"], 2);
  same(["eval", "examples/flags.json", "--flag", "nope"], 2);
  same(["eval", "examples/flags.json", "--all", "--context", "[1]"], 1);
  same(["simulate", "examples/flags.json", "--flag", "new-checkout", "--contexts", "missing.jsonl"], 2);
});

test("a reader that stops early ends the command quietly, as natively", () => {
  const pipeline = (rollgate) => run("sh", ["-c", `${rollgate} eval examples/flags.json --all --contexts examples/users.jsonl --now ${NOW} | head -n 2`]);
  const expected = pipeline(NATIVE);
  assert.equal(expected.stdout.split("\n").length, 3);
  assert.deepEqual(pipeline(`'${process.execPath}' '${LAUNCHER}'`), expected);
});

test("Node prints no warning about WASI being experimental", () => {
  const result = npm(["validate", "examples/flags.json"]);
  assert.equal(result.stderr, "");
  // Other warnings are still printed.
  const other = run(process.execPath, ["--input-type=module", "-e", `process.argv.push("--version"); process.emitWarning("kept", "SomeWarning"); await import(${JSON.stringify(LAUNCHER)});`]);
  assert.match(other.stderr, /SomeWarning: kept/);
  assert.doesNotMatch(other.stderr, /ExperimentalWarning/);
});

test("every documented transcript prints what its document shows through the npm command", () => {
  // The documents whose transcripts the Rust CLI's test checks: the same list.
  const rust = readFileSync(path.join(ROOT, "cli", "tests", "transcripts.rs"), "utf8");
  const documents = [...rust.matchAll(/check_document\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.ok(documents.length >= 6, `documents: ${documents}`);
  // `rollgate` on PATH is the npm command.
  const bin = path.join(work, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "rollgate"), `#!/bin/sh\nexec '${process.execPath}' '${LAUNCHER}' "$@"\n`);
  chmodSync(path.join(bin, "rollgate"), 0o755);
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  let count = 0;
  const failures = [];
  for (const document of documents) {
    for (const t of transcripts(readFileSync(path.join(ROOT, document), "utf8"))) {
      count += 1;
      const result = run("sh", ["-c", t.command], { env });
      const expected = t.output.length === 0 ? "" : `${t.output.join("\n")}\n`;
      if (result.stdout + result.stderr !== expected) {
        failures.push(`${document}:${t.line}: $ ${t.command}\n--- the docs show:\n${expected}--- npx rollgate prints:\n${result.stdout}${result.stderr}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(count >= 40, `only ${count} transcripts`);
  assert.ok(run("sh", ["-c", "command -v rollgate"], { env }).stdout.startsWith(bin), "the transcripts ran the npm command");
});

test("the CLI's module is about 475 KB gzipped", () => {
  // The figure npm/README.md gives (gzip -9, as npm packs): within 5%.
  const gzipped = gzipSync(readFileSync(CLI_WASM), { level: 9 }).length;
  assert.ok(Math.abs(gzipped - 475_000) <= 24_000, `${gzipped} B gzipped: update npm/README.md and ADR 0023`);
});

test("installed from the packed tarball, `npx rollgate` runs in an app; a Vite build of the app leaves the CLI out", async () => {
  const app = installPackedApp(work);
  const installed = path.join(app, "node_modules", "rollgate");
  assert.ok(existsSync(path.join(installed, "cli", "rollgate-cli.wasm")), "the package ships the CLI's module");
  const npx = (args, options) => run("npx", ["--no", "rollgate", ...args], { cwd: app, ...options });
  const examples = path.join(ROOT, "examples");
  for (const args of [
    ["validate", path.join(examples, "flags.json")],
    ["validate", path.join(examples, "invalid", "typo.json")],
    ["lint", path.join(examples, "lint", "flags.json"), "--now", NOW],
    ["diff", path.join(examples, "flags.json"), path.join(examples, "flags-next.json"), "--now", NOW, "--markdown"],
    ["codegen", "--lang", "ts", path.join(examples, "flags.json")],
    ["build", path.join(examples, "project"), "--locked", "--out", "public/flags"],
  ]) {
    const expected = native(args, { cwd: app });
    assert.deepEqual(npx(args), expected, `npx rollgate ${args.join(" ")}`);
  }
  assert.ok(statSync(path.join(app, "public", "flags", "production.json")).size > 0);

  // The app's own code imports the browser entry; its bundle has the browser module only.
  writeFileSync(path.join(app, "index.html"), `<!doctype html><script type="module" src="/main.js"></script>`);
  writeFileSync(path.join(app, "main.js"), `import { createClient } from "rollgate";\ncreateClient({ url: "/flags/production.json" });\n`);
  const { build } = await import("vite");
  await build({ root: app, logLevel: "silent", build: { outDir: path.join(app, "dist"), emptyOutDir: true } });
  const assets = readdirSync(path.join(app, "dist", "assets")).map((f) => readFileSync(path.join(app, "dist", "assets", f)));
  const browserModule = readFileSync(path.join(NPM_DIR, "pkg", "rollgate_bg.wasm"));
  assert.ok(assets.some((bytes) => bytes.equals(browserModule)), "the browser module is bundled");
  const cliModule = readFileSync(CLI_WASM);
  for (const bytes of assets) {
    assert.ok(!bytes.equals(cliModule) && !bytes.includes("wasi_snapshot_preview1") && !bytes.includes("rollgate-cli"), "no asset is or names the CLI's module");
  }
});
