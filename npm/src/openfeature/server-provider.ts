// The OpenFeature server provider: `@openfeature/server-sdk` (Node services) over the engine of
// a RollgateClient. The client keeps the ruleset (bootstrap, URL polled with If-None-Match,
// backoff, events); each resolution evaluates the request's own context on its engine. Every
// service of a polyglot backend that evaluates the same ruleset for the same context gets the
// same answer: the same core decides, and resolution.ts maps its results as the web provider does.

import { OpenFeatureEventEmitter, ProviderEvents } from "@openfeature/server-sdk";
import type { ErrorCode, EvaluationContext, JsonValue, Provider, ResolutionDetails } from "@openfeature/server-sdk";
import { createClient, type ClientOptions, type RollgateClient } from "../client.js";
import type { FlagType } from "../types.js";
import { forwardEvents, noRuleset, notReady, toAttributes, toResolution } from "./resolution.js";

/**
 * Options: those of `createClient` but the context (each request brings its own) and
 * exposures (a server has no user session), or an existing real `client` to serve from. A
 * service persists nothing by default (`storage: false`): it starts from `bootstrap` (a
 * ruleset file it ships or mounts) and/or `url`.
 */
export type RollgateServerProviderOptions = Omit<ClientOptions, "context" | "onExposure"> & { client?: RollgateClient };

/**
 * `await OpenFeature.setProviderAndWait(new RollgateServerProvider({ url, pollInterval }))`,
 * then `client.getBooleanValue(flag, fallback, requestContext)` per request (the dynamic-context
 * paradigm). Resolutions, reasons and error codes are those of the web provider
 * (`rollgate/openfeature`). Events: CONFIGURATION_CHANGED when a new ruleset loads (without
 * `flagsChanged`: which answers changed depends on each request's context), STALE when a
 * refresh fails while a ruleset is served, ERROR when a fetched ruleset is refused, READY when
 * fresh again. Ramps apply at each evaluation's time (the client's `now`).
 */
export class RollgateServerProvider implements Provider {
  /** Provider name shown by the SDK. */
  readonly metadata = { name: "rollgate" } as const;
  /** A dynamic-context (server-side) provider. */
  readonly runsOn = "server" as const;
  /** Events for the SDK. */
  readonly events = new OpenFeatureEventEmitter();
  /** The client keeping the ruleset (after `initialize`); its engine evaluates every request. */
  client: RollgateClient | undefined;
  private readonly options: RollgateServerProviderOptions;
  private unsubscribe: (() => void)[] = [];

  /** A provider that creates its client on `initialize`, or serves from `options.client`. */
  constructor(options: RollgateServerProviderOptions = {}) {
    this.options = options;
  }

  /**
   * Called by the SDK: loads the ruleset. Rejects with NO_RULESET when none could be loaded;
   * the client keeps trying (`pollInterval`, `refresh()`) and the provider turns READY then.
   */
  async initialize(): Promise<void> {
    const client = this.options.client ?? (await createClient({ storage: false, ...this.options }));
    this.client = client;
    this.unsubscribe.push(
      client.on("update", () => this.events.emit(ProviderEvents.ConfigurationChanged)),
      ...forwardEvents(client, {
        ready: () => this.events.emit(ProviderEvents.Ready),
        stale: (message) => this.events.emit(ProviderEvents.Stale, { message }),
        refused: (message) => this.events.emit(ProviderEvents.Error, { message, errorCode: "PARSE_ERROR" as ErrorCode }),
      }),
    );
    if (!client.hasRuleset) throw noRuleset(client);
  }

  private resolve<T>(key: string, fallback: T, context: EvaluationContext, type: FlagType): Promise<ResolutionDetails<T>> {
    const client = this.client;
    if (!client?.hasRuleset) return Promise.resolve(notReady(client, fallback));
    const now = (this.options.now ?? Date.now)();
    return Promise.resolve(toResolution(key, client.engine.evaluate(key, toAttributes(context), { now, type }), fallback));
  }

  /** Resolves a boolean flag for this evaluation's context. */
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, defaultValue, context, "boolean");
  }

  /** Resolves a string flag for this evaluation's context. */
  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, defaultValue, context, "string");
  }

  /** Resolves a number flag for this evaluation's context. */
  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, defaultValue, context, "number");
  }

  /** Resolves an object flag for this evaluation's context. */
  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    return this.resolve(flagKey, defaultValue, context, "object");
  }

  /** Called by the SDK on shutdown: closes the client if the provider created it. */
  async onClose(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (!this.options.client) this.client?.close();
    this.client = undefined;
  }
}
