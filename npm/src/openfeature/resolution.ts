// What Rollgate's OpenFeature providers (web and server) share, so that both answer alike: how
// an OpenFeature context becomes Rollgate attributes, how a Rollgate result becomes resolution
// details (reasons, error codes, metadata), what "not ready" says, and which client events
// become provider events. Types only from @openfeature/core, which both SDKs re-export and
// require as a peer: the server entry must not pull in the web SDK, nor the web entry the
// server SDK.

import type { ErrorCode, EvaluationContext, EvaluationContextValue, FlagMetadata, ResolutionDetails } from "@openfeature/core";
import { RollgateError } from "../errors.js";
import type { FlagClient } from "../flag-client.js";
import type { AttributeValue, ContextAttributes, EvaluationResult } from "../types.js";

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

/** A flag's metadata as OpenFeature's (scalars only: lists are joined), plus the deciding `ruleId`. */
function scalarMetadata(metadata: { readonly [key: string]: unknown } | undefined, ruleId: string | undefined): FlagMetadata {
  const out: FlagMetadata = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x !== "object")) out[k] = v.join(",");
    }
  }
  if (ruleId !== undefined) out.ruleId = ruleId;
  return out;
}

/**
 * A Rollgate result as resolution details. Reasons pass through (OpenFeature's own names);
 * an ERROR result gives the caller's default with Rollgate's error code, which is an
 * OpenFeature code (FLAG_NOT_FOUND, TYPE_MISMATCH, INVALID_CONTEXT, PROVIDER_NOT_READY).
 */
export function toResolution<T>(key: string, r: EvaluationResult, fallback: T): ResolutionDetails<T> {
  const flagMetadata = scalarMetadata(r.metadata, r.ruleId);
  if (r.reason === "ERROR" || r.value === undefined) {
    const errorCode = (r.errorCode ?? "GENERAL") as ErrorCode;
    return { value: fallback, reason: "ERROR", errorCode, errorMessage: `${key}: ${errorCode}`, flagMetadata };
  }
  return { value: r.value as T, variant: r.variant, reason: r.reason, flagMetadata };
}

/**
 * NO_RULESET: why no flag can be resolved yet (the client's last load error, if any). The
 * client stays, so a later refresh that loads a ruleset makes the provider READY.
 */
export function noRuleset(client: FlagClient | undefined): RollgateError {
  const cause = client?.lastError;
  const why = cause ? cause.message : "no bootstrap, nothing persisted, and no url";
  return new RollgateError("NO_RULESET", `rollgate: no ruleset loaded: ${why}`, { cause, url: cause?.url });
}

/**
 * Every resolution while no ruleset is loaded: ERROR / PROVIDER_NOT_READY with the load error,
 * never FLAG_NOT_FOUND (the flag may well exist).
 */
export function notReady<T>(client: FlagClient | undefined, fallback: T): ResolutionDetails<T> {
  return { value: fallback, reason: "ERROR", errorCode: "PROVIDER_NOT_READY" as ErrorCode, errorMessage: noRuleset(client).message };
}

/** What a provider tells its SDK, each in the SDK's own event type. */
export interface ProviderSignals {
  /** Fresh again after a failed refresh (or a first ruleset after none): READY. */
  ready(): void;
  /** A refresh failed while a ruleset is served: STALE. */
  stale(message: string): void;
  /** A fetched ruleset was refused (invalid, older, not a ruleset at all): ERROR / PARSE_ERROR. */
  refused(message: string): void;
}

/** Subscribes `signals` to the client's events; returns the unsubscribe functions. */
export function forwardEvents(client: FlagClient, signals: ProviderSignals): (() => void)[] {
  return [
    client.on("stale", (error) => signals.stale(error.message)),
    client.on("error", (error) => {
      const code = (error as { code?: string }).code;
      if (code === "INVALID_RULESET" || code === "STALE_REVISION" || code === "INVALID_RESPONSE") signals.refused(error.message);
    }),
    client.on("fresh", () => signals.ready()),
  ];
}
