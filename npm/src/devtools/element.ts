// `<rollgate-devtools>`: the panel as a custom element with a shadow root, built with the DOM
// API alone (no framework). It re-reads the client on every event the client emits and shows
// every flag, the client's state, override controls (for a client that has overrides) and a
// flag's explain trace.

import type { ClientEvents } from "../client.js";
import { isRollgateError } from "../errors.js";
import {
  contextLines, errorText, explainFor, flagRows, lastFetchText, matches, overrideControls, reasonText, ruleText, statusText, valueText,
  type DevtoolsClient, type FlagRow,
} from "./model.js";
import { STYLE } from "./style.js";
import { lineClass, traceLines } from "./trace.js";

// Importing the entry in Node (types, server rendering) must not fail: there is no HTMLElement there.
const Base = (typeof HTMLElement === "function" ? HTMLElement : class {}) as typeof HTMLElement;

// Every event after which the panel may show something else. `overrides` comes from clients
// that have overrides; the others ignore a listener for it.
const EVENTS = ["change", "details", "update", "error", "stale", "fresh", "status", "overrides"] as const;

/** An element with children and text, in one call. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { [name: string]: string } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/**
 * The devtools panel. Give it a client (`element.client = client`) and put it in the page, or
 * call `mountDevtools(client)`, which does both. It holds no state of its own but the search
 * text and the flag whose trace is open; everything else is read from the client.
 */
export class RollgateDevtools extends Base {
  private current: DevtoolsClient | undefined;
  private unsubscribe: (() => void)[] = [];
  private shell: { [part: string]: HTMLElement } | undefined;
  private query = "";
  private why: string | undefined;
  private whyRun = 0;
  private notice = "";
  private pending = false;

  /** The client shown. Setting it re-renders the panel (when it is in the page). */
  get client(): DevtoolsClient | undefined {
    return this.current;
  }

  set client(client: DevtoolsClient | undefined) {
    this.stopListening();
    this.current = client;
    this.why = undefined;
    if (this.isConnected) this.startListening();
  }

  /** @internal Builds the shadow DOM once, then listens to the client while in the page. */
  connectedCallback(): void {
    if (this.shell === undefined) this.shell = this.build();
    this.startListening();
  }

  /** @internal Stops listening to the client when taken out of the page. */
  disconnectedCallback(): void {
    this.stopListening();
  }

  /** Opens the "why?" view of `key`: the explain trace for the client's current context. */
  showWhy(key: string): Promise<void> {
    this.why = key;
    this.render();
    return this.explainOpen();
  }

  private startListening(): void {
    const client = this.current;
    if (client === undefined) return;
    const on = client.on.bind(client) as (event: string, listener: () => void) => () => void;
    this.unsubscribe = EVENTS.map((event) => on(event satisfies keyof ClientEvents | "overrides", () => this.schedule()));
    this.render();
  }

  private stopListening(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  /** One render for a burst of events (a ruleset update emits several). */
  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.render();
      if (this.why !== undefined) void this.explainOpen();
    });
  }

  private build(): { [part: string]: HTMLElement } {
    const root = this.attachShadow({ mode: "open" });
    const parts: { [part: string]: HTMLElement } = {
      status: h("span", { class: "status", part: "status" }),
      refresh: h("button", { type: "button" }, "Refresh"),
      source: h("dd", { "data-field": "source" }),
      revision: h("dd", { "data-field": "revision" }),
      fetch: h("dd", { "data-field": "fetch" }),
      error: h("dd", { "data-field": "error" }),
      context: h("dd", { "data-field": "context" }),
      search: h("input", { type: "search", placeholder: "Search flags by key", "aria-label": "Search flags by key" }),
      count: h("span", { class: "count" }),
      clear: h("button", { type: "button", "data-action": "clear-overrides" }, "Clear overrides"),
      notice: h("p", { class: "notice", role: "alert" }),
      overrideHead: h("th", {}, "Override"),
      rows: h("tbody"),
      whyTitle: h("span", { class: "title" }),
      whyClose: h("button", { type: "button" }, "Close"),
      trace: h("ol", { part: "trace" }),
    };
    parts.why = h("section", { class: "why", part: "why", "aria-label": "Why" }, h("header", {}, parts.whyTitle, parts.whyClose), parts.trace);
    root.append(
      h("style", {}, STYLE),
      h("div", { class: "panel", part: "panel" },
        h("header", {}, h("span", { class: "title" }, "Rollgate"), parts.status, parts.refresh),
        h("dl", {},
          h("dt", {}, "Source"), parts.source, h("dt", {}, "Revision"), parts.revision, h("dt", {}, "Last fetch"), parts.fetch,
          h("dt", {}, "Error"), parts.error, h("dt", {}, "Context"), parts.context),
        h("div", { class: "toolbar" }, parts.search, parts.count, parts.clear),
        parts.notice,
        h("table", {},
          h("thead", {}, h("tr", {}, ...["Flag", "Value", "Variant", "Reason", "Rule"].map((t) => h("th", {}, t)), parts.overrideHead, h("th"))),
          parts.rows),
        parts.why));
    parts.search.addEventListener("input", () => {
      this.query = (parts.search as HTMLInputElement).value;
      this.render();
    });
    parts.refresh.addEventListener("click", () => void this.current?.refresh().then(() => this.render()));
    parts.clear.addEventListener("click", () => this.act(() => overrideControls(this.client as DevtoolsClient)?.clearOverrides()));
    parts.whyClose.addEventListener("click", () => {
      this.why = undefined;
      this.render();
    });
    parts.rows.addEventListener("click", (event) => {
      const key = (event.target as HTMLElement).closest("button[data-why]")?.getAttribute("data-why");
      if (key) void this.showWhy(key);
    });
    parts.rows.addEventListener("change", (event) => {
      const select = event.target as HTMLSelectElement;
      const key = select.getAttribute("data-override");
      const controls = this.current && overrideControls(this.current);
      if (key === null || controls === undefined) return;
      this.act(() => (select.value === "" ? controls.clearOverride(key) : controls.setOverride(key, select.value)));
    });
    return parts;
  }

  /** Runs an override action; what it throws (an unknown variant, overrides off) is shown, not lost. */
  private act(action: () => unknown): void {
    try {
      action();
      this.notice = "";
    } catch (e) {
      this.notice = isRollgateError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e);
    }
    this.render();
  }

  private render(): void {
    const parts = this.shell;
    const client = this.current;
    if (parts === undefined || client === undefined) return;
    const status = client.status;
    parts.status.textContent = statusText(status);
    parts.status.classList.toggle("stale", status.stale);
    parts.source.textContent = status.source;
    parts.revision.textContent = String(status.revision);
    parts.fetch.textContent = lastFetchText(client);
    parts.error.textContent = errorText(status.error);
    parts.error.classList.toggle("error", status.error !== undefined);
    const context = contextLines(client.getContext());
    parts.context.textContent = context.length === 0 ? "(empty)" : context.join("\n");
    const controls = overrideControls(client);
    const rows = flagRows(client);
    const shown = rows.filter((row) => matches(row, this.query));
    parts.count.textContent = `${shown.length} of ${rows.length} flags`;
    parts.clear.hidden = controls === undefined || !rows.some((row) => row.override !== undefined);
    parts.overrideHead.hidden = controls === undefined;
    parts.notice.textContent = this.notice;
    parts.notice.hidden = this.notice === "";
    parts.rows.replaceChildren(...shown.map((row) => this.row(row, controls !== undefined)));
    parts.why.hidden = this.why === undefined;
    if (this.why !== undefined) parts.whyTitle.textContent = `Why ${this.why}? (current context)`;
  }

  private row(row: FlagRow, overridable: boolean): HTMLTableRowElement {
    const r = row.result;
    const classes = [row.override !== undefined ? "overridden" : "", row.key === this.why ? "selected" : ""].filter(Boolean).join(" ");
    const tr = h("tr", { "data-flag": row.key, ...(classes ? { class: classes } : {}) },
      h("td", { "data-col": "key" }, row.key),
      h("td", { "data-col": "value", class: "value", title: valueText(r.value) }, valueText(r.value)),
      h("td", { "data-col": "variant" }, r.variant ?? "—"),
      h("td", { "data-col": "reason" }, reasonText(r)),
      h("td", { "data-col": "rule" }, ruleText(r)));
    if (overridable) {
      const cell = h("td", { "data-col": "override" });
      if (row.variants.length > 0) {
        const select = h("select", { "data-override": row.key, "aria-label": `Override ${row.key}` },
          h("option", { value: "" }, "—"), ...row.variants.map((v) => h("option", { value: v }, v)));
        select.value = row.override ?? "";
        cell.append(select);
      }
      tr.append(cell);
    }
    tr.append(h("td", {}, h("button", { type: "button", "data-why": row.key }, "why?")));
    return tr;
  }

  /** Fills the "why?" view with the open flag's trace; a newer request wins over an older one. */
  private async explainOpen(): Promise<void> {
    const key = this.why;
    const client = this.current;
    const parts = this.shell;
    if (key === undefined || client === undefined || parts === undefined) return;
    const run = ++this.whyRun;
    let items: HTMLLIElement[];
    try {
      items = traceLines(await explainFor(client, key)).map((line) => h("li", { class: lineClass(line) }, line.text));
    } catch (e) {
      const message = isRollgateError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e);
      items = [h("li", { class: "fail" }, `cannot explain ${key}: ${message}`)];
    }
    if (run === this.whyRun && this.why === key) parts.trace.replaceChildren(...items);
  }
}
