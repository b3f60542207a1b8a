// The OpenFeature web provider: `@openfeature/web-sdk` (and its React SDK) over a RollgateClient.

import { OpenFeatureEventEmitter, ProviderEvents } from "@openfeature/web-sdk";
import type { EvaluationContext, JsonValue as OFJsonValue, Provider, ResolutionDetails, ErrorCode } from "@openfeature/web-sdk";
import { createClient, type ClientOptions } from "../client.js";
import type { FlagClient } from "../flag-client.js";
import type { Flags } from "../flags.js";
import type { FlagType } from "../types.js";
import { forwardEvents, noRuleset, notReady, toAttributes, toResolution } from "./resolution.js";

export { toAttributes };

/**
 * Options: those of `createClient`, or an existing `client` to serve from (a real client, or
 * the test client of `rollgate/testing`).
 */
export type RollgateProviderOptions = Omit<ClientOptions, "context"> & { client?: FlagClient };

/**
 * `OpenFeature.setProvider(new RollgateProvider({ url: "/flags/prod.json" }))`.
 * Resolutions carry variant, reason, error code and flag metadata (scalars; `ruleId` added).
 * Events: CONFIGURATION_CHANGED (with `flagsChanged`) on ruleset updates and ramp steps,
 * STALE when a refresh fails while a ruleset is served, ERROR when a fetched ruleset is
 * refused (invalid, older, or not a ruleset at all) or when no ruleset could be loaded, READY
 * when fresh again. Until a ruleset is loaded, every resolution is ERROR / PROVIDER_NOT_READY
 * with the load error as its message, never FLAG_NOT_FOUND: the flag may well exist.
 */
export class RollgateProvider implements Provider {
  /** Provider name shown by the SDK. */
  readonly metadata = { name: "rollgate" } as const;
  /** A static-context (client-side) provider. */
  readonly runsOn = "client" as const;
  /** Events for the SDK. */
  readonly events = new OpenFeatureEventEmitter();
  /** The client serving the flags (after `initialize`). */
  client: FlagClient | undefined;
  private readonly options: RollgateProviderOptions;
  private unsubscribe: (() => void)[] = [];

  /** A provider that creates its client on `initialize`, or serves from `options.client`. */
  constructor(options: RollgateProviderOptions = {}) {
    this.options = options;
  }

  /** Called by the SDK with the static context; loads the ruleset. */
  async initialize(context?: EvaluationContext): Promise<void> {
    const attributes = toAttributes(context ?? {});
    let client = this.options.client;
    if (client) client.setContext(attributes);
    else client = await createClient<Flags>({ ...this.options, context: attributes });
    this.client = client;
    this.unsubscribe.push(
      client.on("change", (flagsChanged) => this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged })),
      ...forwardEvents(client, {
        ready: () => this.events.emit(ProviderEvents.Ready),
        stale: (message) => this.events.emit(ProviderEvents.Stale, { message }),
        refused: (message) => this.events.emit(ProviderEvents.Error, { message, errorCode: "PARSE_ERROR" as ErrorCode }),
      }),
    );
    if (!client.hasRuleset) throw noRuleset(client);
  }

  /** Called by the SDK when the static context changes: recomputes every flag. */
  onContextChange(_old: EvaluationContext, next: EvaluationContext): void {
    this.client?.setContext(toAttributes(next));
  }

  private resolve<T>(key: string, fallback: T, type: FlagType): ResolutionDetails<T> {
    if (!this.client?.hasRuleset) return notReady(this.client, fallback);
    return toResolution(key, this.client.getDetails(key, type), fallback);
  }

  /** Resolves a boolean flag. */
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return this.resolve(flagKey, defaultValue, "boolean");
  }

  /** Resolves a string flag. */
  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return this.resolve(flagKey, defaultValue, "string");
  }

  /** Resolves a number flag. */
  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return this.resolve(flagKey, defaultValue, "number");
  }

  /** Resolves an object flag. */
  resolveObjectEvaluation<T extends OFJsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return this.resolve(flagKey, defaultValue, "object");
  }

  /** Called by the SDK on shutdown: closes the client if the provider created it. */
  async onClose(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (!this.options.client) this.client?.close();
    this.client = undefined;
  }
}
