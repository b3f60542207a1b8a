// The OpenFeature web provider: `@openfeature/web-sdk` (and its React SDK) over a RollgateClient.

import { OpenFeatureEventEmitter, ProviderEvents } from "@openfeature/web-sdk";
import type { EvaluationContext, EvaluationContextValue, FlagMetadata, JsonValue as OFJsonValue, Provider, ResolutionDetails, ErrorCode } from "@openfeature/web-sdk";
import { createClient, type ClientOptions } from "../client.js";
import type { FlagClient } from "../flag-client.js";
import type { Flags } from "../flags.js";
import { RollgateError } from "../errors.js";
import type { AttributeValue, ContextAttributes, FlagType } from "../types.js";

/**
 * Options: those of `createClient`, or an existing `client` to serve from (a real client, or
 * the test client of `rollgate/testing`).
 */
export type RollgateProviderOptions = Omit<ClientOptions, "context"> & { client?: FlagClient };

/**
 * Maps an OpenFeature context onto Rollgate attributes: `targetingKey` also becomes `userId`
 * (the default rollout unit) unless `userId` is given; nested objects are flattened with dots
 * (`{address: {country}}` → `"address.country"`), which is how Rollgate names nested attributes.
 */
export function toAttributes(context: EvaluationContext): ContextAttributes {
  const out: Record<string, AttributeValue> = {};
  const visit = (prefix: string, value: EvaluationContextValue | undefined): void => {
    if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(prefix ? `${prefix}.${k}` : k, v);
    } else {
      out[prefix] = value as AttributeValue;
    }
  };
  visit("", context as EvaluationContextValue);
  if (typeof context.targetingKey === "string" && out.userId === undefined) out.userId = context.targetingKey;
  return out;
}

function scalarMetadata(metadata: { readonly [key: string]: unknown } | undefined, ruleId: string | undefined): FlagMetadata {
  const out: FlagMetadata = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
      // OpenFeature metadata holds scalars only: lists (tags) are joined.
      else if (Array.isArray(v) && v.every((x) => typeof x !== "object")) out[k] = v.join(",");
    }
  }
  if (ruleId !== undefined) out.ruleId = ruleId;
  return out;
}

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
      client.on("stale", (error) => this.events.emit(ProviderEvents.Stale, { message: error.message })),
      client.on("error", (error) => {
        const code = (error as { code?: string }).code;
        if (code === "INVALID_RULESET" || code === "STALE_REVISION" || code === "INVALID_RESPONSE") {
          this.events.emit(ProviderEvents.Error, { message: error.message, errorCode: "PARSE_ERROR" as ErrorCode });
        }
      }),
      client.on("fresh", () => this.events.emit(ProviderEvents.Ready)),
    );
    if (!client.hasRuleset) throw this.notReady();
  }

  /**
   * NO_RULESET: why no flag can be resolved yet. The client stays, so a later refresh that
   * loads a ruleset makes the provider READY (the `fresh` event).
   */
  private notReady(): RollgateError {
    const cause = this.client?.lastError;
    const why = cause ? cause.message : "no bootstrap, nothing persisted, and no url";
    return new RollgateError("NO_RULESET", `rollgate: no ruleset loaded: ${why}`, { cause, url: cause?.url });
  }

  /** Called by the SDK when the static context changes: recomputes every flag. */
  onContextChange(_old: EvaluationContext, next: EvaluationContext): void {
    this.client?.setContext(toAttributes(next));
  }

  private resolve<T>(key: string, fallback: T, type: FlagType): ResolutionDetails<T> {
    if (!this.client?.hasRuleset) {
      return { value: fallback, reason: "ERROR", errorCode: "PROVIDER_NOT_READY" as ErrorCode, errorMessage: this.notReady().message };
    }
    const r = this.client.getDetails(key, type);
    const flagMetadata = scalarMetadata(r.metadata, r.ruleId);
    if (r.reason === "ERROR" || r.value === undefined) {
      const errorCode = (r.errorCode ?? "GENERAL") as ErrorCode;
      return { value: fallback, reason: "ERROR", errorCode, errorMessage: `${key}: ${errorCode}`, flagMetadata };
    }
    return { value: r.value as T, variant: r.variant, reason: r.reason, flagMetadata };
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
