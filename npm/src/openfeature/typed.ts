// Typed flag keys for OpenFeature's web client. Its evaluation methods take any string; viewed
// through `typedClient`, they take the keys of `Flags` (the app's typed key set) and return the
// declared value types. A view only: the object is the SDK's own client.

import type { Client, EvaluationDetails, FlagEvaluationOptions, JsonValue } from "@openfeature/web-sdk";
import type { BooleanFlagKey, FlagValueOf, Flags, NumberFlagKey, ObjectFlagKey, StringFlagKey } from "../flags.js";

/** OpenFeature's evaluation methods with the keys and value types of `F`. */
export interface TypedFeatures<F = Flags> {
  /** `Client.getBooleanValue`, for the boolean flags of `F`. */
  getBooleanValue(flagKey: BooleanFlagKey<F>, defaultValue: boolean, options?: FlagEvaluationOptions): boolean;
  /** `Client.getBooleanDetails`, for the boolean flags of `F`. */
  getBooleanDetails(flagKey: BooleanFlagKey<F>, defaultValue: boolean, options?: FlagEvaluationOptions): EvaluationDetails<boolean>;
  /** `Client.getStringValue`, for the string flags of `F`: the declared values. */
  getStringValue<K extends StringFlagKey<F>>(flagKey: K, defaultValue: FlagValueOf<K, string, F>, options?: FlagEvaluationOptions): FlagValueOf<K, string, F>;
  /** `Client.getStringDetails`, for the string flags of `F`. */
  getStringDetails<K extends StringFlagKey<F>>(flagKey: K, defaultValue: FlagValueOf<K, string, F>, options?: FlagEvaluationOptions): EvaluationDetails<FlagValueOf<K, string, F> & string>;
  /** `Client.getNumberValue`, for the number flags of `F`. */
  getNumberValue<K extends NumberFlagKey<F>>(flagKey: K, defaultValue: FlagValueOf<K, number, F>, options?: FlagEvaluationOptions): FlagValueOf<K, number, F>;
  /** `Client.getNumberDetails`, for the number flags of `F`. */
  getNumberDetails<K extends NumberFlagKey<F>>(flagKey: K, defaultValue: FlagValueOf<K, number, F>, options?: FlagEvaluationOptions): EvaluationDetails<FlagValueOf<K, number, F> & number>;
  /** `Client.getObjectValue`, for the object flags of `F`. */
  getObjectValue<K extends ObjectFlagKey<F>, T extends FlagValueOf<K, JsonValue, F> = FlagValueOf<K, JsonValue, F>>(
    flagKey: K, defaultValue: T, options?: FlagEvaluationOptions): FlagValueOf<K, T, F>;
  /** `Client.getObjectDetails`, for the object flags of `F`. */
  getObjectDetails<K extends ObjectFlagKey<F>, T extends FlagValueOf<K, JsonValue, F> = FlagValueOf<K, JsonValue, F>>(
    flagKey: K, defaultValue: T, options?: FlagEvaluationOptions): EvaluationDetails<JsonValue> & { value: FlagValueOf<K, T, F> };
}

/** An OpenFeature web client whose evaluation methods are typed by `F`; everything else as the SDK's. */
export type TypedClient<F = Flags> = Omit<Client, keyof TypedFeatures> & TypedFeatures<F>;

/**
 * `typedClient(OpenFeature.getClient())`: the same client, typed by `Flags`, so that a key the
 * app does not declare, or a default of another type, is a compile error.
 */
export function typedClient<F = Flags>(client: Client): TypedClient<F> {
  return client as unknown as TypedClient<F>;
}
