#!/usr/bin/env bash
# scripts/test-web.sh — every test of the npm package `rollgate`, in Node and in headless
# Chromium (Debian's /usr/bin/chromium driven by playwright-core):
#   - the whole conformance corpus (tests/conformance/*.json) through the WASM build, in Node
#     and in Chromium (plain ES modules from a static server, plus a module web worker);
#   - the engine API, the client layer against a real HTTP server on 127.0.0.1, storage
#     fallback and offline start, the OpenFeature provider with the real @openfeature/web-sdk;
#   - rollgate/react: React 19 built by Vite in Chromium, render counts per component after a
#     context change, a ruleset update, a ramp step (Playwright's fake clock) and a failed
#     refresh; server rendering in Node;
#   - rollgate/testing: the test client, and the README's Vitest and Jest examples run by Vitest
#     and Jest (pinned devDependencies of npm/);
#   - rollgate/capacitor: a Vite-built app with the real Capacitor plugins in Chromium over a
#     simulated native bridge (Preferences surviving a cleared localStorage, the version gate and
#     10% rollout of docs/ionic.md against the core), the web platform, and docs/ionic.md's
#     blocks (type-checked, its tests run by Vitest);
#   - rollgate/devtools: the panel in a Vite-built app in Chromium (a chunk loaded on demand;
#     rows, search, status, last fetch, why?, overrides over a test double; the screenshot
#     docs/images/devtools.png, rewritten with UPDATE_SCREENSHOTS=1), and its trace checked
#     against `rollgate explain` (the CLI built by cargo) in Node and in Chromium;
#   - OpenFeature: the Angular SDK over the web provider (README's component compiled by ngc,
#     linked and bundled by Vite, run in Chromium); the server provider through the real
#     @openfeature/server-sdk (examples/users.jsonl and the whole corpus against the core);
#   - typed flags: projects that declare their flags, compiled by TypeScript 7 and 5.9, fail on a
#     typo key and a wrong fallback with the expected errors; the declarations `rollgate codegen
#     --lang ts` generates (the CLI built by cargo) type-check against the packed package;
#   - the demo page (examples/web) end to end, saving docs/wasm-demo.png;
#   - hosting: a cross-origin ruleset server whose CORS rules lack If-None-Match, the nginx
#     configuration of docs/hosting.md in nginx, and GitHub Pages' fixed headers imitated;
#   - module systems: the packed package under TypeScript 5.9 and 7 (node10, node16 CommonJS
#     and ESM, bundler) and require() in Node; every claim of npm/README.md;
#   - Vite and webpack builds of a tiny app that installs the packed tarball, run in Chromium;
#   - the `rollgate/slim` entry inside workerd (Cloudflare Workers' runtime), which refuses to
#     compile WebAssembly from bytes: the whole corpus again, in a worker;
#   - the soak test (1,000,000 evaluations, 1,000 updates; WASM memory flat, wrappers freed);
#   - the package's `rollgate` command (the CLI under Node's WASI, ADR 0023) against the native
#     CLI (built by cargo from the test): same stdout, stderr, exit code and written files for
#     every command, on files and on project directories (also as they are in a git revision),
#     and every documented transcript; `npx rollgate` from the packed tarball.
# Builds the package first (scripts/build-npm.sh, which installs npm/'s devDependencies with
# `npm ci` when npm/node_modules is missing or older than the lockfile) unless SKIP_BUILD=1.
# Output: node --test's TAP, whose "# tests/# pass/# fail" summary lines CI reads.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPM_DIR="$ROOT/npm"
cd "$NPM_DIR"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  "$ROOT/scripts/build-npm.sh"
fi

[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || { echo "test-web.sh: /usr/bin/chromium missing (run scripts/setup.sh)" >&2; exit 1; }
[ -x /usr/bin/jsc ] || [ -n "${JSC:-}" ] || { echo "test-web.sh: /usr/bin/jsc missing (run scripts/setup.sh)" >&2; exit 1; }
[ -x /usr/sbin/nginx ] || [ -n "${NGINX:-}" ] || { echo "test-web.sh: /usr/sbin/nginx missing (run scripts/setup.sh)" >&2; exit 1; }

echo "== node --test (Node $(node --version))"
# The soak test needs --expose-gc to check that wrappers are finalized; one process per file.
node --expose-gc --test --test-concurrency=1 test/*.test.mjs
