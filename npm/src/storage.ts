// Where the client keeps its last good ruleset, so an app opened offline still has its flags.

/** A key/value store for the persisted ruleset; sync or async. */
export interface FlagStorage {
  /** The stored text, or null. */
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  /** Stores text. */
  set(key: string, value: string): void | Promise<void>;
  /** Deletes the key. */
  remove(key: string): void | Promise<void>;
}

/** In-memory storage (the fallback when `localStorage` is missing or refuses to work). */
export class MemoryStorage implements FlagStorage {
  private readonly data = new Map<string, string>();
  /** The stored text, or null. */
  get(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  /** Stores text. */
  set(key: string, value: string): void {
    this.data.set(key, value);
  }
  /** Deletes the key. */
  remove(key: string): void {
    this.data.delete(key);
  }
}

/**
 * `localStorage` when it exists and accepts a write (it throws in some private modes and
 * sandboxed frames, and is missing in workers and Node); otherwise a `MemoryStorage`.
 */
export function defaultStorage(): FlagStorage {
  try {
    const ls = (globalThis as { localStorage?: Storage }).localStorage;
    if (ls) {
      const probe = "rollgate:probe";
      ls.setItem(probe, "1");
      ls.removeItem(probe);
      return {
        get: (k) => ls.getItem(k),
        set: (k, v) => ls.setItem(k, v),
        remove: (k) => ls.removeItem(k),
      };
    }
  } catch {
    // Fall through: storage exists but is unusable.
  }
  return new MemoryStorage();
}

/** What is persisted: the ruleset text and the ETag it came with. */
export interface PersistedRuleset {
  /** Format version of this record. */
  v: 1;
  /** ETag of the response the ruleset came from, if any. */
  etag?: string;
  /** The ruleset JSON text. */
  ruleset: string;
}

/** Reads the persisted record; any failure or malformed record reads as none. */
export async function readPersisted(storage: FlagStorage, key: string): Promise<PersistedRuleset | undefined> {
  try {
    const text = await storage.get(key);
    if (!text) return undefined;
    const record = JSON.parse(text) as PersistedRuleset;
    return record && record.v === 1 && typeof record.ruleset === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the record; a failing storage (quota, private mode) is reported, never thrown. */
export async function writePersisted(storage: FlagStorage, key: string, record: PersistedRuleset): Promise<unknown> {
  try {
    await storage.set(key, JSON.stringify(record));
    return undefined;
  } catch (e) {
    return e;
  }
}
