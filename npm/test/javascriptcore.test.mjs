// The package inside JavaScriptCore, the engine of Safari and of every iOS WebView (WKWebView:
// Ionic/Capacitor apps on iOS). Debian's `jsc` shell (libjavascriptcoregtk-4.0-bin, installed by
// scripts/setup.sh) runs `rollgate/slim` on the shipped `.wasm` and the whole conformance
// corpus, which must give what it gives in Node.
//
// The shell is an engine without a browser around it: it has WebAssembly and
// FinalizationRegistry, but not the Encoding API, `console` or `queueMicrotask`. The harness
// supplies small stand-ins for those (UTF-8 by the WHATWG rules, checked below against Node's own
// TextEncoder/TextDecoder); every WKWebView has the real ones.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertSameCasesAsNode, corpus, packageCopy } from "./helpers.mjs";

const JSC = process.env.JSC ?? "/usr/bin/jsc";

/** What the shell lacks, installed on `globalThis` before the package is imported. */
const SHELL_GLOBALS = `
globalThis.console ??= { log: (...a) => print(...a), warn: (...a) => print(...a), error: (...a) => print(...a) };
globalThis.queueMicrotask ??= (f) => { Promise.resolve().then(f); };

/** UTF-8 encoding of a JS string; lone surrogates become U+FFFD, as TextEncoder does. */
function utf8Encode(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

/** UTF-8 decoding with U+FFFD for each maximal invalid subsequence (the WHATWG decoder). */
function utf8Decode(bytes) {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0, cp = 0, lower = 0x80, upper = 0xbf;
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; if (b === 0xe0) lower = 0xa0; if (b === 0xed) upper = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; if (b === 0xf0) lower = 0x90; if (b === 0xf4) upper = 0x8f; }
    else { out += "\\ufffd"; i++; continue; }
    let j = i + 1, ok = true;
    for (let k = 0; k < need; k++, j++) {
      const next = bytes[j];
      if (next === undefined || next < lower || next > upper) { ok = false; break; }
      cp = (cp << 6) | (next & 0x3f);
      lower = 0x80; upper = 0xbf;
    }
    if (!ok) { out += "\\ufffd"; i = j; continue; }
    out += String.fromCodePoint(cp);
    i = j;
  }
  return out;
}

globalThis.TextEncoder ??= class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(text = "") { return utf8Encode(String(text)); }
  encodeInto(text, view) {
    const bytes = utf8Encode(String(text));
    // Whole characters only, as the real encodeInto writes.
    let written = bytes.length <= view.length ? bytes.length : view.length;
    while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
    view.set(bytes.subarray(0, written));
    return { read: utf8Decode(bytes.subarray(0, written)).length, written };
  }
};
globalThis.TextDecoder ??= class TextDecoder {
  constructor(label = "utf-8", options = {}) { this.ignoreBOM = !!options.ignoreBOM; }
  get encoding() { return "utf-8"; }
  decode(input) {
    if (input === undefined) return "";
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input.buffer ?? input, input.byteOffset ?? 0, input.byteLength);
    const text = utf8Decode(bytes);
    return !this.ignoreBOM && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
};
`;

/** The module the shell runs: the corpus through `rollgate/slim`, one JSON line of results. */
const MAIN = `
import "./shell-globals.js";
import * as api from "./dist/slim.js";
import { runCorpusWithExplain } from "./conformance-lib.js";

const dir = DIR;
let withoutSource = "initialized";
try { await api.init(); } catch (e) { withoutSource = e?.code ?? String(e); }
await api.init(readFile(dir + "/pkg/rollgate_bg.wasm", "binary"));
// The explain cases through the debug module, which slim loads from what it is given.
await api.initDebug(readFile(dir + "/pkg-debug/rollgate_bg.wasm", "binary"));
const report = await runCorpusWithExplain(api, JSON.parse(readFile(dir + "/corpus.json")));
print("RESULT " + JSON.stringify({ withoutSource, ...report }));
`;

const dir = packageCopy("rollgate-jsc-");
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, "shell-globals.js"), SHELL_GLOBALS);
writeFileSync(path.join(dir, "main.js"), MAIN.replace("DIR", JSON.stringify(dir)));

/** Runs a module in the shell; returns the object it printed on its `RESULT ` line. */
function runShell(file) {
  const output = execFileSync(JSC, ["-m", file], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20 });
  const line = output.split("\n").find((l) => l.startsWith("RESULT "));
  assert.ok(line, `no result from jsc:\n${output}`);
  return JSON.parse(line.slice("RESULT ".length));
}

test("the shell's UTF-8 stand-ins agree with Node's TextEncoder and TextDecoder", () => {
  const texts = ["", "plain", "é", "日本", "🚀 rocket", "a\u0000b", "\ud800 lone", "x\udc00", "\ufeffbom", "mixed é日🚀\u007f\u0080\u07ff\u0800\uffff"];
  const bytes = [[0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb, 0xbf, 0x61], [0xf0, 0x9f, 0x9a, 0x80, 0x41]];
  writeFileSync(path.join(dir, "utf8.js"), `import "./shell-globals.js";
const texts = ${JSON.stringify(texts)};
const bytes = ${JSON.stringify(bytes)};
const encoded = texts.map((t) => Array.from(new TextEncoder().encode(t)));
const decoded = bytes.map((b) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(b)));
const view = new Uint8Array(5);
const into = new TextEncoder().encodeInto("ab日本", view);
print("RESULT " + JSON.stringify({ encoded, decoded, into, view: Array.from(view) }));`);
  const shell = runShell("utf8.js");
  assert.deepEqual(shell.encoded, texts.map((t) => Array.from(new TextEncoder().encode(t))));
  assert.deepEqual(shell.decoded, bytes.map((b) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(b))));
  const view = new Uint8Array(5);
  assert.deepEqual(shell.into, new TextEncoder().encodeInto("ab日本", view));
  assert.deepEqual(shell.view, Array.from(view));
});

test("rollgate/slim runs the whole corpus in JavaScriptCore, with Node's results", async () => {
  const files = corpus();
  writeFileSync(path.join(dir, "corpus.json"), JSON.stringify(files));
  const report = runShell("main.js");
  assert.equal(report.withoutSource, "NOT_INITIALIZED");
  await assertSameCasesAsNode(report, files);
  const version = execFileSync("dpkg-query", ["-W", "-f=${Version}", "libjavascriptcoregtk-4.0-bin"], { encoding: "utf8" });
  console.log(`# javascriptcore (WebKitGTK ${version}): ${report.total} conformance cases passed in ${files.length} files, ${report.explained} explain cases`);
});
