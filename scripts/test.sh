#!/usr/bin/env bash
# scripts/test.sh — THE test command: sets up the toolchain, then runs every test of every
# platform. `.ci/run` calls exactly this. On a fresh machine it installs what is missing first
# (scripts/setup.sh, idempotent: a few seconds when everything is present).
#
#   1. Rust: fmt, clippy (-D warnings, incl. the core's no-panic lints), rustdoc (no broken
#      links, private items included), all workspace tests:
#      core unit tests, engine tests, the conformance corpus, property tests, the JSON Schema
#      check, CLI end-to-end tests, binding crates' own tests; then the differential test of
#      version ranges against the pinned node-semver (tests/semver/differential.mjs).
#   2. Browser + Node: WASM build, npm package, conformance corpus in Node and headless
#      Chromium, client layer against a local HTTP server, OpenFeature provider, demo e2e,
#      Vite and webpack bundles, the slim entry and corpus in workerd (Cloudflare Workers'
#      runtime) and in JavaScriptCore (Safari's and iOS WebViews' engine), soak
#      (scripts/test-web.sh).
#   3. Mobile: uniffi bindings; conformance corpus, bad input, persistence and concurrency in
#      Python and in Kotlin on the JVM (scripts/test-mobile.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# A one-off build gains nothing from incremental state, and it is the largest part of target/.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

section() { printf '\n=== %s ===\n' "$*"; }
started=$(date +%s)

section "setup"
./scripts/setup.sh

section "rust: fmt + clippy + docs"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The CLI as the npm package builds it (wasm32-wasip1, ADR 0023): its WASI-only code too.
cargo clippy -p rollgate-cli --target wasm32-wasip1 --locked -- -D warnings
# The core as the browser build has it: without the `serde` feature.
cargo clippy -p rollgate --no-default-features --all-targets --locked -- -D warnings
# Every doc comment's links must resolve, private items' too: a renamed item otherwise leaves
# a stale link behind (links from public to private docs are fine here: both are built).
RUSTDOCFLAGS="-D warnings -A rustdoc::private_intra_doc_links" \
  cargo doc --workspace --no-deps --document-private-items --locked --quiet

section "rust: tests (core, conformance corpus, properties, schema, cli, bindings)"
cargo test --workspace --locked
# The core without serde (the browser build's configuration): its unit tests and the corpus.
cargo test -p rollgate --no-default-features --locked

section "rust: version ranges against node-semver 7.8.6 (differential)"
node tests/semver/differential.mjs

section "web: wasm build, npm package, Node + Chromium tests"
./scripts/test-web.sh

section "mobile: uniffi bindings, Python + Kotlin/JVM tests"
./scripts/test-mobile.sh

section "done in $(( $(date +%s) - started )) s"
