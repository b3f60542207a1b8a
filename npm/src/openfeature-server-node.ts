// `rollgate/openfeature/server` under Node (the `.wasm` is read from disk): the OpenFeature
// server provider, for `@openfeature/server-sdk`.
import "./node.js";
export { RollgateServerProvider, type RollgateServerProviderOptions } from "./openfeature/server-provider.js";
export { toAttributes } from "./openfeature/resolution.js";
