// A stand-in for the declarations of the npm package `rollgate`, shaped like its typed-flags
// design: every API is generic over one `Flags` interface that an app fills by module
// augmentation, which is what `rollgate codegen --lang ts` writes. Only what the codegen test
// (cli/tests/codegen.rs) uses is declared. When the package ships that design, the test compiles
// against the package itself and this file goes.

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** An app's flags: empty here; `declare module "rollgate" { interface Flags { ... } }` fills it. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Flags {}

/** Any string while no flags are declared; then the keys of the flags whose values are `T`s. */
export type FlagKey<T = unknown> = keyof Flags extends never
  ? string
  : { [K in keyof Flags]: Flags[K] extends T ? K : never }[keyof Flags];

/** The value type of flag `K`, or `T` while no flags are declared. */
export type FlagValue<K, T> = K extends keyof Flags ? Flags[K] : T;

type ObjectValue = { readonly [key: string]: JsonValue };

export interface RollgateClient {
  isEnabled<K extends FlagKey<boolean>>(key: K): boolean;
  getBoolean<K extends FlagKey<boolean>>(key: K, fallback: boolean): boolean;
  getString<K extends FlagKey<string>>(key: K, fallback: FlagValue<K, string>): FlagValue<K, string>;
  getNumber<K extends FlagKey<number>>(key: K, fallback: number): number;
  getObject<K extends FlagKey<ObjectValue>>(key: K, fallback: FlagValue<K, ObjectValue>): FlagValue<K, ObjectValue>;
  getDetails<K extends FlagKey>(key: K): { value: FlagValue<K, unknown> | undefined };
}

export declare function createClient(options: { url: string }): RollgateClient;
