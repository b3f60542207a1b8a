// `rollgate/capacitor`: what an Ionic/Capacitor app needs around the client. The last good
// ruleset kept in native preferences (iOS may evict a WebView's localStorage), and the context
// attributes that gate native APIs read from the native app (its version, not the web bundle's).
//
// The plugins are passed in rather than imported: an app installs only the Capacitor plugins it
// uses (each is an optional peer dependency), and this entry loads no WebAssembly and no plugin
// code of its own. The plugin shapes below are the subsets of the official plugins' APIs read
// here; the real `Preferences`, `App` and `Device` objects satisfy them.

import type { FlagStorage } from "./storage.js";

/** The part of `@capacitor/preferences`' `Preferences` plugin the storage uses. */
export interface PreferencesPlugin {
  /** `Preferences.get`: the stored string, or `null`. */
  get(options: { key: string }): Promise<{ value: string | null }>;
  /** `Preferences.set`. */
  set(options: { key: string; value: string }): Promise<void>;
  /** `Preferences.remove`. */
  remove(options: { key: string }): Promise<void>;
}

/** The part of `@capacitor/app`'s `App` plugin the context helper uses. */
export interface AppPlugin {
  /** `App.getInfo`: `version` is the native app's (CFBundleShortVersionString, versionName). */
  getInfo(): Promise<{ version: string }>;
}

/** The part of `@capacitor/device`'s `Device` plugin the context helper uses. */
export interface DevicePlugin {
  /** `Device.getInfo`: `platform` is `ios`, `android` or `web`. */
  getInfo(): Promise<{ platform: string; osVersion: string }>;
}

/**
 * A `FlagStorage` on Capacitor's Preferences (UserDefaults on iOS, SharedPreferences on
 * Android): iOS can evict a WebView's `localStorage` under storage pressure, and an app whose
 * persisted ruleset was evicted starts offline with nothing but its fallbacks. Pass it as
 * `createClient({ storage: preferencesStorage(Preferences) })`.
 */
export function preferencesStorage(preferences: PreferencesPlugin): FlagStorage {
  return {
    get: async (key) => (await preferences.get({ key })).value,
    set: (key, value) => preferences.set({ key, value }),
    remove: (key) => preferences.remove({ key }),
  };
}

/** Options of `capacitorContext`. */
export interface CapacitorContextOptions {
  /** `App` from `@capacitor/app`. */
  app: AppPlugin;
  /** `Device` from `@capacitor/device`. */
  device: DevicePlugin;
  /**
   * The `appVersion` to use where there is no native app (the web platform, where
   * `App.getInfo()` is not implemented), e.g. the PWA build's version. Omitted: the context
   * has no `appVersion` there, so every version condition fails (see docs/ionic.md).
   */
  webVersion?: string;
}

/**
 * The attributes `capacitorContext` fills. A type rather than an interface, so that it is a
 * `ContextAttributes` as it is (`context: await capacitorContext(...)`).
 */
export type CapacitorContext = {
  /** The native app's version; on the web, `webVersion` or absent. */
  appVersion?: string;
  /** `ios`, `android` or `web`. */
  platform: string;
  /** The operating system's version, e.g. `17.5` (iOS) or `14` (Android). */
  osVersion: string;
};

/**
 * `appVersion`, `platform` and `osVersion` for the client's context, from the native side:
 * which native APIs an installed app has is decided by its native version, not by the web
 * bundle it runs (which a live update can replace). On the web platform `App.getInfo()`
 * rejects as not implemented (`code: "UNIMPLEMENTED"`): `appVersion` is then `webVersion`, or
 * absent. Any other failure of either plugin rejects.
 */
export async function capacitorContext(options: CapacitorContextOptions): Promise<CapacitorContext> {
  const [appVersion, device] = await Promise.all([nativeVersion(options), options.device.getInfo()]);
  const context: CapacitorContext = { platform: device.platform, osVersion: device.osVersion };
  if (appVersion !== undefined) context.appVersion = appVersion;
  return context;
}

/** The native app's version, or on a platform without one (the web) `webVersion`. */
async function nativeVersion(options: CapacitorContextOptions): Promise<string | undefined> {
  try {
    return (await options.app.getInfo()).version;
  } catch (e) {
    // Capacitor's CapacitorException code for a method a platform does not implement.
    if ((e as { code?: unknown } | null)?.code === "UNIMPLEMENTED") return options.webVersion;
    throw e;
  }
}
