// The one Node API the Node entry uses (the package does not depend on @types/node).
declare module "node:fs/promises" {
  export function readFile(path: URL | string): Promise<Uint8Array>;
}
