// `rollgate/openfeature` under Node (the `.wasm` is read from disk).
import "./node.js";
export { RollgateProvider, toAttributes, type RollgateProviderOptions } from "./openfeature/provider.js";
export { typedClient, type TypedClient, type TypedFeatures } from "./openfeature/typed.js";
