// A static file server on 127.0.0.1 for browser tests: maps URL prefixes to directories.
import http from "node:http";
import { after } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

/** An HTTP server of `handler` on 127.0.0.1, at a free port: its origin, and `close()`. */
export async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

/** `mounts`: { "/prefix/": "/abs/dir" }; `routes`: { "/path": (req, res) => void } for dynamic answers. */
export async function startStatic(mounts, routes = {}) {
  return listen(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (routes[url.pathname]) return routes[url.pathname](req, res);
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      let file = path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
      if (!file.startsWith(dir)) break;
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
        return res.end(body);
      } catch {
        break;
      }
    }
    res.writeHead(404);
    res.end("not found");
  });
}

/** Launches Debian's Chromium through playwright-core (never a downloaded browser). */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  const { CHROMIUM, CHROMIUM_ARGS } = await import("./helpers.mjs");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * What a browser test file shares: a scratch directory (`work`, named `prefix…`) and a Chromium,
 * both gone after the file's tests, with the server that `currentServer()` returns closed too.
 */
export async function chromiumSession(prefix, currentServer = () => undefined) {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  const browser = await launchChromium();
  after(async () => {
    await browser.close();
    await currentServer()?.close();
    rmSync(work, { recursive: true, force: true });
  });
  return { work, browser };
}
