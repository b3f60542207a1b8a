// `rollgate/devtools`: a panel that shows what a client serves and why, as a framework-free
// web component. An entry of its own, meant to be loaded only when asked for
// (`await import("rollgate/devtools")`), so it is never part of the app's main bundle. It
// imports nothing of the engine: the app passes its client in.

import { RollgateDevtools } from "./devtools/element.js";
import type { DevtoolsClient } from "./devtools/model.js";

export { RollgateDevtools } from "./devtools/element.js";
export type { DevtoolsClient, OverrideControls } from "./devtools/model.js";

/** The panel's tag name. */
export const DEVTOOLS_TAG = "rollgate-devtools";

declare global {
  interface HTMLElementTagNameMap {
    "rollgate-devtools": RollgateDevtools;
  }
}

/** Options of `mountDevtools`. */
export interface DevtoolsOptions {
  /**
   * Where to put the panel. Default: `document.body`, where it floats over the app in the
   * bottom-right corner; inside `parent` it takes its place in the layout.
   */
  parent?: Element;
  /** Float over the page (fixed to the bottom-right corner). Default: true without `parent`. */
  floating?: boolean;
}

/** Registers `<rollgate-devtools>` (once; later calls do nothing). Only in a browser. */
export function defineDevtools(): void {
  if (customElements.get(DEVTOOLS_TAG) === undefined) customElements.define(DEVTOOLS_TAG, RollgateDevtools);
}

/**
 * Shows the devtools panel for `client` (the real client, the test client, or a wrapper of
 * either): every flag with its value, variant, reason and rule, a search by key, the current
 * context, the source and revision of the values, the last fetch and its error, override
 * controls when the client has overrides, and a flag's explain trace ("why?"). Remove it with
 * `element.remove()`.
 */
export function mountDevtools(client: DevtoolsClient, options: DevtoolsOptions = {}): RollgateDevtools {
  defineDevtools();
  const element = document.createElement(DEVTOOLS_TAG);
  element.client = client;
  if (options.floating ?? options.parent === undefined) element.setAttribute("floating", "");
  (options.parent ?? document.body).append(element);
  return element;
}
