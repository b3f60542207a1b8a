// Everything the entry points export; they differ only in how the `.wasm` is found.

export { init, initSync, isInitialized, wasmMemoryBytes, wasmHeapBytes, type WasmInput, type WasmSource } from "./wasm.js";
export { initDebug } from "./debug.js";
export { Engine, Context, Evaluations, liveWrappers, type EvaluateOptions } from "./engine.js";
export { createClient, createClientSync, RollgateClient, type ClientOptions, type ClientEvents, type RefreshResult, type RulesetSource } from "./client.js";
export type { Exposure, ExposureDedupe } from "./exposures.js";
export type { ClientStatus, ValueSource } from "./status.js";
export { serverState, serializeServerState, readServerState, type ServerState, type ServerStateOptions } from "./server.js";
export { MemoryStorage, defaultStorage, type FlagStorage, type PersistedRuleset } from "./storage.js";
export { RollgateError, isRollgateError, type Problem, type ErrorCodeName, type ErrorDetails } from "./errors.js";
export type { FlagClient } from "./flag-client.js";
export type {
  Flags, FlagKey, BooleanFlagKey, StringFlagKey, NumberFlagKey, ObjectFlagKey, FlagValueOf, FlagValues, FlagValuesInput, JsonObject,
} from "./flags.js";
export type * from "./types.js";
