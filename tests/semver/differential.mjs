// Differential test: Rollgate's version ranges against node-semver 7.8.6, the pinned oracle
// (docs/adr/0017-node-semver-7.8.6-is-the-range-oracle.md).
//
//   node tests/semver/differential.mjs        (after `npm ci` in tests/semver/; scripts/test.sh)
//
// Generates version texts and range texts (prereleases at and around every bound, carets,
// tildes and x-ranges on 0.x and on partial versions, hyphen ranges with partial ends, `||`,
// odd whitespace, numbers around 2^53 and u64::MAX, invalid and mutated texts), asks npm's
// `semver` package and Rollgate's core (core/examples/semver_oracle.rs, one process for all
// queries), and requires:
//
// - a range text: npm accepts it (`validRange(r, {includePrerelease: true})` is not null) iff
//   Rollgate does, except where the difference is one of docs/versions.md's listed
//   restrictions or extensions, each recognised here by its own rule and counted by kind;
// - a version text: npm accepts it (`valid(v)`) iff Rollgate does, likewise;
// - every pair of an accepted range and an accepted version: Rollgate's answer is npm's
//   `satisfies(v, r, {includePrerelease: true})`. For a text accepted only through an
//   extension (`V1.2`, `01.2.3`, `2.3` as an attribute), npm's answer for the text the
//   extension says it means (`v1.2`, `1.2.3`, `2.3.0`).
//
// Prints the counts; fails, showing the first disagreements, if anything is unexplained.
// The generator is deterministic (a fixed seed), so a failure reproduces.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const semver = require('semver');
const PINNED = '7.8.6';
const installed = require('semver/package.json').version;
if (installed !== PINNED) {
  console.error(`semver differential: node-semver ${installed} is installed, ${PINNED} is pinned (run npm ci in tests/semver/)`);
  process.exit(1);
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OPTIONS = { includePrerelease: true };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER); // 2^53 - 1
const U64_MAX = 2n ** 64n - 1n;
const utf8Length = (text) => Buffer.byteLength(text, 'utf8');

// --- Generator ---------------------------------------------------------------------------

let seed = 0x2f6b1d3;
/** mulberry32: deterministic, so every run checks the same texts. */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const OPS = ['', '=', '<', '<=', '>', '>=', '~', '~>', '^'];
const TAGS = ['-0', '-alpha', '-rc.1', '-alpha.1', '-beta.2', '-0.0', '-1', '-RC.1', '-0a', '--'];
const PARTS = ['0', '1', '2', 'x'];
const BIG = [
  '9007199254740990', '9007199254740991', '9007199254740992', '9007199254740993',
  '18446744073709551614', '18446744073709551615', '18446744073709551616', '99999999999999999999999',
];
// Whitespace JavaScript's \s knows, and two characters it does not (U+0085, U+200B).
const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\ufeff', '\u2028', '\v', '\u0085', '\u200b'];

/** Version tokens for ranges: partial, wildcard, full, prerelease, prefixed, odd. */
function rangeTokens() {
  const tokens = new Set(['*', 'x', 'X', 'x.x', '*.*.*', 'X.x.*']);
  for (const a of PARTS) {
    tokens.add(a);
    for (const b of PARTS) {
      tokens.add(`${a}.${b}`);
      for (const c of PARTS) tokens.add(`${a}.${b}.${c}`);
    }
  }
  for (const core of ['0.0.0', '0.0.1', '0.1.0', '0.2.3', '1.0.0', '1.2.0', '1.2.3', '2.0.0', '0.0.3']) {
    for (const tag of TAGS.slice(0, 5)) tokens.add(core + tag);
  }
  for (const t of ['v1', 'v1.2', 'v1.2.3', 'V1', 'V1.2.3', 'v1.x', '01', '1.02', '01.2.3', '1.2.03',
    '00.0.0', 'v01.2', '1.2.3+build.5', '1.2+b', 'x+b', '1.x+b.1', '1.2.3-beta+exp.sha.5114f85',
    '1.2.3-01', '1.2.3-0a', '1.2.x-beta', '1.x.3', 'x.1', '1.2.3.4', 'a', '1.2.3-', '1.2.3+']) {
    tokens.add(t);
  }
  for (const big of BIG) {
    for (const t of [big, `${big}.0.0`, `1.${big}`, `1.${big}.0`, `0.0.${big}`, `1.2.${big}`, `1.2.3-${big}`, `${big}.x`]) {
      tokens.add(t);
    }
  }
  return [...tokens];
}

/** Version texts for attribute values. */
function versionTexts() {
  const texts = new Set();
  for (const a of ['0', '1', '2', '3']) {
    for (const b of ['0', '1', '2', '3']) {
      for (const c of ['0', '1', '2', '3', '4']) {
        texts.add(`${a}.${b}.${c}`);
        for (const tag of TAGS) texts.add(`${a}.${b}.${c}${tag}`);
      }
    }
  }
  for (const t of ['', ' ', 'abc', '1', '2', '1.2', '2.3-beta', '2-1', 'v1.2.3', 'V1.2.3', 'v2', ' 1.2.3 ',
    '\t1.2.3\n', '\ufeff1.2.3', '\u00851.2.3', '\u200b1.2.3', '01.2.3', '1.02.3', '2024.01.05', '1.2.3.4',
    '1.2.3-01', '1.2.3-', '1.2.3+', '1.2.3+b.7', '1.2.3-rc.1+b', '1.x', '*', 'x', '1..2', '-1', '=1.2.3',
    'vv1.2.3', '1.2.3 beta', '1.0.0-alpha..1', '1.0.0-x.7.z.92', '1.2.3-b_c', 'v1.2', 'V2.3-beta', '007']) {
    texts.add(t);
  }
  for (const big of BIG) {
    for (const t of [`${big}.0.0`, `1.${big}.0`, `1.2.${big}`, `1.2.3-${big}`, `1.2.3-alpha.${big}`, `${big}`]) texts.add(t);
  }
  texts.add(`1.2.3-${'a'.repeat(250)}`);
  texts.add(`1.2.3-${'a'.repeat(249)}`);
  texts.add(` 1.2.3-${'a'.repeat(249)}`);
  return [...texts];
}

function rangeTexts() {
  const tokens = rangeTokens();
  const texts = new Set(['', ' ', '*', '||', ' || ', '1 ||', '|| 1', '1 || || 2', '1 |||| 2', '1 ||| 2',
    '1.0.0 - 2.0.0', '* - 2', '1.2.3-beta - 2', '1.2 - 2.3.4-rc', 'x - 1.x', '1.x - *', '0.0.0 - 0',
    '1 - 2 - 3', '1 - 2 >=1.5', '>=1 1 - 2', '1 -2', '1- 2', '- 1', '1 -', '=1.2 - 2', '= 1 - = 2',
    '1.2.3*', '*1.2.3', '1.2.*3', '**', '==1', '~=1', '^=1', 'v=1', 'vv1', '=v1.2.3', '>==1', '< =1',
    '> = 1', '~ = 1', '~= 1', '+b', '>=+b', '1.2.3+b+c', '1+b.2.3', '^x.1', '~1.x.3', '~x.1',
    '1.2.x-beta', '^1.2.x-beta', '!=1', '1 | 2', '>=1 && <2', '1,2', '>=1.2.3<2', '~>1.2', '~> 1.2',
    '^ 1.2', '~ 1.2', '>= 1.2 < 2', '>=0.0.0', '>=0.0.0-0', '<0.0.0-0', '^0.0.0', '~0.0.0', '^0.0.0-0']);
  // Single comparators: every operator on every token, with and without a space after it.
  for (const op of OPS) {
    for (const token of tokens) {
      texts.add(op + token);
      if (op) texts.add(`${op} ${token}`);
    }
  }
  const plain = tokens.filter((t) => /^[\dxX*.]+(-[\w.]+)?$/.test(t) && !/\d{10}/.test(t));
  // Comparator sets.
  for (let i = 0; i < 1200; i++) {
    const n = 2 + Math.floor(random() * 2);
    texts.add(Array.from({ length: n }, () => pick(OPS) + pick(plain)).join(' '));
  }
  // Hyphen ranges, partial and prerelease ends included.
  for (let i = 0; i < 900; i++) texts.add(`${pick(plain)} - ${pick(plain)}`);
  // Alternatives.
  const some = [...texts];
  for (let i = 0; i < 900; i++) {
    const n = 2 + Math.floor(random() * 2);
    texts.add(Array.from({ length: n }, () => pick(some)).join(pick(['||', ' || ', '  ||  '])));
  }
  // Odd whitespace around and inside.
  const spaced = [...texts].filter((t) => t.includes(' '));
  for (let i = 0; i < 1500; i++) {
    const text = pick(spaced).replace(/ /g, () => pick(SPACES));
    texts.add(pick(SPACES) + text + pick(['', ...SPACES]));
  }
  // Mutations: garbage near valid texts.
  const ALPHABET = ['<', '>', '=', '~', '^', '!', '|', '&', '-', '+', '.', '*', 'x', 'X', 'v', 'V', '0', '1', '2', '9', ' ', 'a', ',', '_', '\u00e9'];
  const base = [...texts];
  for (let i = 0; i < 2500; i++) {
    let text = pick(base);
    for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
      const at = Math.floor(random() * (text.length + 1));
      const what = random();
      if (what < 0.4) text = text.slice(0, at) + pick(ALPHABET) + text.slice(at);
      else if (what < 0.7) text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at) + pick(ALPHABET) + text.slice(at + 1);
    }
    texts.add(text);
  }
  // Limits: 1024 bytes, 64 comparators, 256-byte versions.
  texts.add('1'.padEnd(1024, ' '));
  texts.add('1'.padEnd(1025, ' '));
  texts.add(Array(32).fill('~1.2.3').join(' '));
  texts.add(Array(33).fill('~1.2.3').join(' '));
  texts.add(Array(64).fill('>=1.0.0').join(' '));
  texts.add(Array(65).fill('>=1.0.0').join(' '));
  texts.add(Array(40).fill('^1.2.3').join(' || '));
  texts.add(`>=1.2.3-${'a'.repeat(240)}`);
  texts.add(`>=1.2.3-${'a'.repeat(260)}`);
  texts.add(`1.2.3+${'b'.repeat(300)}`);
  return [...texts];
}

// --- Rollgate's documented range grammar (docs/versions.md, "Range syntax") ---------------

const VERSION_TOKEN = /^[vV]?((?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const isWild = (part) => /^[xX*]$/.test(part);

/** Whether `token` is a version as a range may write it. */
function isRangeVersion(token) {
  const m = utf8Length(token) <= 256 && VERSION_TOKEN.exec(token);
  if (!m) return false;
  const parts = m[1].split('.');
  const firstWild = parts.findIndex(isWild);
  if (firstWild >= 0 && parts.slice(firstWild).some((p) => !isWild(p))) return false;
  if (parts.some((p) => !isWild(p) && BigInt(p) > U64_MAX)) return false;
  if (m[2] === undefined) return true;
  if (parts.length < 3 || firstWild >= 0) return false;
  return m[2].split('.').every((id) => !/^\d+$/.test(id) || (!/^0\d/.test(id) && BigInt(id) <= U64_MAX));
}

/** Whether `text` is a range in the documented grammar (limits and blank alternatives aside). */
function inGrammar(text) {
  const whole = text.trim();
  if (whole === '') return true;
  return whole.split('||').every((alternative) => {
    const words = alternative.split(/\s+/).filter(Boolean);
    if (words.length === 0) return false;
    if (words.length === 3 && words[1] === '-') return isRangeVersion(words[0]) && isRangeVersion(words[2]);
    for (let i = 0; i < words.length;) {
      const op = /^(?:<=|>=|~>|<|>|=|~|\^)?/.exec(words[i])[0];
      let version = words[i++].slice(op.length);
      if (op && version === '') version = words[i++] ?? '';
      if (!isRangeVersion(version)) return false;
    }
    return true;
  });
}

// --- Restrictions and extensions, each recognised by its own rule ---------------------------

// Each kind is named as its row of docs/versions.md, "Beyond node-semver"; the docs check
// below holds the two together.
const EXT = {
  V: '`V` prefix',
  ZEROS: 'leading zeros',
  PARTIAL: 'partial version as an attribute',
  BIG: 'numbers past 2^53 - 1',
  BIG_PRERELEASE: 'exact prerelease numbers past 2^53 - 1',
};
const RES = {
  EMPTY: 'empty `||` alternative',
  LONG_RANGE: 'range over 1024 bytes',
  COMPARATORS: 'over 64 comparators',
  LONG_VERSION: 'version over 256 bytes',
  PRE_U64: 'prerelease number past u64',
  OPERATOR: 'extra `=`, `v` or space around an operator',
  HYPHEN_EQ: '`=` on a hyphen range end',
  STAR: 'stray `*`',
  BUILD: 'build metadata without a version',
  WILDCARD: 'wildcard before a number or prerelease',
};

const hasEmptyAlternative = (text) => text.trim() !== '' && text.split('||').some((a) => a.trim() === '');
const numbersIn = (text) => (text.match(/\d+/g) ?? []).map(BigInt);
/** Numeric prerelease identifiers: digits after a `-` or `.` inside a prerelease. */
const prereleaseNumbers = (text) =>
  [...text.matchAll(/\d-((?:[0-9A-Za-z-]+\.)*[0-9A-Za-z-]+)/g)]
    .flatMap((m) => m[1].split('.'))
    .filter((id) => /^\d+$/.test(id))
    .map(BigInt);

/** Restrictions: npm accepts the range, Rollgate refuses it on purpose. First match wins. */
const RANGE_RESTRICTIONS = [
  [RES.LONG_RANGE, (text) => utf8Length(text) > 1024],
  [RES.COMPARATORS, (_, rollgate) => /more than 64 comparators/.test(rollgate.message ?? '')],
  [RES.EMPTY, hasEmptyAlternative],
  [RES.PRE_U64, (text) => prereleaseNumbers(text).some((n) => n > U64_MAX)],
  // npm accepts these only because its text rewriting deletes or skips characters.
  [RES.LONG_VERSION, (text) => text.split(/\s+/).some((word) => utf8Length(word) > 256)],
  [RES.OPERATOR, (text) => operatorRuns(text).some((run) => !ALLOWED_RUN.test(run))],
  [RES.HYPHEN_EQ, (text) => text.split('||').some((a) => /\s-\s/.test(a) && a.includes('='))],
  [RES.STAR, (text) => /(?<=[^\s.<>=~^vV|])\*|\*(?=[^\s.|+])/.test(text)],
  [RES.BUILD, (text) => /(^|[\s<>=~^vV|])\+|\+[0-9A-Za-z.-]*\+/.test(text)],
  [RES.WILDCARD, (text) => /[xX*]\.\d|[xX*]\.[xX*]\.\d|[xX*]-[0-9A-Za-z]/.test(text)],
];
// What may stand before a version: an operator, then spaces, then one `v`/`V`.
const ALLOWED_RUN = /^(?:(?:<=|>=|~>|<|>|=|~|\^)\s*)?[vV]?$/;
/** Every run of operator characters, `v`, `V` and whitespace directly before a version. */
const operatorRuns = (text) =>
  [...text.matchAll(/(?:^|[^<>=~^vV\s])\s*([<>=~^vV][<>=~^vV\s]*)(?=[\dxX*])/g)].map((m) => m[1].trim());

/** Extensions: Rollgate accepts a range npm refuses, meaning what the normalized text means. */
function rangeExtension(text) {
  const kinds = new Set();
  const normalized = text.replace(
    /(^|[\s|<>=~^])([vV]?)((?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2})(?=$|[\s|+-])/g,
    (_, before, prefix, core) => {
      if (prefix === 'V') kinds.add(EXT.V);
      const parts = core.split('.').map((p) => (isWild(p) ? p : BigInt(p).toString()));
      if (parts.join('.') !== core) kinds.add(EXT.ZEROS);
      return before + (prefix ? 'v' : '') + parts.join('.');
    },
  );
  if (numbersIn(normalized).some((n) => n >= MAX_SAFE)) {
    const small = normalized.replace(/\d+/g, (d) => (BigInt(d) >= MAX_SAFE ? '7' : d));
    if (semver.validRange(small, OPTIONS) === null) return null;
    return { kinds: [...kinds, EXT.BIG], normalized: null };
  }
  if (kinds.size === 0 || semver.validRange(normalized, OPTIONS) === null) return null;
  return { kinds: [...kinds], normalized };
}

/** The attribute policy as docs/versions.md states it: what a version text means, or null. */
function versionPolicy(text) {
  const m = /^([vV]?)(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[^+]*)?(\+.*)?$/.exec(text.trim());
  if (!m || utf8Length(text) > 256) return null;
  const parts = [m[2], m[3] ?? '0', m[4] ?? '0'];
  const kinds = new Set();
  if (m[1] === 'V') kinds.add(EXT.V);
  if (m[3] === undefined || m[4] === undefined) kinds.add(EXT.PARTIAL);
  if (parts.some((p) => /^0\d/.test(p))) kinds.add(EXT.ZEROS);
  const numbers = parts.map(BigInt);
  if (numbers.some((n) => n > U64_MAX)) return null;
  const rest = (m[5] ?? '') + (m[6] ?? '');
  if (numbers.some((n) => n > MAX_SAFE)) {
    if (semver.valid(`7.7.7${rest}`) === null) return null;
    return { kinds: [...kinds, EXT.BIG], normalized: null };
  }
  const normalized = numbers.join('.') + rest;
  return semver.valid(normalized) === null ? null : { kinds: [...kinds], normalized };
}

// --- Rollgate's answers, through the core once ----------------------------------------------

function askRollgate(ranges, versions, pairs) {
  const hex = (text) => Buffer.from(text, 'utf8').toString('hex');
  const queries = [
    ...ranges.map((r) => `r ${hex(r)}`),
    ...versions.map((v) => `v ${hex(v)}`),
    ...pairs.map(([r, v]) => `m ${r} ${v}`),
  ];
  const oracle = process.env.ROLLGATE_SEMVER_ORACLE;
  const [command, args] = oracle
    ? [oracle, []]
    : ['cargo', ['run', '--quiet', '--locked', '-p', 'rollgate', '--example', 'semver_oracle']];
  const run = spawnSync(command, args, {
    cwd: ROOT, input: queries.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`${command} exited with ${run.status ?? run.signal}`);
  const lines = run.stdout.split('\n');
  const parse = (line) => {
    const [status, body = ''] = line.split(' ');
    const text = Buffer.from(body, 'hex').toString('utf8');
    return status === 'ok' ? { ok: true, text } : { ok: false, message: text };
  };
  return {
    ranges: lines.slice(0, ranges.length).map(parse),
    versions: lines.slice(ranges.length, ranges.length + versions.length).map(parse),
    pairs: lines.slice(ranges.length + versions.length, queries.length),
  };
}

// --- The comparison -----------------------------------------------------------------------

const started = Date.now();
const counts = new Map();
const examples = new Map();
/** Counts one text (or pair) of `kind`; `SEMVER_EXAMPLES=3` prints that many of each kind. */
const count = (kind, example) => {
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
  if (!examples.has(kind)) examples.set(kind, []);
  examples.get(kind).push(example);
};
const failures = [];
const fail = (what) => failures.push(what);

// docs/versions.md: the tables whose every entry is checked below.
const DOCS = readFileSync(join(ROOT, 'docs', 'versions.md'), 'utf8');
/** The rows (as lists of cells) of the first table under the heading line `heading`. */
function docTable(heading) {
  const at = DOCS.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`docs/versions.md has no "${heading}"`);
  const lines = DOCS.slice(at).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|')));
  }
  return rows;
}
/** The `code` spans of a table cell: the texts it gives as examples. */
const codes = (cell = '') => [...cell.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
const DESUGARING = docTable('### What ranges mean');
const REJECTED = docTable('### Rejected ranges');
const EXTENSIONS = docTable('### Extensions');
const RESTRICTIONS = docTable('### Restrictions');

const ranges = [...new Set([
  ...rangeTexts(),
  ...DESUGARING.flatMap(([texts]) => codes(texts)),
  ...REJECTED.flatMap(([texts]) => codes(texts)),
  ...EXTENSIONS.flatMap(([, texts]) => codes(texts)),
  ...RESTRICTIONS.flatMap(([, texts]) => codes(texts)),
])];
const versions = [...new Set([...versionTexts(), ...EXTENSIONS.flatMap(([, , texts]) => codes(texts))])];

// Versions: what npm says, what the policy says, and which text answers for each.
/** What npm and the attribute policy say of a version text, and which text answers for it. */
function judgeVersion(text) {
  if (semver.valid(text) !== null) {
    // npm counts UTF-16 units, Rollgate bytes: they differ only past ASCII.
    if (utf8Length(text) > 256) return { accept: false, text: null, kinds: [RES.LONG_VERSION] };
    if (prereleaseNumbers(text).some((n) => n > U64_MAX)) return { accept: false, text: null, kinds: [RES.PRE_U64] };
    return { accept: true, text, kinds: [] };
  }
  const policy = versionPolicy(text);
  return policy ? { accept: true, text: policy.normalized, kinds: policy.kinds } : { accept: false, text: null, kinds: [] };
}
const versionAnswer = versions.map(judgeVersion);

// Ranges: accepted by npm, by the documented grammar, and why they differ.
const rangeAnswer = ranges.map((text) => ({
  npm: semver.validRange(text, OPTIONS) !== null,
  grammar: utf8Length(text) <= 1024 && !hasEmptyAlternative(text) && inGrammar(text),
}));

// Pairs: every range with versions near its bounds (from npm's own desugaring) and a sample.
const versionIndex = new Map(versions.map((v, i) => [v, i]));
const addVersion = (text) => {
  if (!versionIndex.has(text)) {
    versionIndex.set(text, versions.length);
    versions.push(text);
    versionAnswer.push(judgeVersion(text));
  }
  return versionIndex.get(text);
};
const rangeMeaning = ranges.map((text, i) => {
  if (!rangeAnswer[i].grammar) return null;
  if (rangeAnswer[i].npm) return text;
  return rangeExtension(text)?.normalized ?? null;
});
const pairs = [];
const comparable = versions.map((_, i) => i).filter((i) => versionAnswer[i].accept && versionAnswer[i].text !== null);
ranges.forEach((_, r) => {
  const meaning = rangeMeaning[r];
  if (meaning === null) return;
  const chosen = new Set();
  for (const set of new semver.Range(meaning, OPTIONS).set) {
    for (const comparator of set) {
      if (comparator.semver === semver.Comparator.ANY) continue;
      const { major, minor, patch } = comparator.semver;
      for (const [a, b, c] of [[major, minor, patch], [major, minor, patch + 1], [major, minor, Math.max(patch - 1, 0)], [major, minor + 1, 0], [major + 1, 0, 0]]) {
        if (a > Number.MAX_SAFE_INTEGER || b > Number.MAX_SAFE_INTEGER || c > Number.MAX_SAFE_INTEGER) continue;
        for (const tag of ['', '-0', '-alpha', '-rc.1']) chosen.add(addVersion(`${a}.${b}.${c}${tag}`));
      }
      chosen.add(addVersion(comparator.semver.version));
      // Prerelease neighbours of a prerelease bound: each numeric identifier one up and down.
      const pre = comparator.semver.prerelease.map(String);
      pre.forEach((id, at) => {
        if (!/^\d+$/.test(id)) return;
        for (const step of [-1n, 1n]) {
          if (BigInt(id) + step < 0n) continue;
          const ids = pre.with(at, String(BigInt(id) + step));
          chosen.add(addVersion(`${major}.${minor}.${patch}-${ids.join('.')}`));
        }
      });
      if (pre.length) {
        chosen.add(addVersion(`${major}.${minor}.${patch}-${[...pre, '0'].join('.')}`));
        if (pre.length > 1) chosen.add(addVersion(`${major}.${minor}.${patch}-${pre.slice(0, -1).join('.')}`));
      }
    }
  }
  for (let k = 0; k < 12; k++) chosen.add(pick(comparable));
  for (const v of chosen) if (versionAnswer[v].text !== null) pairs.push([r, v]);
});

const rollgate = askRollgate(ranges, versions, pairs);

// What each text was judged to be: 'both accept', 'both reject', or its listed kinds.
const rangeKinds = [];
const versionKinds = [];
ranges.forEach((text, i) => {
  const { npm, grammar } = rangeAnswer[i];
  const rg = rollgate.ranges[i];
  const show = JSON.stringify(text);
  const judge = (kinds, label) => {
    rangeKinds[i] = kinds;
    kinds.forEach((kind) => count(`range ${label}${kind}`, show));
  };
  const limitHit = /more than 64 comparators/.test(rg.message ?? '');
  if (rg.ok !== (grammar && !limitHit)) {
    fail(`range ${show}: Rollgate ${rg.ok ? `accepts it as ${JSON.stringify(rg.text)}` : `rejects it (${rg.message})`}, but the documented grammar says ${grammar ? 'accept' : 'reject'}`);
    return;
  }
  if (npm === rg.ok) return judge([npm ? 'both accept' : 'both reject'], '');
  if (npm) {
    const kind = RANGE_RESTRICTIONS.find(([, rule]) => rule(text, rg));
    if (kind) return judge([kind[0]], 'restriction: ');
    return fail(`range ${show}: npm accepts it as ${JSON.stringify(semver.validRange(text, OPTIONS))}; Rollgate rejects it (${rg.message}), and no listed restriction says why`);
  }
  const extension = rangeExtension(text);
  if (extension) return judge(extension.kinds, 'extension: ');
  fail(`range ${show}: Rollgate accepts it as ${JSON.stringify(rg.text)}; npm rejects it, and no listed extension says why`);
});

versions.forEach((text, i) => {
  const expected = versionAnswer[i];
  const rg = rollgate.versions[i];
  const show = JSON.stringify(text);
  if (rg.ok !== expected.accept) {
    return fail(`version ${show}: Rollgate ${rg.ok ? `accepts it as ${rg.text}` : `rejects it (${rg.message})`}, npm ${semver.valid(text) === null ? 'rejects it' : 'accepts it'}${expected.kinds.length ? ` (${expected.kinds.join(', ')})` : ''}`);
  }
  if (rg.ok && expected.text !== null && rg.text !== semver.valid(expected.text)) {
    return fail(`version ${show}: Rollgate reads ${rg.text}, npm reads ${JSON.stringify(expected.text)} as ${semver.valid(expected.text)}`);
  }
  versionKinds[i] = expected.kinds.length ? expected.kinds : [rg.ok ? 'both accept' : 'both reject'];
  const label = expected.kinds.length === 0 ? '' : rg.ok ? 'extension: ' : 'restriction: ';
  versionKinds[i].forEach((kind) => count(`version ${label}${kind}`, show));
});

let agreed = 0;
let skipped = 0;
pairs.forEach(([r, v], k) => {
  const answer = rollgate.pairs[k];
  // A range Rollgate refused has been judged above (only a limit may refuse one npm reads).
  if (!rollgate.ranges[r].ok) return skipped++;
  const meaning = rangeMeaning[r];
  const version = versionAnswer[v].text;
  if (answer === 'bad') return fail(`pair ${JSON.stringify(versions[v])} in ${JSON.stringify(ranges[r])}: Rollgate could not parse one of them`);
  const expected = semver.satisfies(version, meaning, OPTIONS);
  if ((answer === '1') === expected) return agreed++;
  const huge = [...prereleaseNumbers(version), ...prereleaseNumbers(meaning)].some((n) => n >= MAX_SAFE);
  if (huge) return count(`pair extension: ${EXT.BIG_PRERELEASE}`, `${JSON.stringify(versions[v])} in ${JSON.stringify(ranges[r])}`);
  fail(`${JSON.stringify(versions[v])} in ${JSON.stringify(ranges[r])}: npm says ${expected}, Rollgate ${!expected} (Rollgate reads the range as ${JSON.stringify(rollgate.ranges[r].text)}, npm as ${JSON.stringify(semver.validRange(meaning, OPTIONS))})`);
});

// The docs' tables: each normalized form is npm's and Rollgate's, each rejected range is
// rejected by both, each example of an extension or restriction is judged as its row, and
// each kind this test knows has its row.
let docEntries = 0;
const rangeAt = new Map(ranges.map((text, i) => [text, i]));
const versionAt = new Map(versions.map((text, i) => [text, i]));
for (const [texts, normalized] of DESUGARING) {
  const [expected] = codes(normalized);
  for (const text of codes(texts)) {
    docEntries++;
    const npm = semver.validRange(text, OPTIONS)?.replace(/\|\|/g, ' || ');
    const rg = rollgate.ranges[rangeAt.get(text)];
    if (npm !== expected || !rg.ok || rg.text !== expected) {
      fail(`docs/versions.md: ${JSON.stringify(text)} is normalized as ${JSON.stringify(expected)}, npm says ${JSON.stringify(npm)}, Rollgate ${rg.ok ? JSON.stringify(rg.text) : `rejects it (${rg.message})`}`);
    }
  }
}
for (const [texts] of REJECTED) {
  for (const text of codes(texts)) {
    docEntries++;
    if (!rangeKinds[rangeAt.get(text)]?.includes('both reject')) fail(`docs/versions.md: ${JSON.stringify(text)} is listed as rejected by both, but is judged ${rangeKinds[rangeAt.get(text)]}`);
  }
}
for (const [table, names, rows] of [['Extensions', Object.values(EXT), EXTENSIONS], ['Restrictions', Object.values(RES), RESTRICTIONS]]) {
  for (const [name, rangeExamples, versionExamples] of rows) {
    if (!names.includes(name)) fail(`docs/versions.md: ${table} lists ${JSON.stringify(name)}, which this test does not recognise`);
    for (const [text, judged] of [
      ...codes(rangeExamples).map((text) => [text, rangeKinds[rangeAt.get(text)]]),
      ...(table === 'Extensions' ? codes(versionExamples) : []).map((text) => [text, versionKinds[versionAt.get(text)]]),
    ]) {
      docEntries++;
      if (!judged?.includes(name)) fail(`docs/versions.md: ${JSON.stringify(text)} is listed under ${JSON.stringify(name)}, but is judged ${judged}`);
    }
  }
  for (const name of names) {
    if (!rows.some(([row]) => row === name)) fail(`docs/versions.md: ${table} has no row ${JSON.stringify(name)}`);
  }
}

console.log(`semver differential: Rollgate against node-semver ${PINNED} (includePrerelease), ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  ${ranges.length} range texts, ${versions.length} version texts, ${pairs.length - skipped} version x range pairs (${agreed} agree), ${docEntries} entries of docs/versions.md's tables`);
const shown = Number(process.env.SEMVER_EXAMPLES ?? 0);
for (const [kind, n] of [...counts].sort()) {
  console.log(`  ${String(n).padStart(6)}  ${kind}`);
  for (const example of examples.get(kind).slice(0, shown)) console.log(`            e.g. ${example}`);
}
for (const failure of failures.slice(0, 15)) console.log(`  FAIL ${failure}`);
if (failures.length > 15) console.log(`  ... and ${failures.length - 15} more`);
const checked = ranges.length + versions.length + pairs.length - skipped + docEntries;
console.log(`semver differential: ${checked - failures.length} passed, ${failures.length} failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
