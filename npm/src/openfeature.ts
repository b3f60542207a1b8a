// `rollgate/openfeature` for browsers and bundlers (the `.wasm` is fetched from the package).
import "./index.js";
export { RollgateProvider, toAttributes, type RollgateProviderOptions } from "./openfeature/provider.js";
export { typedClient, type TypedClient, type TypedFeatures } from "./openfeature/typed.js";
