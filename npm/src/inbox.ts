// Writing a context's attributes into the context inbox, a byte buffer inside the WASM memory
// (wasm/src/inbox.rs has the format): the route of a plain-object context evaluated for one
// flag, which on a server is a new object per request. No JSON text, no allocation: strings
// are written as UTF-8 straight into the instance's memory, and the core reads them from there.
//
// Only what the format can say is written here, read as `JSON.stringify` reads it. Anything
// else (lists, nested objects, BigInt, non-finite numbers, lone surrogates, objects with their
// own toJSON, attributes that are not an object, contexts over MAX_INBOX_BYTES, ...) makes
// `writeContext` answer -1, and the caller takes the JSON route, whose answers and errors are
// the core's.

import { contextInbox } from "../pkg/rollgate.js";
import type { ContextAttributes } from "./types.js";
import { requireInstance } from "./wasm.js";

// The tags of wasm/src/inbox.rs.
const STRING = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const SAME_NAME = 16;

// The largest inbox: a bigger context takes the JSON route, so the inbox (kept for the life of
// the instance) stays small whatever one context held.
const MAX_INBOX_BYTES = 64 * 1024;

// The inbox as seen from JS: its address, its size, and views of it. Growing the WASM memory
// detaches the views (their length becomes 0): they are rebuilt then, at the same address.
let address = 0;
let capacity = 0;
let bytes = new Uint8Array(0);
let view = new DataView(bytes.buffer);
// Set while a context is being written: a getter or a `toJSON` that evaluates a flag itself
// would otherwise write over it.
let writing = false;

// The names of the attributes WASM's scratch context holds, in order, as the last complete
// read left them; null when that is not known. While a context's names come back in that order,
// their tags carry SAME_NAME and the names are not written (wasm/src/inbox.rs).
let readNames: string[] | null = null;
// The names of the context being written: they become `readNames` once WASM has read it.
let writtenNames: string[] = [];
// Whether every name written so far is the one `readNames` has at its position.
let sameNames = false;

/** Thrown inside the writer for what the format cannot say; never escapes this module. */
const UNSUPPORTED = new Error("not for the inbox");

/**
 * Writes `attributes` into the inbox and returns how many bytes it took, or -1 when the
 * attributes must take the JSON route.
 */
export function writeContext(attributes: ContextAttributes): number {
  // JSON.stringify would read something else than own attributes: a string, an array, a
  // class with toJSON (e.g. a Date as the whole context).
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) return -1;
  if (typeof (attributes as { toJSON?: unknown }).toJSON === "function") return -1;
  if (writing) return -1;
  writing = true;
  try {
    // Views detached by a memory growth since the last call: the inbox has not moved.
    if (bytes.length === 0) attach(256);
    const end = writeAttributes(attributes);
    // A getter may have grown the memory mid-way (e.g. by loading a ruleset), and writes into
    // a detached view are lost: the JSON route then.
    return bytes.length === 0 ? -1 : end;
  } catch {
    return -1;
  } finally {
    writing = false;
  }
}

/**
 * Says whether WASM read the context `writeContext` wrote last through to the end: after a
 * read that threw, what its scratch context holds is not known, and names are written again.
 */
export function contextRead(complete: boolean): void {
  if (complete) {
    const spare = readNames ?? [];
    readNames = writtenNames;
    writtenNames = spare;
  } else {
    readNames = null;
  }
}

/** Makes the inbox at least `size` bytes (keeping its contents) and rebuilds the views. */
function attach(size: number): void {
  if (size > capacity) capacity = Math.max(size, capacity * 2);
  address = contextInbox(capacity);
  const buffer = requireInstance().memory.buffer;
  bytes = new Uint8Array(buffer, address, capacity);
  view = new DataView(buffer, address, capacity);
}

/**
 * Room for `n` more bytes at `at`. Growing copies what was written so far, which must then all
 * be there: views detached mid-way (by a getter) have lost writes.
 */
function room(at: number, n: number): void {
  if (at + n > capacity) {
    if (bytes.length === 0 || at + n > MAX_INBOX_BYTES) throw UNSUPPORTED;
    attach(at + n);
  }
}

function writeAttributes(attributes: ContextAttributes): number {
  let at = 0;
  writtenNames.length = 0;
  sameNames = true;
  // Own enumerable string keys in JSON.stringify's order: the same attributes in the same order.
  const names = Object.keys(attributes);
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    let value: unknown = attributes[name];
    // `typeof` first: strings, the usual attribute, skip the prototype walk of `instanceof`.
    if (typeof value === "object" && value instanceof Date) {
      // As JSON.stringify: an RFC 3339 text, or null (absent) for an invalid date.
      value = value.toJSON();
      if (value === null) continue;
      if (typeof value !== "string") throw UNSUPPORTED;
    }
    switch (typeof value) {
      case "string":
        at = writeString(value, writeHead(STRING, name, at));
        break;
      case "number":
        // NaN and infinities are null in JSON (absent): the JSON route keeps that answer.
        if (!Number.isFinite(value)) throw UNSUPPORTED;
        at = writeHead(NUMBER, name, at);
        room(at, 8);
        // -0 is 0 in JSON: the same number as on the JSON route.
        view.setFloat64(at, value === 0 ? 0 : value, true);
        at += 8;
        break;
      case "boolean":
        at = writeHead(value ? TRUE : FALSE, name, at);
        break;
      case "undefined":
      case "function":
      case "symbol":
        // JSON.stringify leaves these out: absent.
        break;
      case "object":
        if (value === null) break; // absent
        throw UNSUPPORTED; // a list (JSON route: the core's list checks) or a nested object
      default:
        throw UNSUPPORTED; // bigint
    }
  }
  return at;
}

/** An attribute's tag and name: the tag alone, with SAME_NAME, while the names are those read last. */
function writeHead(tag: number, name: string, at: number): number {
  room(at, 1);
  const position = writtenNames.length;
  writtenNames.push(name);
  const names = readNames;
  if (sameNames && names !== null && position < names.length && names[position] === name) {
    bytes[at] = tag | SAME_NAME;
    return at + 1;
  }
  sameNames = false;
  bytes[at] = tag;
  return writeString(name, at + 1);
}

/**
 * A `u32` byte length and the UTF-8 bytes of `text`. A lone surrogate is unsupported: the JSON
 * route refuses it with the core's message (TextEncoder would replace it silently).
 */
function writeString(text: string, at: number): number {
  const n = text.length;
  // UTF-8 takes at most 3 bytes per UTF-16 unit (4 for a surrogate pair, which is 2 units).
  room(at, 4 + 3 * n);
  // A local: the module's binding would be read again for every byte.
  const out = bytes;
  let p = at + 4;
  let i = 0;
  // ASCII, the usual text, one byte per unit; the first other unit goes to the general loop.
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) break;
    out[p++] = c;
  }
  if (i < n) p = writeNonAscii(text, i, p);
  view.setUint32(at, p - at - 4, true);
  return p;
}

/** The UTF-8 bytes of `text` from unit `i` on, written at `p`; returns where they end. */
function writeNonAscii(text: string, i: number, p: number): number {
  const out = bytes;
  const n = text.length;
  for (; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      const low = text.charCodeAt(++i); // NaN past the end
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) throw UNSUPPORTED;
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 0x3f);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}
