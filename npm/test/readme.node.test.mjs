// npm/README.md, checked: its TypeScript, TSX and JavaScript blocks type-check against the
// packed package (TypeScript 7, strict, no skipLibCheck), the typed-flags blocks in a project
// of their own, where each `@ts-expect-error` line fails with the error its comment quotes, the
// Node services block in a Node project; its engine block runs, its paths and commands exist,
// and every other claim is listed below with the test that checks it (the Vitest and Jest
// examples run in test-doubles.node.test.mjs, the Angular files are the app that
// angular.chromium.test.mjs compiles with Angular's compiler and runs). A
// claim edited in the README without its entry here fails the last test.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NPM_DIR, ROOT, assertClaims, installPackedApp, ruleset, transcripts } from "./helpers.mjs";

const TSC = path.join(ROOT, "tools", "node_modules", ".bin", "tsc");
const README = readFileSync(path.join(NPM_DIR, "README.md"), "utf8");
const blocks = [...README.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
const of = (lang) => blocks.filter((b) => b.lang === lang).map((b) => b.code);

// What the snippets take from the app around them.
const PRELUDE = `
declare const userId: string;
declare const appVersion: string;
declare const platform: string;
declare function rerender(changed: string[]): void;
declare const rulesetJson: string;
declare const newerRuleset: object;
declare const root: { render(node: unknown): void };
declare function App(): null;
`;

/** The prelude without what `code` imports itself (an import and a declaration of one name conflict: Capacitor's `App`). */
function preludeFor(code) {
  const imported = new Set([...code.matchAll(/^import \{([^}]*)\} from/gm)].flatMap((m) => m[1].split(",").map((name) => name.trim().split(/\s+as\s+/).pop())));
  return PRELUDE.split("\n").filter((line) => !imported.has(line.match(/^declare (?:const|function) (\w+)/)?.[1])).join("\n");
}

let app;
before(() => {
  app = installPackedApp(mkdtempSync(path.join(os.tmpdir(), "rollgate-readme-")));
  for (const dep of ["@openfeature", "@types", "@capacitor", "vitest", "react", "react-dom"]) {
    symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
  }
});

// The typed-flags blocks declare flags for the whole project they are in: they get their own.
const declaresFlags = (code) => code.includes(`declare module "rollgate"`) || code.includes("@ts-expect-error");
// The Angular files need Angular's compiler (angular.chromium.test.mjs); the Node services block
// a Node project (the server SDK's declarations need @types/node).
const isAngular = (code) => code.startsWith("// app.config.ts\n") || code.startsWith("// checkout.component.ts\n");
const isServer = (code) => code.includes(`from "rollgate/openfeature/server"`);

/** Type-checks `files` ({name: text}) in a new ES module project under the app; returns tsc's output. */
function typecheck(name, files, compilerOptions = {}) {
  const dir = path.join(app, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, target: "ES2022", module: "node16", lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], outDir: "out", ...compilerOptions },
    files: Object.keys(files),
  }));
  const run = spawnSync(process.execPath, [TSC, "-p", dir], { cwd: dir, encoding: "utf8" });
  return { dir, status: run.status, output: run.stdout + run.stderr };
}

test("every TypeScript and TSX block type-checks against the packed package", () => {
  const ts = of("ts").filter((code) => !declaresFlags(code) && !isAngular(code) && !isServer(code));
  assert.equal(ts.length, 6, "quick start, engine, testing, devtools, OpenFeature, Capacitor");
  const tsx = of("tsx");
  assert.equal(tsx.length, 4, "React, server rendering's server and browser, Vitest");
  const files = Object.fromEntries([
    ...ts.map((code, i) => [`block${i}.ts`, `${preludeFor(code)}\n${code}\nexport {};\n`]),
    ...tsx.map((code, i) => [`block${i}.tsx`, `${preludeFor(code)}\n${code}\nexport {};\n`]),
  ]);
  const result = typecheck("ts-blocks", files, { noEmit: true, jsx: "react-jsx" });
  assert.equal(result.status, 0, result.output);
});

test("the typed-flags blocks type-check, and each @ts-expect-error line fails with the error its comment quotes", () => {
  const [declaration, uses] = of("ts").filter(declaresFlags);
  assert.match(declaration, /declare module "rollgate" \{\n {2}interface Flags \{/);
  const checked = typecheck("typed-blocks", { "flags.d.ts": declaration, "main.ts": `${PRELUDE}\n${uses}\nexport {};\n` }, { noEmit: true });
  assert.equal(checked.status, 0, checked.output);
  // Without the directives, the lines below them fail, each with the error its comment quotes.
  const lines = `${PRELUDE}\n${uses}\nexport {};\n`.split("\n");
  const expected = [];
  const stripped = lines.map((line, i) => {
    const directive = line.match(/^\/\/ @ts-expect-error (TS\d+: .*)$/);
    if (!directive) return line;
    expected.push(`main.ts(${i + 2},`, directive[1]);
    return "";
  });
  assert.equal(expected.length, 6, "three expected errors");
  const failing = typecheck("typed-blocks-failing", { "flags.d.ts": declaration, "main.ts": stripped.join("\n") }, { noEmit: true });
  const errors = [...failing.output.matchAll(/^(main\.ts\(\d+,)\d+\): error (TS\d+: .*)$/gm)].flatMap((m) => [m[1], m[2]]);
  assert.deepEqual(errors, expected, failing.output);
});

test("the Node services block type-checks in a Node project (@types/node), and the Angular files are those the Angular test builds", () => {
  const server = of("ts").filter(isServer);
  assert.equal(server.length, 1);
  const result = typecheck("server-block", { "service.ts": server[0] }, { noEmit: true, types: ["node"] });
  assert.equal(result.status, 0, result.output);
  assert.equal(of("ts").filter(isAngular).length, 2);
  const angularTest = readFileSync(path.join(NPM_DIR, "test", "angular.chromium.test.mjs"), "utf8");
  for (const file of ["app.config.ts", "checkout.component.ts"]) assert.match(angularTest, new RegExp(`readmeFile\\("${file.replace(".", "\\.")}"\\)`));
});

test("the Cloudflare Worker block type-checks, with the .wasm import typed as Workers type it", () => {
  const [worker] = of("js");
  assert.match(worker, /import wasm from "rollgate\/rollgate_bg\.wasm"/);
  const result = typecheck("worker-block", {
    "wasm.d.ts": `declare module "rollgate/rollgate_bg.wasm" { const module: WebAssembly.Module; export default module; }\n`,
    "worker.js": worker,
  }, { allowJs: true, checkJs: true, noImplicitAny: false, noEmit: true });
  assert.equal(result.status, 0, result.output);
  const pkg = JSON.parse(readFileSync(path.join(app, "node_modules", "rollgate", "package.json"), "utf8"));
  assert.equal(pkg.exports["./rollgate_bg.wasm"], "./pkg/rollgate_bg.wasm", "the import the block makes is exported");
});

test("the engine block runs, with a real ruleset", () => {
  const engineBlock = of("ts").find((code) => code.includes("Engine.create"));
  const prelude = `const rulesetJson: string = ${JSON.stringify(JSON.stringify(ruleset(1)))};\nconst newerRuleset: object = ${JSON.stringify(ruleset(2))};\n`;
  const result = typecheck("engine-block", { "main.ts": `${prelude}${engineBlock}\nconsole.log("ran to the end");\n` });
  assert.equal(result.status, 0, result.output);
  const run = spawnSync(process.execPath, [path.join(result.dir, "out", "main.js")], { cwd: result.dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, "ran to the end\n");
});

test("the images the README shows exist", () => {
  const images = [...README.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.includes("../docs/images/devtools.png"), images.join());
  for (const image of images) assert.ok(existsSync(path.resolve(NPM_DIR, image)), image);
});

test("the HTML block's path and the build commands exist", () => {
  const [html] = of("html");
  const imported = html.match(/from "\/node_modules\/(rollgate\/[^"]+)"/)[1];
  assert.ok(existsSync(path.join(app, "node_modules", imported)), imported);
  const [sh] = of("sh");
  for (const line of sh.trim().split("\n")) {
    const script = line.match(/^(scripts\/[\w-]+\.sh)( --\w+)?/);
    if (script) {
      assert.ok(existsSync(path.join(ROOT, script[1])), script[1]);
      if (script[2]) assert.match(readFileSync(path.join(ROOT, script[1]), "utf8"), new RegExp(`\\n\\s+${script[2].trim()}\\)`), `${script[1]} takes ${script[2]}`);
    }
  }
  assert.ok(existsSync(path.join(ROOT, "npm", "bench", "bench.mjs")));
});

test("the command-line transcripts print what they show, run by npx in an app that installed the package", () => {
  const list = transcripts(README);
  assert.equal(list.length, 3, "validate, build, lint");
  cpSync(path.join(ROOT, "examples"), path.join(app, "examples"), { recursive: true });
  for (const t of list) {
    assert.match(t.command, /^npx rollgate /);
    const run = spawnSync("sh", ["-c", t.command], { cwd: app, encoding: "utf8" });
    assert.equal(run.stdout + run.stderr, `${t.output.join("\n")}\n`, `README line ${t.line}: $ ${t.command}`);
  }
  assert.ok(existsSync(path.join(app, "public", "flags", "production.json")), "build wrote into the app");
});

// Each claim: a phrase of the README (exact) and the tests that check it ("file: test name").
const CLAIMS = [
  ["`NaN`, `Infinity` and `-Infinity` follow JSON, as `JSON.stringify` writes them (`null`): as an\n  attribute, in a plain object or `engine.context()`, they make it absent; in a list they are a\n  `null` element, which gives `INVALID_CONTEXT`.", ["engine.node.test.mjs: contexts: NaN and infinities are absent, as JSON.stringify writes them; in a list, INVALID_CONTEXT", "inbox.node.test.mjs: 3,000 generated objects: the inbox reads what JSON.stringify writes, with the JSON route's answers and errors"]],
  ["`explain` resolves to the core's trace (the JSON `rollgate explain --json` prints) plus\n  `lines`: the text `rollgate explain` prints, one `{depth, text, verdict}` per line", ["engine.node.test.mjs: explain: the core's trace as `rollgate explain --json` prints it, plus its lines"]],
  ["`verdict`\n  `true` or `false` for a line that tests something, else `null`", ["devtools.node.test.mjs: the why? lines: the panel's classes"]],
  ["ending with the evaluation\n  time and the ruleset's revision.", ["engine.node.test.mjs: explain: the default module has no trace code; the debug module follows the engine's ruleset"]],
  ["`explain` returns a promise", ["engine.node.test.mjs: explain and nextChangeAfter"]],
  ["they are not in the default\n  `.wasm` that every page loads", ["engine.node.test.mjs: explain: the default module has no trace code", "size.node.test.mjs: the debug module is the bigger build"]],
  ["which the\n  first `explain` call fetches", ["conformance.chromium.test.mjs: the whole corpus passes in Chromium", "webpack.chromium.test.mjs: "]],
  ["which bundlers split into a chunk of its own", ["webpack.chromium.test.mjs: a webpack 5 build of an app importing rollgate runs in Chromium"]],
  ["`rollgate/slim` has no default for it: `initDebug(source)`", ["engine.node.test.mjs: rollgate/slim: explain needs initDebug(source)"]],
  ["It traces the ruleset the engine serves when `explain` is called", ["engine.node.test.mjs: explain: the default module has no trace code; the debug module follows the engine's ruleset"]],
  ["The conformance corpus checks its\n  traces (`tests/conformance/explain.json`) in Node and Chromium", ["conformance.node.test.mjs: the corpus has explain cases", "conformance.chromium.test.mjs: the whole corpus passes in Chromium"]],
  ["| default `.wasm`, gzip -9 | ≤ 80 KB", ["size.node.test.mjs: the default .wasm is within its goal (80,000 B gzip -9)"]],
  ["one\nconformance corpus (`tests/conformance/`) runs unchanged in Node, Chromium, JavaScriptCore", ["conformance.node.test.mjs: ", "conformance.chromium.test.mjs: the whole corpus passes in Chromium", "javascriptcore.test.mjs: ", "workerd.test.mjs: "]],
  ["Node: `^20.19.0 || >=22.12.0` (`engines`)", ["module-systems.node.test.mjs: engines states the floor that require(esm) needs"]],
  ["fetched with If-None-Match; persisted for offline starts", ["client.node.test.mjs: fetch with ETag, then 304 keeps what it has", "client.node.test.mjs: persisted last good ruleset: offline start, ETag restored"]],
  ["served from a JS Map: no WASM call per lookup", ["client.node.test.mjs: close() aborts a request in flight: no error, no update, lookups still answer"]],
  ["exactly the flags whose value changed", ["client.node.test.mjs: change events name exactly the flags whose value changed"]],
  ["both are tested: a built app runs in Chromium", ["vite.chromium.test.mjs: a Vite build of an app importing rollgate runs in Chromium", "webpack.chromium.test.mjs: "]],
  ["`rollgate/slim` | only what you pass to `init(source)`", ["engine.node.test.mjs: rollgate/slim needs a source; it accepts bytes; the Node entry needs none"]],
  ["`init(source)` accepts a URL, a `Response`, bytes or a `WebAssembly.Module`", ["conformance.chromium.test.mjs: ", "engine.node.test.mjs: init takes a Response", "engine.node.test.mjs: rollgate/slim needs a source", "workerd.test.mjs: "]],
  ["`initSync(bytesOrModule)` instantiates\nsynchronously", ["engine.node.test.mjs: NOT_INITIALIZED and WASM_LOAD_FAILED are RollgateErrors too; initSync works after a failed load"]],
  ["`createClient({ wasm: source })` passes a source through", ["engine.node.test.mjs: init takes a Response; createClient passes its wasm source through"]],
  ["`requestTimeout` (ms, default 10 000), `maxBackoff` (ms, default\n300 000)", ["client.node.test.mjs: defaults: requestTimeout 10 000 ms, maxBackoff 300 000 ms"]],
  ["a relative or `file:` URL is refused at once (`INVALID_URL`)", ["client.node.test.mjs: a relative or file: URL in Node is refused at once, pointing at bootstrap"]],
  ["default `localStorage` when usable, else memory", ["client.node.test.mjs: storage fallback: a throwing storage or localStorage never breaks the client"]],
  ["(the higher revision\n  wins, the persisted one on a tie: the core's rule for every binding, ADR 0018), evaluates,\n  and resolves immediately when either exists", ["client.node.test.mjs: persisted vs bootstrap: the newer revision wins", "startup.node.test.mjs: start-up: ", "client.node.test.mjs: with a bootstrap, createClient resolves at once and the fetch runs in the background"]],
  ["`engine.restore(persisted, bundled)` starts an engine that serves nothing yet", ["startup.node.test.mjs: start-up: "]],
  ["With nothing local it waits for the first fetch", ["client.node.test.mjs: no ruleset anywhere and the server down: starts with defaults"]],
  ["A 304, or a 200 with the ruleset text already served, keeps the ruleset and emits\n  nothing", ["client.node.test.mjs: without an ETag, the same ruleset again is no update and no change", "client.node.test.mjs: the persisted or bootstrapped text fetched again is no update"]],
  ["`GET /flags/prod.json returned text/html, not a ruleset: ...`", ["client.node.test.mjs: an HTML page served with 200 (a SPA fallback) says what came back and from where"]],
  ["emits `error` (and `stale` on the first\n  failure), and doubles the poll delay up to `maxBackoff`. A success after failures emits\n  `fresh`.", ["client.node.test.mjs: HTTP 500 keeps the last good ruleset, emits error and stale, then fresh on recovery", "client.node.test.mjs: polling backs off while requests fail", "client.node.test.mjs: malformed JSON and an invalid ruleset are refused", "client.node.test.mjs: a rollback to an older revision is refused", "client.node.test.mjs: a slow response times out"]],
  ["The client retries such a\n  failed request once without the header", ["cors.chromium.test.mjs: CORS rules without If-None-Match: the client says which header is missing"]],
  ["when a scheduled ramp step starts (a timer at `nextChangeAfter`)", ["client.node.test.mjs: a scheduled ramp step recomputes and emits change without a new ruleset"]],
  ["A missing flag or another type gives the fallback.", ["client.node.test.mjs: bootstrap only: flags with no network, typed getters and defaults"]],
  ["or `PROVIDER_NOT_READY` while no ruleset is loaded", ["client.node.test.mjs: with no ruleset loaded, lookups say PROVIDER_NOT_READY, not FLAG_NOT_FOUND"]],
  ["when the app reads a value: `isEnabled`, the typed getters, `getDetails`, and the React hooks\n  `useFlag` and `useFlagDetails`. Never for `allFlags()` or `useFlags()`, and never for loading\n  a bootstrap, a stored ruleset, server values or a fetch.", ["exposures.node.test.mjs: no exposure for allFlags(), a bootstrap, a stored ruleset, a fetch, server values, a ramp step or a flag that does not exist", "exposures.node.test.mjs: React: useFlag and useFlagDetails are reads; useFlags is not", "react.node.test.mjs: useFlags fires no exposure; useFlag and useFlagDetails do, once per flag", "ssr.chromium.test.mjs: "]],
  ["`\"context\"` (default) once per flag and served value (variant and value) for\n  each context", ["exposures.node.test.mjs: dedupe context (the default): once per flag and served value for each context", "exposures.node.test.mjs: dedupe context: a new value counts again; going back to one already counted does not", "client.node.test.mjs: onExposure fires once per flag and context", "client.node.test.mjs: onExposure fires again for a flag whose value a new ruleset changed"]],
  ["`\"session\"` once per flag and served value for the client's life", ["exposures.node.test.mjs: dedupe session: once per flag and served value for the client's life, whatever the context"]],
  ["`\"none\"` every\n  read", ["exposures.node.test.mjs: dedupe none: every read"]],
  ["`createClientSync(options)`\nreturns the client at once, answering from `server` (or with fallbacks) until its engine is\nready (`await client.started`)", ["ssr.node.test.mjs: createClientSync answers with the server's results before the .wasm is loaded, and its engine takes over without events", "ssr.node.test.mjs: a ruleset in the state: context changes are evaluated in the browser; values only: fallbacks until a ruleset arrives"]],
  ["`client.status` is `{ source, ready, stale, error, revision }`, and the `status`\n  event fires, after the events that caused it, whenever one of them changes", ["ssr.node.test.mjs: server values against the local rulesets: a newer persisted ruleset takes over with a change event; an older one does not", "ssr.node.test.mjs: server values and the network: a ruleset at least as new replaces them (update); an older one (a CDN behind the server) does not", "testing.node.test.mjs: status: the source given (default bootstrap), the stale state and error emitted, and a status event after each change"]],
  ["`defaults` (nothing yet: `ready` is false and lookups give their fallbacks)", ["ssr.node.test.mjs: serverState: the request's context evaluated by the server's engine; the ruleset's text only with include: ruleset", "ssr.node.test.mjs: a ruleset in the state: context changes are evaluated in the browser; values only: fallbacks until a ruleset arrives"]],
  ["the `.wasm` of a\n  `createClientSync` client, which keeps answering", ["ssr.node.test.mjs: a .wasm that cannot load: the client keeps the server's values and reports WASM_LOAD_FAILED; createClient rejects"]],
  ["estimates how far the device's clock is off (`client.clockOffset`, ms)\n  and evaluates ramps, and times the next step, with the correction", ["clock.node.test.mjs: a ramp step the server's time has passed and the device's clock has not is served", "clock.node.test.mjs: a device ahead of the server does not start a step early", "clock.node.test.mjs: the ramp timer runs on the server's time", "clock.node.test.mjs: a later response that moves the estimate re-evaluates, even a 304", "clock.chromium.test.mjs: a device two days behind"]],
  ["an estimate within its own\n  uncertainty (about a second plus half the round trip) counts as 0", ["clock.node.test.mjs: a device clock within the measurement's uncertainty of the server's is not corrected", "clock.node.test.mjs: Age: a CDN's copy made five minutes ago says Date + Age is the server's time now"]],
  ["the host\n  must expose both headers (`Access-Control-Expose-Headers: ETag, Date, Age`)", ["clock.chromium.test.mjs: a device two days behind: the step the server's time has passed is served, when Date is exposed", "clock.chromium.test.mjs: a CDN's copy five minutes old: Date + Age is the server's time, when Age is exposed too"]],
  ["a client made from that state answers\n**synchronously, before the `.wasm` has loaded**, with exactly the server's results", ["ssr.node.test.mjs: createClientSync answers with the server's results before the .wasm is loaded", "ssr.chromium.test.mjs: "]],
  ["so the\nfirst render shows the right values and React's hydration matches the server's HTML", ["ssr.chromium.test.mjs: "]],
  ["with a `change` event only for values that really change", ["ssr.node.test.mjs: server values against the local rulesets: a newer persisted ruleset takes over with a change event", "ssr.chromium.test.mjs: "]],
  ["It throws `INVALID_CONTEXT` for\n  attributes the engine cannot take.", ["ssr.node.test.mjs: serverState: the request's context evaluated by the server's engine"]],
  ["a few hundred bytes\n  for a handful of flags", ["ssr.node.test.mjs: serverState: the request's context evaluated by the server's engine"]],
  ["a `setContext` with other attributes\n  gives fallbacks (`source: \"defaults\"`) until a ruleset arrives", ["ssr.node.test.mjs: a ruleset in the state: context changes are evaluated in the browser; values only: fallbacks until a ruleset arrives"]],
  ["once the engine is ready the browser evaluates context changes itself, without a fetch", ["ssr.node.test.mjs: a ruleset in the state: context changes are evaluated in the browser"]],
  ["every\n  `<` becomes `\\u003c`, so neither `</script>` nor `<!--` can appear, and U+2028 and U+2029 are\n  escaped", ["ssr.node.test.mjs: serializeServerState: no </script>, <!-- or raw U+2028/U+2029 in the text, which parses back to the same state"]],
  ["`undefined` when the page has no such element; `INVALID_STATE` naming the element and the\n  field when its text is not a state", ["ssr.node.test.mjs: readServerState: the element's state; undefined without the element; INVALID_STATE naming the element and the field"]],
  ["(`context` as well is\n  refused: `INVALID_CONTEXT`)", ["ssr.node.test.mjs: readServerState: the element's state"]],
  ["If that ruleset's revision is at least the state's, it takes\n  over (the same revision gives the same values: no `change`); an older one never replaces the\n  server's values: it only serves a context the server did not evaluate.", ["ssr.node.test.mjs: server values against the local rulesets: a newer persisted ruleset takes over with a change event; an older one does not"]],
  ["a CDN still on an older revision than the server's does not take the page\n  back", ["ssr.node.test.mjs: server values and the network: a ruleset at least as new replaces them (update); an older one (a CDN behind the server) does not"]],
  ["`static: true`: the client answers from the state only, with no engine, no `.wasm`, no\n  storage and no request", ["ssr.node.test.mjs: static: answers from the state only; no engine, no storage, no request"]],
  ["When the engine has taken over before\n  hydration with other values (a newer ruleset), hydration still matches the HTML, and React\n  re-renders with the new values right after.", ["ssr.chromium.test.mjs: a client already newer than the page (engine ready, a newer ruleset fetched) hydrates with the page's values, then moves to its own"]],
  ["A `.wasm` that fails to load: the client keeps the server's values, `status.error` and an\n  `error` event say `WASM_LOAD_FAILED`.", ["ssr.node.test.mjs: a .wasm that cannot load: the client keeps the server's values and reports WASM_LOAD_FAILED; createClient rejects"]],
  ["`as=\"fetch\"` with `crossorigin` is what makes the browser reuse the preloaded response", ["ssr.chromium.test.mjs: "]],
  ["without `crossorigin` the preload is a request of another mode,\nand Chromium fetches the `.wasm` a second time", ["ssr.chromium.test.mjs: the preload without crossorigin is a request of another mode: Chromium fetches the .wasm twice"]],
  ["| `INVALID_STATE` | `readServerState`, `createClientSync({ server })`", ["ssr.node.test.mjs: readServerState: the element's state; undefined without the element; INVALID_STATE naming the element and the field"]],
  ["for a client made from a server\n  state, what the server rendered with", ["ssr.chromium.test.mjs: a client already newer than the page"]],
  ["`createTestClient(values, { source: \"defaults\" })` is a client that is not ready yet", ["testing.node.test.mjs: status: the source given (default bootstrap)"]],
  ["`close()` stops timers, aborts a request in flight and frees the WASM memory", ["client.node.test.mjs: close() aborts a request in flight", "client.node.test.mjs: polling backs off while requests fail"]],
  ["text, object or UTF-8 bytes; throws, keeps the old one on error", ["engine.node.test.mjs: load and validate take UTF-8 bytes", "engine.node.test.mjs: an invalid ruleset throws INVALID_RULESET with every problem"]],
  ["every flag in one WASM call", ["engine.node.test.mjs: evaluateAll agrees with evaluate for 200 generated flags and many users"]],
  ["`null`/`undefined` mean absent; nested objects are refused", ["engine.node.test.mjs: null and undefined attributes are absent", "engine.node.test.mjs: contexts: nested objects are INVALID_CONTEXT with a path; Dates and lists work"]],
  ["read afresh on every call: nothing is cached from one call to the next", ["engine.node.test.mjs: a plain-object context is read afresh on every call", "inbox.node.test.mjs: one object after another: nothing of the previous one is left"]],
  ["`value` and `metadata` objects are frozen and shared", ["engine.node.test.mjs: unknown flags, type mismatches and the full result shape", "engine.node.test.mjs: init takes a Response; createClient passes its wasm source through; object values are frozen"]],
  ["prints (`console.log` in Node) and serializes (`JSON.stringify`) as\n  `{flag: result, ...}`", ["engine.node.test.mjs: results, result sets, contexts and engines print and serialize as what they mean"]],
  ["`Engine.validate(ruleset)` lists the problems without loading", ["engine.node.test.mjs: an invalid ruleset throws INVALID_RULESET with every problem"]],
  ["`await Engine.validateDetailed(ruleset)` gives the same problems with them", ["engine.node.test.mjs: problems: the default module says each kind in short, validateDetailed the full message with hints, for the same problems"]],
  ["when garbage-collected, by a `FinalizationRegistry`", ["soak.node.test.mjs: "]],
  ["`liveWrappers()` the number of live `Engine`/`Context` wrappers. The soak test uses all three.", ["soak.node.test.mjs: "]],
  ["a `RollgateError` (`e instanceof RollgateError`, or `isRollgateError(e)`), with a `code`", ["engine.node.test.mjs: every error is a RollgateError with a code, and says what is wrong once", "engine.node.test.mjs: NOT_INITIALIZED and WASM_LOAD_FAILED are RollgateErrors too", "client.node.test.mjs: load errors name the URL; refresh errors are RollgateErrors with the URL"]],
  ["| `STORAGE_ERROR` | an `error` event", ["client.node.test.mjs: storage fallback: a throwing storage or localStorage never breaks the client"]],
  ["| `CORS_HEADER_BLOCKED` | a `warning`", ["cors.chromium.test.mjs: CORS rules without If-None-Match"]],
  ["| `NO_RULESET` | the OpenFeature provider's `initialize`", ["openfeature.node.test.mjs: after a failed initialize, resolutions are PROVIDER_NOT_READY with the load error"]],
  ["Messages say what and where once", ["engine.node.test.mjs: every error is a RollgateError with a code, and says what is wrong once", "client.node.test.mjs: load errors name the URL"]],
  ["Resolution details carry the variant, reason, error code and flag metadata", ["openfeature.node.test.mjs: resolution details, context changes and events through the real web SDK"]],
  ["`targetingKey` is also used as `userId`\nunless one is given; nested context objects are flattened with dots", ["openfeature.node.test.mjs: context mapping: targetingKey becomes userId, nested objects are flattened"]],
  ["until a refresh loads a ruleset (then `PROVIDER_READY`)", ["openfeature.node.test.mjs: after a failed initialize, resolutions are PROVIDER_NOT_READY with the load error, until a ruleset loads"]],
  ["its hooks are tested\non top of this provider", ["openfeature-react.node.test.mjs: "]],
  ["`rollgate/react` and `rollgate/testing` are entries of their own: an app that does not import\nthem bundles neither, and React is an optional peer dependency (`^18.0.0 || ^19.0.0`).", ["module-systems.node.test.mjs: rollgate/react and rollgate/testing: entries of their own with types for import and require; React an optional peer", "vite.chromium.test.mjs: a Vite build of an app importing rollgate runs in Chromium"]],
  ["`details` (the flags whose result changed in any field: value, variant,\n  reason, rule, error or metadata; a superset of `change`)", ["client.node.test.mjs: details events name the flags whose result changed in any field: a superset of change"]],
  ["| `NO_PROVIDER` | a `rollgate/react` hook rendered outside a `<RollgateProvider>`", ["react.node.test.mjs: outside a provider the hooks throw NO_PROVIDER, saying what to do"]],
  ["take only declared keys, check the fallback against the declared\ntype, and return it", ["typed-flags.node.test.mjs: declared flags: right uses compile with the declared types; a typo key and a wrong fallback fail"]],
  ["Without the declaration, every key is a `string`", ["typed-flags.node.test.mjs: without a declaration every key is a string; an explicit key set is checked the same way"]],
  ["A key set can also be passed explicitly instead", ["typed-flags.node.test.mjs: without a declaration every key is a string; an explicit key set is checked the same way"]],
  ["Code that takes either client types it as `FlagClient`", ["typed-flags.node.test.mjs: declared flags: right uses compile with the declared types"]],
  ["takes the real client or the test client (`FlagClient`)", ["react.node.test.mjs: server rendering: the hooks answer from the test client", "react.chromium.test.mjs: "]],
  ["The component re-renders only\n  when this flag's value changes.", ["react.chromium.test.mjs: "]],
  ["`errorCode` says why (`TYPE_MISMATCH`, `FLAG_NOT_FOUND`,\n  `PROVIDER_NOT_READY`)", ["react.node.test.mjs: the fallback's type is the expected type: another type, a missing flag or no ruleset gives the fallback, and details say why"]],
  ["Re-renders when any field of this flag's result changes (the client's\n  `details` event), e.g. the same value for another rule.", ["react.chromium.test.mjs: "]],
  ["`useFlags()`: every flag's value (no exposure fired); re-renders when any value changes.", ["react.node.test.mjs: useFlags fires no exposure; useFlag and useFlagDetails do, once per flag", "react.chromium.test.mjs: "]],
  ["`useRollgateStatus()`: the client's `status`, `{ source, ready, stale, error, revision }`", ["react.chromium.test.mjs: ", "react.node.test.mjs: the fallback's type is the expected type", "ssr.chromium.test.mjs: "]],
  ["Server rendering works: the server snapshot is the client's answer", ["react.node.test.mjs: server rendering: the hooks answer from the real client"]],
  ["Tested with React 19.2, built by Vite, in Chromium: a context change, a ruleset update, a\n  ramp step and a failed refresh each re-render exactly the components that read what changed", ["react.chromium.test.mjs: "]],
  ["every public member of the real\n  client but `engine` and `nextPollDelay`", ["testing.node.test.mjs: the test client has every public member of the real client but its engine and poll delay"]],
  ["the OpenFeature provider (`new RollgateProvider({ client })`) take either", ["testing.node.test.mjs: the OpenFeature provider serves from a test client", "react.chromium.test.mjs: "]],
  ["Lookups answer as the real client's: a missing flag or another type gives the fallback", ["testing.node.test.mjs: createTestClient answers synchronously, as the real client does", "testing.node.test.mjs: details: reason STATIC, the variant named after the value; FLAG_NOT_FOUND and TYPE_MISMATCH as the real client"]],
  ["A value set by the test has reason\n  `STATIC` and a variant named after the value", ["testing.node.test.mjs: details: reason STATIC, the variant named after the value"]],
  ["emit `change` and\n  `details` with exactly the flags whose value changed", ["testing.node.test.mjs: set and setAll change values and emit change and details with exactly the flags whose value changed"]],
  ["`emit(event, ...)` sends any event and\n  keeps the state it describes", ["testing.node.test.mjs: emit sends any event and keeps the state it describes: error, stale, fresh, update"]],
  ["`setContext` keeps the context; the values do not depend on it.", ["testing.node.test.mjs: context: kept and returned; the values do not depend on it"]],
  ["refused with `INVALID_RULESET` naming the flag", ["testing.node.test.mjs: a value that is no flag value is refused, naming the flag"]],
  ["With Vitest (TSX works as it is)", ["test-doubles.node.test.mjs: the Vitest example passes under Vitest, and fails when its expectation is wrong"]],
  ["Jest on Node 20 cannot `require` one, so run\nJest in its ES module mode (`NODE_OPTIONS=--experimental-vm-modules npx jest`)", ["test-doubles.node.test.mjs: why ES module mode: Jest's own require cannot load rollgate on Node 20", "test-doubles.node.test.mjs: the Jest example passes under Jest in its ES module mode, and fails when its expectation is wrong"]],
  ["Every command of the native CLI works, on ruleset files and on project directories, with the\n  same output, exit codes and written files, byte for byte: tested command by command against\n  the native CLI, and over every transcript of the docs.", ["cli.node.test.mjs: validate: ", "cli.node.test.mjs: projects: validate, lint, diff and codegen on project directories", "cli.node.test.mjs: eval, explain and simulate", "cli.node.test.mjs: build writes byte-identical rulesets and lock files", "cli.node.test.mjs: diff of two files", "cli.node.test.mjs: lint: ", "cli.node.test.mjs: codegen: ", "cli.node.test.mjs: usage and I/O errors", "cli.node.test.mjs: every documented transcript prints what its document shows through the npm command"]],
  ["`--git` (`diff --git main...HEAD`, `lint --git`) runs the `git` installed on the machine", ["cli.node.test.mjs: diff --git: revisions of a temporary repository, run by the launcher's git", "cli.node.test.mjs: lint --git: ages of constant flags from a file's history", "cli.node.test.mjs: projects: diff --git between revisions of a project directory, and lint --git on one"]],
  ["Paths are those of the shell: relative to the current directory, or absolute.", ["cli.node.test.mjs: build writes byte-identical rulesets and lock files, relative to the current directory", "cli.node.test.mjs: diff --git: "]],
  ["Node 20 marks WASI as experimental; the command silences that one warning.", ["cli.node.test.mjs: Node prints no warning about WASI being experimental"]],
  ["no entry point imports it, so a bundle of an app that imports `rollgate` does not\n  contain it.", ["cli.node.test.mjs: installed from the packed tarball, `npx rollgate` runs in an app; a Vite build of the app leaves the CLI out"]],
  ["about 475 KB of the gzipped package", ["cli.node.test.mjs: the CLI's module is about 475 KB gzipped"]],
  ["So is\n`rollgate/capacitor`, whose Capacitor plugins (`@capacitor/core`, `@capacitor/preferences`,\n`@capacitor/app`, `@capacitor/device`, `>=6.0.0`) are optional peer dependencies too; it imports\nnone of them", ["capacitor.node.test.mjs: rollgate/capacitor: an entry of its own with types for import and require; Capacitor optional peers; not in the main entry"]],
  ["Tested with Angular 21.2 and `@openfeature/angular-sdk` 1.2.0: these two files, compiled ahead\nof time by Angular's compiler (`ngc`, strict templates) and bundled by Vite with Angular's\nlinker, run in Chromium", ["angular.chromium.test.mjs: @openfeature/angular-sdk over RollgateProvider"]],
  ["follow a ruleset update (the provider's\n`PROVIDER_CONFIGURATION_CHANGED`) and a context change (`OpenFeature.setContext`)", ["angular.chromium.test.mjs: @openfeature/angular-sdk over RollgateProvider"]],
  ["`rollgate/openfeature/server` is a provider for `@openfeature/server-sdk` (an optional peer\ndependency, `^1.17.0`)", ["openfeature-server.node.test.mjs: rollgate/openfeature/server: its own entry"]],
  ["Tested through the real server SDK against\n  the core's `Engine.evaluate`, for every flag of `examples/flags.json` and the 1,000 users of\n  `examples/users.jsonl`, and for every case of the conformance corpus.", ["openfeature-server.node.test.mjs: examples: every flag for the 1,000 users of users.jsonl", "openfeature-server.node.test.mjs: the conformance corpus through the server SDK"]],
  ["error\n  codes (`FLAG_NOT_FOUND`, `TYPE_MISMATCH`, `INVALID_CONTEXT`)", ["openfeature-server.node.test.mjs: errors: FLAG_NOT_FOUND, TYPE_MISMATCH and INVALID_CONTEXT"]],
  ["(`targetingKey` is the `userId`)", ["openfeature-server.node.test.mjs: a context per evaluation: targetingKey is the userId"]],
  ["Tested: both providers give the same details\n  for the same context.", ["openfeature-server.node.test.mjs: the server and web providers resolve alike for the same context"]],
  ["`client` serves from an existing\n  client", ["openfeature-server.node.test.mjs: an existing client: the provider serves from its engine"]],
  ["Nothing is persisted by default (`storage: false`)", ["openfeature-server.node.test.mjs: rollgate/openfeature/server: its own entry"]],
  ["Ramps apply at each evaluation's time.", ["openfeature-server.node.test.mjs: the conformance corpus through the server SDK"]],
  ["`PROVIDER_CONFIGURATION_CHANGED` when a new ruleset loads", ["openfeature-server.node.test.mjs: a URL: fetched with If-None-Match when polled"]],
  ["Until a ruleset is loaded, the SDK answers `PROVIDER_NOT_READY` itself; when `initialize`\n  could load nothing, it rejects with `NO_RULESET`", ["openfeature-server.node.test.mjs: not ready: "]],
  ["The SDK's declarations need `@types/node` (tested with the types of Node 20", ["readme.node.test.mjs: the Node services block type-checks in a Node project", "module-systems.node.test.mjs: rollgate/openfeature/server in a Node project"]],
  ["`rollgate/devtools` too is an entry of its\nown", ["devtools.node.test.mjs: rollgate/devtools: an entry of its own"]],
  ["A bundler makes the `import()` a chunk of its own, which the page\n  fetches only when that line runs; an app that does not import it bundles none of it. The\n  chunk is under 5 KB gzip.", ["devtools.chromium.test.mjs: rollgate/devtools in Chromium", "vite.chromium.test.mjs: a Vite build of an app importing rollgate runs in Chromium"]],
  ["| `rollgate/devtools` as a bundler's chunk (loaded on demand), gzip -9 | < 5 KB |", ["devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["**Every flag** with its value, variant, reason and rule (or the failed prerequisite), sorted by\n  key, as the client serves them. Looking fires no exposure. The search box filters by key.", ["devtools.node.test.mjs: rows: every flag's served result, sorted by key", "devtools.node.test.mjs: cells: ", "devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["the status line (`source`, ready, stale, revision), the error, the\n  current context, and the last fetch: when it ended (UTC) and how (`updated`, `not-modified`,\n  `failed (HTTP_ERROR)`)", ["devtools.node.test.mjs: the last fetch: none yet, then when it ended and how", "devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["The panel follows the client's events (a context change, a new\n  ruleset, a failed refresh); **Refresh** fetches now.", ["devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["line for line what `rollgate explain` prints for the same flag, context and time", ["devtools.node.test.mjs: the why? trace reads as `rollgate explain` prints it"]],
  ["The panel computes no text of its own: it shows the trace's `lines`, which the core writes\n  (the same code as the CLI's), indented by their `depth` and coloured by their `verdict`.", ["devtools.node.test.mjs: the why? lines: the panel's classes", "devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["The\n  trace comes from `client.explain(key)` when the client has one, synchronous or a Promise (it\n  must hand back this package's explanation, `lines` included), else from the engine's\n  `explain` at the client's time.", ["devtools.node.test.mjs: explain: client.explain when it has one", "devtools.node.test.mjs: the why? lines: the panel's classes from their depth and verdict; a clear error for an explanation without lines", "devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["appear only for a\n  client that has overrides", ["devtools.node.test.mjs: override controls: offered only for a client with all four override methods", "devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["A row whose variant is forced is highlighted, and an\n  override the client refuses is shown with its message.", ["devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["without `parent` it floats\n  over the page. To place it yourself: `defineDevtools()`, then set `element.client`. Remove it\n  with `element.remove()`.", ["devtools.chromium.test.mjs: rollgate/devtools in Chromium"]],
  ["Tested in Chromium on a Vite build of an app whose client fetches `examples/flags.json` from a\n  local server; the screenshot above comes from that test (`UPDATE_SCREENSHOTS=1` rewrites it).", ["devtools.chromium.test.mjs: rollgate/devtools in Chromium", "readme.node.test.mjs: the images the README shows exist"]],
  ["keeps the last good ruleset in Capacitor's Preferences", ["capacitor.chromium.test.mjs: iOS app 2.4.0"]],
  ["The client's storage interface\n  takes asynchronous adapters like this one.", ["capacitor.node.test.mjs: preferencesStorage: "]],
  ["On the web platform `App.getInfo()` is not\n  implemented: `appVersion` is then `webVersion`, or absent.", ["capacitor.chromium.test.mjs: web platform", "capacitor.node.test.mjs: capacitorContext: "]],
  ["Tested in Chromium with the real Capacitor plugins over a simulated native bridge", ["capacitor.chromium.test.mjs: iOS app 2.4.0", "capacitor.chromium.test.mjs: Android app 2.4.0", "capacitor.chromium.test.mjs: web platform"]],
  ["**Off unless the app turns them on**", ["overrides.node.test.mjs: client: overrides are off unless enabled"]],
  ["the result's reason is `OVERRIDE`, and\n  flags that have `key` as a prerequisite see the forced variant", ["overrides.node.test.mjs: engine: an override forces the variant with reason OVERRIDE, and prerequisites see it", "overrides.node.test.mjs: client: setOverride emits change for the affected flags, then overrides"]],
  ["Each change emits `change` with the flags whose value changed (so the React hooks re-render),\n  then `overrides` with `{overrides, dropped}`.", ["overrides.node.test.mjs: client: setOverride emits change for the affected flags, then overrides", "overrides.chromium.test.mjs: "]],
  ["An unknown flag or variant throws `INVALID_OVERRIDE` naming it, and changes nothing; with overrides off, `setOverride` throws `OVERRIDES_DISABLED`.", ["overrides.node.test.mjs: engine: an unknown flag or variant is INVALID_OVERRIDE naming it, and changes nothing", "overrides.node.test.mjs: client: overrides are off unless enabled"]],
  ["A new ruleset keeps every override whose flag and variant it still has.", ["overrides.node.test.mjs: engine: load keeps the overrides it can and reports the dropped ones", "overrides.node.test.mjs: client: a ruleset update drops overrides whose flag or variant is gone, with an overrides event"]],
  ["An overridden read is never an exposure", ["overrides.node.test.mjs: client: setOverride emits change for the affected flags, then overrides; no exposure"]],
  ["**Persisted** in the client's `storage` (key `storageKey + \":overrides\"`) and restored at the\n  next start, unless `persist: false`.", ["overrides.node.test.mjs: client: overrides are persisted in the client's storage and come back at the next start", "overrides.chromium.test.mjs: "]],
  ["at start, `?rollgate=flag:variant,flag2:variant`\n  in `location.search` sets those overrides (over the persisted ones).", ["overrides.node.test.mjs: client: overrides from ?rollgate=flag:variant at start", "overrides.chromium.test.mjs: "]],
  ["`urlParam` renames the\n  parameter, or `false` ignores it. An entry that is not `flag:variant` is a `warning`", ["overrides.node.test.mjs: client: overrides from ?rollgate=flag:variant at start"]],
  ["Overrides set before the client has a\n  ruleset wait for it.", ["overrides.node.test.mjs: client: overrides asked for before the first ruleset wait for it"]],
  ["its\n  `load` returns `droppedOverrides`. The test client (`rollgate/testing`) has the client's.", ["overrides.node.test.mjs: engine: load keeps the overrides it can", "overrides.node.test.mjs: test client: setOverride, clearOverride, clearOverrides and overrides", "testing.node.test.mjs: the test client has every public member of the real client but its engine and poll delay"]],
  ["The OpenFeature providers pass the reason through: `OVERRIDE`", ["overrides.node.test.mjs: OpenFeature: an overridden flag resolves with reason OVERRIDE"]],
];

test("every claim of the README names a test that exists", () => {
  assertClaims(README, CLAIMS, "the README");
});
