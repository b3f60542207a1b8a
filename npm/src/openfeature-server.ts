// `rollgate/openfeature/server` outside Node (the `.wasm` is fetched from the package): the
// OpenFeature server provider, for `@openfeature/server-sdk`.
import "./index.js";
export { RollgateServerProvider, type RollgateServerProviderOptions } from "./openfeature/server-provider.js";
export { toAttributes } from "./openfeature/resolution.js";
