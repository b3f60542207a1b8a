// A real HTTP server on 127.0.0.1 for client tests: serves a ruleset with an ETag (or none),
// answers If-None-Match with 304, and can be told to fail (status), send malformed JSON or
// another content type (an HTML page), or be slow. Its clock is the `Date` header (Node's, or
// `date`: a function of the time the request arrived), optionally with an `Age`; `sendDate:
// false` sends none.
import http from "node:http";

export async function startServer() {
  const state = {
    body: "{}",
    etag: undefined,
    contentType: "application/json",
    status: 200,
    delayMs: 0,
    sendDate: true,
    date: undefined, // (arrivedAt) => epoch ms to send as Date, instead of Node's own
    age: undefined, // seconds, sent as Age
    requests: [], // {at, ifNoneMatch, status}
  };
  const server = http.createServer((req, res) => {
    const ifNoneMatch = req.headers["if-none-match"];
    // Decide and record at arrival: a delayed answer must not be attributed to a later test.
    let status = state.status;
    if (status === 200 && state.etag !== undefined && ifNoneMatch === state.etag) status = 304;
    const body = state.body;
    const etag = state.etag;
    const contentType = state.contentType;
    const arrivedAt = Date.now();
    state.requests.push({ at: arrivedAt, ifNoneMatch, status, url: req.url });
    res.sendDate = state.sendDate;
    const clock = {
      ...(state.date ? { date: new Date(state.date(arrivedAt)).toUTCString() } : {}),
      ...(state.age !== undefined ? { age: String(state.age) } : {}),
    };
    const respond = () => {
      if (status === 200) {
        res.writeHead(200, { "content-type": contentType, ...(etag ? { etag } : {}), ...clock });
        res.end(body);
      } else {
        res.writeHead(status, { ...(status === 304 && etag ? { etag } : {}), ...clock });
        res.end(status === 304 ? undefined : "server error");
      }
    };
    if (state.delayMs > 0) setTimeout(respond, state.delayMs);
    else respond();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    state,
    url: `http://127.0.0.1:${port}/flags/prod.json`,
    /** Serves `ruleset` (object or raw text) with `etag` (none when undefined) and `contentType`. */
    serve(ruleset, etag, contentType = "application/json") {
      state.body = typeof ruleset === "string" ? ruleset : JSON.stringify(ruleset);
      state.etag = etag;
      state.contentType = contentType;
      state.status = 200;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** Resolves with the arguments of the next `event` of `emitter` (rejects after `ms`). */
export function nextEvent(emitter, event, ms = 2000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${event} event within ${ms} ms`)); }, ms);
    const off = emitter.on(event, (...args) => { clearTimeout(timer); off(); resolve(args); });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
