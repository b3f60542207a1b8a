#!/usr/bin/env node
// `rollgate`, the command of the npm package: the Rust CLI (cli/ in the repository) built for
// wasm32-wasip1 and run by Node's WASI (ADR 0023). Same code as the native binary, so the same
// output and exit codes: a team without a Rust toolchain checks its flags in CI with
// `npx rollgate validate|build|diff|lint|eval|explain|simulate|codegen`.
//
// What this launcher adds to WASI:
// - the host's file system as it is: `/` is mapped to `/`, and the module starts in the
//   current directory (passed as PWD), so relative and absolute paths name what they name in
//   the shell;
// - git, which a WASI module cannot start: the `rollgate_host` imports run it here (git_run,
//   git_answer; the format is described in cli/src/git/host.rs);
// - quiet: Node 20 marks WASI experimental and warns on stderr; that one warning is dropped.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { getSystemErrorMap } from "node:util";

silenceWasiWarning();
const { WASI } = await import("node:wasi");

const module = await WebAssembly.compile(await readFile(new URL("./rollgate-cli.wasm", import.meta.url)));
const wasi = new WASI({
  version: "preview1",
  args: ["rollgate", ...process.argv.slice(2)],
  env: { ...process.env, PWD: process.cwd() },
  preopens: { "/": "/" },
  returnOnExit: true,
});
const git = gitHost();
const instance = await WebAssembly.instantiate(module, {
  ...wasi.getImportObject(),
  rollgate_host: git.imports,
});
git.memory = instance.exports.memory;
try {
  process.exitCode = wasi.start(instance) ?? 0;
} catch (error) {
  // A trap: the Rust panic message is already on stderr (panic = abort); exit as a native
  // panic does.
  if (!(error instanceof WebAssembly.RuntimeError)) throw error;
  process.exitCode = 101;
}

/** Drops Node's ExperimentalWarning for WASI; every other warning is printed as before. */
function silenceWasiWarning() {
  const listeners = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name === "ExperimentalWarning" && /\bWASI\b/.test(warning.message)) return;
    for (const listener of listeners) listener.call(process, warning);
  });
}

/** The `rollgate_host` imports: git run on the host for the module (cli/src/git/host.rs). */
function gitHost() {
  const NO_LIMIT = 0xffffffff;
  const host = { memory: null, imports: {} };
  let kept = new Uint8Array(0);
  host.imports.git_run = (pointer, length) => {
    const request = new Uint8Array(host.memory.buffer, pointer >>> 0, length >>> 0).slice();
    kept = runGit(request);
    return kept.length;
  };
  host.imports.git_answer = (pointer, length) => {
    new Uint8Array(host.memory.buffer, pointer >>> 0, length >>> 0).set(kept.subarray(0, length >>> 0));
    kept = new Uint8Array(0);
  };
  return host;

  function runGit(request) {
    const view = new DataView(request.buffer);
    const limit = view.getUint32(0, true);
    const fields = [];
    for (let at = 4; at < request.length; ) {
      const size = view.getUint32(at, true);
      fields.push(request.subarray(at + 4, at + 4 + size));
      at += 4 + size;
    }
    const [dir, input, ...args] = fields;
    const text = (bytes) => Buffer.from(bytes).toString("utf8");
    const argv = [...(dir.length > 0 ? ["-C", text(dir)] : []), ...args.map(text)];
    const result = spawnSync("git", argv, {
      input: input.length > 0 ? input : undefined,
      stdio: [input.length > 0 ? "pipe" : "ignore", "pipe", "pipe"],
      maxBuffer: limit === NO_LIMIT ? Infinity : limit,
    });
    if (result.error && result.error.code !== "ENOBUFS") {
      return answer(2, new Uint8Array(0), Buffer.from(describe(result.error)));
    }
    // Past the limit git was stopped (ENOBUFS), like the native CLI stops it: not a success.
    const stdout = result.stdout.subarray(0, limit === NO_LIMIT ? undefined : limit);
    return answer(result.status === 0 ? 0 : 1, stdout, result.stderr);
  }

  function answer(status, stdout, stderr) {
    const bytes = new Uint8Array(8 + stdout.length + stderr.length);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, status, true);
    view.setUint32(4, stdout.length, true);
    bytes.set(stdout, 8);
    bytes.set(stderr, 8 + stdout.length);
    return bytes;
  }

  /** Why git could not start, in the system's words as the native CLI prints them. */
  function describe(error) {
    const message = getSystemErrorMap().get(error.errno)?.[1] ?? error.message;
    return message.charAt(0).toUpperCase() + message.slice(1);
  }
}
