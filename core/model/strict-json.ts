/**
 * JSON.parse that refuses duplicate object keys. JSON.parse keeps the last of two equal keys, so an
 * ontology file with a type defined twice silently loses the first definition, and `oms fmt` would
 * write the loss back. Every reader of user JSON (CLI files, oms/1 import, JSON-LD) goes through this.
 * (Owned by the CLI work on issue 10; use it for any new JSON reader of user files.)
 *
 * Cost: JSON.parse, plus one indexOf-driven pass counting the keys in the text against the keys in
 * the result; only when they differ does the slower scan run to name the duplicate and its position.
 */
import { ModelError } from '../errors';

export interface DuplicateKey {
  key: string;
  /** 1-based line and column of the second occurrence. */
  line: number;
  column: number;
  /** Where the object holding it sits, e.g. `/objectTypes/ot-1/properties`. */
  path: string;
}

/** A UTF-8 byte order mark at the start is not part of the text (editors on Windows write one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse `text` (a leading BOM is ignored). Invalid JSON throws JSON.parse's SyntaxError for the
 * caller to wrap in its own code; a duplicate key throws ModelError JSON_DUPLICATE_KEY, a
 * `__proto__` key JSON_RESERVED_KEY.
 */
export function parseJsonStrict(text: string, source = 'JSON'): unknown {
  const body = stripBom(text);
  const value = JSON.parse(body) as unknown;
  if (value === null || typeof value !== 'object') return value;
  checkDuplicateKeys(body, countKeysInValue(value), source);
  return value;
}

/**
 * Throw JSON_DUPLICATE_KEY when `body` (valid JSON, no BOM) holds more object keys than the
 * `valueKeys` its JSON.parse result has (countKeysInValue's count, or a reader's that saw every object).
 */
export function checkDuplicateKeys(body: string, valueKeys: number, source: string): void {
  if (countKeysInText(body, source) === valueKeys) return;
  const dup = findDuplicateKey(body);
  if (!dup) return;
  throw new ModelError(
    'JSON_DUPLICATE_KEY',
    `${source}: duplicate key ${JSON.stringify(dup.key)} at line ${dup.line}, column ${dup.column} (in ${dup.path || '/'}); JSON keeps only the last one, so the first definition would be lost. Remove or rename one of them`,
    { ...dup },
  );
}

/** End index of the string starting at `start` (a `"`), in valid JSON. */
function stringEnd(text: string, start: number): number {
  let k = start + 1;
  for (;;) {
    k = text.indexOf('"', k);
    if (k < 0) return text.length;
    let backslashes = 0;
    for (let b = k - 1; text.charCodeAt(b) === 92; b--) backslashes++;
    if (backslashes % 2 === 0) return k;
    k++;
  }
}

function nextNonSpace(text: string, from: number): number {
  let p = from;
  for (;;) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return p;
    p++;
  }
}

/**
 * `__proto__` as an object key. JSON.parse keeps it as an own property, but any copy of that object
 * into a fresh one (`copy[k] = v`: zod's records, our readers) sets the copy's prototype instead, so
 * the element it names would vanish without a word. Escaped spellings (`"\u005f_proto__"`) decode
 * to the same key; only keys holding a backslash pay for decoding.
 */
function isProtoKey(text: string, start: number, end: number): boolean {
  if (end - start === 10) return text.startsWith('__proto__', start + 1);
  return end - start > 10 && hasBackslash(text, start + 1, end) && JSON.parse(text.slice(start, end + 1)) === '__proto__';
}

/**
 * A backslash in text[from, to). Bounded by hand: lastIndexOf('\\', to) runs on to the start of the
 * text when the key holds none, which made the key count quadratic (a 10k-type file took minutes).
 */
function hasBackslash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 92) return true;
  return false;
}

/** 1-based line and column of offset `at`, for error messages (only on the error path: it copies the text before it). */
function positionOf(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

function refuseProtoKey(text: string, at: number, source: string): never {
  const { line, column } = positionOf(text, at);
  throw new ModelError(
    'JSON_RESERVED_KEY',
    `${source}: the key "__proto__" at line ${line}, column ${column} cannot be read as data (JavaScript objects treat it as their prototype, so what it names would be lost). Rename it`,
    { key: '__proto__', line, column },
  );
}

/** Object keys in valid JSON text: strings followed by `:`. Throws JSON_RESERVED_KEY at a `__proto__` key. */
function countKeysInText(text: string, source: string): number {
  let keys = 0;
  let i = 0;
  for (;;) {
    const start = text.indexOf('"', i);
    if (start < 0) return keys;
    const end = stringEnd(text, start);
    if (text.charCodeAt(nextNonSpace(text, end + 1)) === 58) {
      keys++;
      if (isProtoKey(text, start, end)) refuseProtoKey(text, start, source);
    }
    i = end + 1;
  }
}

/** Own keys of every object in a JSON value. */
export function countKeysInValue(root: object): number {
  let keys = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
      continue;
    }
    const record = v as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      keys++;
      const x = record[k];
      if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return keys;
}

interface Frame {
  keys: Set<string> | undefined;
  /** Key of this container in its parent object ('[]' inside arrays). */
  name: string;
  lastKey: string;
}

/** The first duplicate key in valid JSON text, with its position and the path of its object. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  const pathOf = (): string => stack.slice(1).map((f) => `/${f.name}`).join('');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      const parent = stack[stack.length - 1];
      const name = parent ? (parent.keys ? parent.lastKey : '[]') : '';
      stack.push({ keys: c === 123 ? new Set() : undefined, name, lastKey: '' });
    } else if (c === 125 || c === 93) stack.pop();
    else if (c === 34) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys && text.charCodeAt(nextNonSpace(text, end + 1)) === 58) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { key, ...positionOf(text, i), path: pathOf() };
        top.keys.add(key);
        top.lastKey = key;
      }
      i = end;
    }
  }
  return undefined;
}
