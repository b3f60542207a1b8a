// docs/hosting.md, checked: its nginx block runs verbatim in Debian's nginx on 127.0.0.1 (the
// curl checks of the page, through Node's fetch, and a client on another origin in Chromium),
// and its GitHub Pages claims hold against a local server with GitHub Pages' fixed headers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { NPM_DIR, ROOT, ruleset } from "./helpers.mjs";
import { startStatic, launchChromium } from "./static-server.mjs";

const NGINX = process.env.NGINX ?? "/usr/sbin/nginx";
const doc = readFileSync(path.join(ROOT, "docs", "hosting.md"), "utf8");
const blocks = [...doc.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]);

/** A free port on 127.0.0.1 (nginx takes a port number, not port 0). */
function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Writes `flags/prod.json` under `root` with a modification time of `mtime` seconds. */
function publish(root, rev, mtime) {
  const file = path.join(root, "flags", "prod.json");
  writeFileSync(file, JSON.stringify(ruleset(rev, { layout: rev % 2 ? "a" : "b" })));
  // nginx's ETag is mtime + size: a new second, so that the same size still changes it.
  utimesSync(file, mtime, mtime);
}

let nginx;
let work;
let root;
let origin;
const site = await startStatic({ "/npm/": NPM_DIR + path.sep }, {
  "/": (req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<!doctype html><title>app</title>"); },
});
const browser = await launchChromium();

before(async () => {
  assert.equal(blocks.length, 1, "docs/hosting.md has one nginx block");
  work = mkdtempSync(path.join(os.tmpdir(), "rollgate-nginx-"));
  chmodSync(work, 0o755); // nginx's workers run as an unprivileged user
  root = path.join(work, "www");
  mkdirSync(path.join(root, "flags"), { recursive: true });
  publish(root, 1, 1_700_000_000);
  const location = blocks[0].replace("root /srv/rollgate;", `root ${root};`);
  assert.notEqual(location, blocks[0], "the block's root is /srv/rollgate");
  const port = await freePort();
  writeFileSync(path.join(work, "nginx.conf"), `
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events { worker_connections 64; }
http {
  access_log ${work}/access.log;
  server {
    listen 127.0.0.1:${port};
${location}
  }
}
`);
  const check = spawnSync(NGINX, ["-t", "-p", work, "-c", path.join(work, "nginx.conf")], { encoding: "utf8" });
  assert.equal(check.status, 0, check.stderr);
  nginx = spawn(NGINX, ["-p", work, "-c", path.join(work, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
  origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(`${origin}/flags/prod.json`);
      break;
    } catch (e) {
      if (tries > 200) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
});

after(async () => {
  nginx?.kill();
  await browser.close();
  await site.close();
});

test("the nginx block: the page's curl checks (preflight, GET headers, 304, 404)", async () => {
  const url = `${origin}/flags/prod.json`;
  const preflight = await fetch(url, { method: "OPTIONS", headers: { Origin: site.origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match" } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-headers"), /(^|,\s*)if-none-match(\s*,|$)/i);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  assert.equal(preflight.headers.get("access-control-max-age"), "7200");

  const get = await fetch(url, { headers: { Origin: site.origin } });
  assert.equal(get.status, 200);
  const etag = get.headers.get("etag");
  assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+"$/);
  assert.equal(get.headers.get("cache-control"), "no-cache");
  assert.equal(get.headers.get("access-control-allow-origin"), "*");
  assert.equal(get.headers.get("access-control-expose-headers"), "ETag, Date, Age");
  assert.equal(get.headers.get("content-type"), "application/json");
  assert.ok(get.headers.get("date"));
  assert.equal((await get.json()).revision, 1);

  const conditional = await fetch(url, { headers: { "If-None-Match": etag } });
  assert.equal(conditional.status, 304);
  assert.equal(conditional.headers.get("access-control-expose-headers"), "ETag, Date, Age", "the headers come with 304s too");
  assert.equal((await fetch(`${origin}/flags/missing.json`)).status, 404);
});

test("the nginx block: a client on another origin refreshes with If-None-Match and gets 304s, no warning", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.origin}/`);
  const outcome = await page.evaluate(async (url) => {
    const { createClient } = await import("/npm/dist/index.js");
    const events = [];
    window.client = await createClient({ url, storage: false, context: { userId: "u1" } });
    for (const name of ["warning", "error"]) window.client.on(name, (e) => events.push([name, e.code, e.message]));
    window.events = events;
    return { revision: window.client.revision, refresh: await window.client.refresh(), events };
  }, `${origin}/flags/prod.json`);
  assert.deepEqual(outcome, { revision: 1, refresh: "not-modified", events: [] });
  const statuses = readFileSync(path.join(work, "access.log"), "utf8").trim().split("\n").slice(-3).map((line) => line.split('"')[1].split(" ")[0] + " " + line.split('" ')[1].split(" ")[0]);
  assert.deepEqual(statuses, ["GET 200", "OPTIONS 204", "GET 304"], "first load, the preflight, the conditional refresh");
  publish(root, 2, 1_700_000_100);
  assert.deepEqual(await page.evaluate(async () => [await window.client.refresh(), window.client.revision, window.events]), ["updated", 2, []]);
  await context.close();
});

/**
 * A server with GitHub Pages' fixed headers, as docs/hosting.md lists them: an ETag,
 * `Cache-Control: max-age=600`, `Access-Control-Allow-Origin: *`, and nothing else for CORS.
 */
async function startPagesLike() {
  const state = { revision: 1, requests: [] };
  const server = http.createServer((req, res) => {
    const etag = `"pages-${state.revision}"`;
    state.requests.push({ method: req.method, ifNoneMatch: req.headers["if-none-match"] });
    const headers = { etag, "cache-control": "max-age=600", "access-control-allow-origin": "*", "content-type": "application/json; charset=utf-8" };
    if (req.method !== "GET") {
      res.writeHead(405, headers);
      return res.end();
    }
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify(ruleset(state.revision, { layout: state.revision % 2 ? "a" : "b" })));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { state, url: `http://127.0.0.1:${server.address().port}/flags/prod.json`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

test("GitHub Pages' headers: no ETag across origins, the browser's cache delays updates, cache: 'no-cache' revalidates", async () => {
  const pages = await startPagesLike();
  try {
    const clientIn = async (requestInit) => {
      const context = await browser.newContext(); // its own HTTP cache
      const page = await context.newPage();
      await page.goto(`${site.origin}/`);
      await page.evaluate(async ([url, init]) => {
        const { createClient } = await import("/npm/dist/index.js");
        window.client = await createClient({ url, storage: false, context: { userId: "u1" }, ...(init ? { requestInit: init } : {}) });
      }, [pages.url, requestInit]);
      return { context, refresh: () => page.evaluate(async () => [await window.client.refresh(), window.client.revision]) };
    };

    // Default fetch: within max-age, refreshes are answered by the browser's cache, and a
    // publish stays invisible.
    pages.state.requests.length = 0;
    const cached = await clientIn(undefined);
    pages.state.revision = 2;
    assert.deepEqual(await cached.refresh(), ["not-modified", 1]);
    assert.deepEqual(pages.state.requests, [{ method: "GET", ifNoneMatch: undefined }], "the refresh never reached the server");
    await cached.context.close();

    // cache: "no-cache": every refresh reaches the server, revalidated by the browser itself.
    pages.state.requests.length = 0;
    pages.state.revision = 3;
    const revalidating = await clientIn({ cache: "no-cache" });
    assert.deepEqual(await revalidating.refresh(), ["not-modified", 3]);
    pages.state.revision = 4;
    assert.deepEqual(await revalidating.refresh(), ["updated", 4]);
    assert.deepEqual(pages.state.requests, [
      { method: "GET", ifNoneMatch: undefined },
      { method: "GET", ifNoneMatch: '"pages-3"' }, // added by the browser's cache: 304
      { method: "GET", ifNoneMatch: '"pages-3"' }, // 200 with revision 4
    ], "no OPTIONS: the client never learnt the ETag, so it never sent If-None-Match itself");
    await revalidating.context.close();
  } finally {
    await pages.close();
  }
});
