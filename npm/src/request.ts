// What the client checks about its ruleset URL and the responses it gets: the mistakes of
// hosting a ruleset (docs/hosting.md) become errors that say what is wrong and where.

import { RollgateError } from "./errors.js";

/**
 * Checks `url` once, at creation: a relative URL needs a page to resolve against (Node has
 * none: `fetch` would fail on every refresh with only "Failed to parse URL"), and `fetch`
 * cannot read `file:` URLs. Both point at `bootstrap`, which is how a ruleset file is given.
 */
export function checkUrl(url: string | URL): void {
  const text = String(url);
  const base = (globalThis as { location?: { href: string } }).location?.href;
  let resolved: URL;
  try {
    resolved = new URL(text, base);
  } catch {
    throw new RollgateError(
      "INVALID_URL",
      `url ${JSON.stringify(text)} is not an absolute URL, and there is no page to resolve it against (as in Node): ` +
        "give an absolute http(s) URL, or pass a ruleset file's text as `bootstrap`",
      { url: text },
    );
  }
  if (resolved.protocol === "file:") {
    throw new RollgateError("INVALID_URL", `url ${JSON.stringify(text)}: fetch cannot read files; pass the file's text as \`bootstrap\``, { url: text });
  }
}

/** True when `url` is on another origin than the page (requests to it follow CORS). */
export function isCrossOrigin(url: string | URL): boolean {
  const location = (globalThis as { location?: { href: string; origin: string } }).location;
  if (location === undefined) return false;
  try {
    return new URL(String(url), location.href).origin !== location.origin;
  } catch {
    return false;
  }
}

/**
 * Refuses a 200 body that cannot be a ruleset, naming what came back: a ruleset is a JSON
 * object, so its text starts with `{`. The usual culprit is a static host's single-page-app
 * fallback, which answers a missing file with the app's HTML page and status 200.
 */
export function checkRulesetBody(text: string, response: Response, url: string): void {
  const start = text.search(/\S/); // \s includes the BOM
  if (start !== -1 && text[start] === "{") return;
  const contentType = response.headers.get("Content-Type") ?? "";
  const what = contentType ? (contentType.split(";")[0] ?? "").trim() : "a response without Content-Type";
  const redirected = response.redirected && response.url ? ` (redirected to ${response.url})` : "";
  const body = start === -1 ? "an empty body" : `a body starting ${JSON.stringify(text.slice(start, start + 40))}`;
  throw new RollgateError("INVALID_RESPONSE", `GET ${url} returned ${what}, not a ruleset${redirected}: ${body}`, {
    url, status: response.status, contentType,
  });
}
