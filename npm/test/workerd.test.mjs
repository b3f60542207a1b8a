// The `rollgate/slim` entry inside Cloudflare's Workers runtime (workerd, pinned from npm in
// tools/workerd/package.json). Workers refuse to compile WebAssembly from bytes at run time, which is
// why the slim entry exists: the worker imports the `.wasm` as a module and hands it to
// `init`. The whole conformance corpus then runs inside the worker, and must give what it
// gives in Node.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, assertSameCasesAsNode, corpus, packageCopy } from "./helpers.mjs";

const WORKERD = path.join(ROOT, "tools", "workerd", "node_modules", ".bin", "workerd");

const WORKER = `
import * as api from "./dist/slim.js";
import wasmModule from "./pkg/rollgate_bg.wasm";
import wasmBytes from "./wasm-bytes";
import debugWasm from "./pkg-debug/rollgate_bg.wasm";
import { runCorpusWithExplain } from "./conformance-lib.js";

export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("ready"); // the test's start-up probe
    // What the default entry would do (compile the bytes it fetched), and the slim entry
    // without a source: both must fail here.
    let compileFromBytes = "allowed";
    try { await WebAssembly.compile(wasmBytes); } catch (e) { compileFromBytes = String(e?.message ?? e); }
    let withoutSource = "initialized";
    try { await api.init(); } catch (e) { withoutSource = e?.code ?? String(e); }

    await api.init(wasmModule);
    // The explain cases through the debug module, imported as a module like the default one.
    await api.initDebug(debugWasm);
    const report = await runCorpusWithExplain(api, await request.json());
    return Response.json({ compileFromBytes, withoutSource, ...report });
  },
};
`;

/** A folder holding the worker, the package files it imports, and workerd's config. */
function workerDir() {
  const dir = packageCopy("rollgate-workerd-");
  writeFileSync(path.join(dir, "worker.js"), WORKER);
  // workerd resolves relative imports against module names, so each module is named by its
  // path in this folder.
  const jsModules = [];
  const walk = (sub) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const name = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(name);
      else if (name.endsWith(".js")) jsModules.push(name);
    }
  };
  walk("dist");
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    ...jsModules.map((m) => `(name = "${m}", esModule = embed "${m}")`),
    `(name = "pkg/rollgate.js", esModule = embed "pkg/rollgate.js")`,
    `(name = "pkg/rollgate_bg.wasm", wasm = embed "pkg/rollgate_bg.wasm")`,
    `(name = "pkg-debug/rollgate.js", esModule = embed "pkg-debug/rollgate.js")`,
    `(name = "pkg-debug/rollgate_bg.wasm", wasm = embed "pkg-debug/rollgate_bg.wasm")`,
    `(name = "wasm-bytes", data = embed "pkg/rollgate_bg.wasm")`,
    `(name = "conformance-lib.js", esModule = embed "conformance-lib.js")`,
  ];
  writeFileSync(path.join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(",\n    ")}],
  compatibilityDate = "2025-01-01",
);
`);
  return dir;
}

/** Starts workerd on a free port; resolves to its origin once it answers. */
async function startWorkerd(dir) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const child = spawn(WORKERD, ["serve", "config.capnp", "--socket-addr", `http=127.0.0.1:${port}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => { output += d; });
    child.stderr.on("data", (d) => { output += d; });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) break;
      try {
        await fetch(origin);
        return { origin, child, exited };
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    child.kill();
    await exited;
    if (!/address already in use/i.test(output)) throw new Error(`workerd did not start:\n${output}`);
  }
  throw new Error("workerd: no free port found");
}

const dir = workerDir();
const workerd = await startWorkerd(dir);
after(async () => {
  workerd.child.kill();
  await workerd.exited;
  rmSync(dir, { recursive: true, force: true });
});

test("rollgate/slim runs the whole corpus inside workerd, with Node's results", async () => {
  const files = corpus();
  const response = await fetch(workerd.origin, { method: "POST", body: JSON.stringify(files) });
  assert.equal(response.status, 200, await response.clone().text());
  const report = await response.json();
  // The reason the slim entry exists: no compiling from bytes, and no default source.
  assert.match(report.compileFromBytes, /disallowed/i);
  assert.equal(report.withoutSource, "NOT_INITIALIZED");
  await assertSameCasesAsNode(report, files);
  console.log(`# workerd: ${report.total} conformance cases passed in ${files.length} files, ${report.explained} explain cases`);
});
