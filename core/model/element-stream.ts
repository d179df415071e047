/**
 * parseOntologyText for a writer that consumes an ontology element by element (the store's
 * `workspace create --from`): the file's collections are cut into chunks of whole members, each
 * chunk is JSON.parsed, read by the fast reader and canonicalised on its own, and handed over; the
 * chunk's objects are then garbage. The whole parsed tree never exists, so nothing of it outlives
 * the young generation (at 50k types, GC copying the tree into the old generation cost about as
 * much as JSON.parse), and a writer that keeps only what it stores holds next to nothing of it.
 *
 * Only ever a shortcut, like fast-parse.ts: on anything unusual (invalid JSON, a duplicate or
 * `__proto__` key, an escaped or integer-like id, a shape the fast reader gives up on) it returns
 * false, having handed over some elements, and the caller drops what it got and reads the text with
 * parseOntologyText, which then decides and reports. When it returns true, the header and the
 * elements it handed over are exactly parseOntologyText's (test/core/element-stream.test.ts), in
 * its order: members in text order, which is JSON.parse's order once integer-like ids are refused.
 */
import { canonicalView } from './canonical';
import { fastReadJson } from './fast-parse';
import { COLLECTIONS, type Collection, type Ontology } from './schema';
import { countKeysInValue } from './strict-json';

export interface ElementSink {
  /**
   * One top-level element in canonical shape (as parseOntologyText would hold it; read only).
   * `source` is its text in the file: when it equals the element's canonical JSON, a writer may
   * keep it instead of a serialised copy (a slice shares the file text's memory).
   */
  element(collection: Collection, id: string, value: unknown, source: string): void;
}

/** Characters of members per chunk: big enough that per-chunk work is noise, small enough to die young. */
const CHUNK = 1 << 18;
const COLLECTION_SET: ReadonlySet<string> = new Set(COLLECTIONS);
/** Keys of the mini ontology each chunk is read as: format, name and the collection. */
const MINI_KEYS = 3;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();
function give(): never {
  throw GIVE_UP;
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Read `text` (no BOM) element by element into `sink`; returns the canonical ontology without its
 * elements (every collection empty), or undefined when the caller must use parseOntologyText.
 */
export function streamOntologyElements(text: string, sink: ElementSink): Ontology | undefined {
  try {
    return new Reader(text, sink).read();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

class Reader {
  /** Object keys seen in the text of the span being scanned (strings followed by `:`). */
  private keys = 0;
  private readonly n: number;

  constructor(private readonly t: string, private readonly sink: ElementSink) {
    this.n = t.length;
  }

  read(): Ontology {
    const t = this.t;
    const header: Record<string, unknown> = {};
    const seen = new Set<string>();
    let headerKeys = 0;
    let p = this.ws(0);
    if (t.charCodeAt(p) !== 123) give();
    p = this.ws(p + 1);
    if (t.charCodeAt(p) === 125) give(); // `{}`: not an ontology; parseOntologyText says why
    for (;;) {
      const key = this.plainKey(p);
      p = this.ws(this.afterColon(this.stringEnd(p) + 1));
      if (seen.has(key) || key === '__proto__') give();
      seen.add(key);
      headerKeys++;
      if (COLLECTION_SET.has(key) && t.charCodeAt(p) === 123) {
        p = this.members(key as Collection, p);
        header[key] = {};
      } else {
        const start = p;
        this.keys = 0;
        p = this.skipValue(p);
        const value = parse(t.slice(start, p));
        if (value !== null && typeof value === 'object' && countKeysInValue(value) !== this.keys) give();
        headerKeys += this.keys;
        header[key] = value;
      }
      p = this.ws(p);
      const c = t.charCodeAt(p);
      if (c === 125) break;
      if (c !== 44) give();
      p = this.ws(p + 1);
    }
    if (this.ws(p + 1) !== this.n) give();
    const fast = fastReadJson(header);
    if (!fast || fast.keys !== headerKeys) give();
    return canonicalView(fast.ontology);
  }

  /** The members of a collection's object at `p` (its `{`), handed over chunk by chunk; returns the index after its `}`. */
  private members(collection: Collection, open: number): number {
    const t = this.t;
    const ids = new Set<string>();
    let p = this.ws(open + 1);
    if (t.charCodeAt(p) === 125) return p + 1;
    let chunkStart = p;
    let spans: number[] = [];
    let chunkIds: string[] = [];
    this.keys = 0;
    for (;;) {
      const id = this.plainKey(p);
      if (ids.has(id) || isIndexLike(id)) give();
      ids.add(id);
      this.keys++;
      const start = this.ws(this.afterColon(this.stringEnd(p) + 1));
      if (t.charCodeAt(start) !== 123) give();
      const end = this.skipValue(start);
      chunkIds.push(id);
      spans.push(start, end);
      p = this.ws(end);
      const c = t.charCodeAt(p);
      if (c !== 44 && c !== 125) give();
      const flush = c === 125 || end - chunkStart >= CHUNK;
      if (flush) {
        this.chunk(collection, t.slice(chunkStart, end), chunkIds, spans, this.keys);
        chunkIds = [];
        spans = [];
        this.keys = 0;
      }
      if (c === 125) return p + 1;
      p = this.ws(p + 1);
      if (flush) chunkStart = p;
    }
  }

  /** Read one chunk of members (`body`: `"id":{…},…`) as parseOntologyText would, and hand its elements over. */
  private chunk(collection: Collection, body: string, ids: readonly string[], spans: readonly number[], keys: number): void {
    const members = parse(`{${body}}`);
    const fast = fastReadJson({ format: 'oms/1', name: 'chunk', [collection]: members });
    if (!fast || fast.keys - MINI_KEYS !== keys) give();
    const record = canonicalView(fast.ontology)[collection] as Record<string, unknown>;
    let i = 0;
    for (const id in record) {
      if (id !== ids[i]) give();
      this.sink.element(collection, id, record[id], this.t.slice(spans[2 * i] as number, spans[2 * i + 1] as number));
      i++;
    }
    if (i !== ids.length) give();
  }

  private ws(from: number): number {
    let p = from;
    while (p < this.n && isSpace(this.t.charCodeAt(p))) p++;
    return p;
  }

  /** `p` must be at `:` (after spaces); returns the index after it. */
  private afterColon(from: number): number {
    const p = this.ws(from);
    if (this.t.charCodeAt(p) !== 58) give();
    return p + 1;
  }

  /** The key string at `p`, when it holds no escape or control character (its text is its value). */
  private plainKey(p: number): string {
    if (this.t.charCodeAt(p) !== 34) give();
    const end = this.stringEnd(p);
    for (let i = p + 1; i < end; i++) {
      const c = this.t.charCodeAt(i);
      if (c === 92 || c < 32) give();
    }
    return this.t.slice(p + 1, end);
  }

  /** Index of the `"` closing the string that opens at `p`. */
  private stringEnd(p: number): number {
    const t = this.t;
    let k = p + 1;
    for (;;) {
      k = t.indexOf('"', k);
      if (k < 0) give();
      let backslashes = 0;
      for (let b = k - 1; t.charCodeAt(b) === 92; b--) backslashes++;
      if (backslashes % 2 === 0) return k;
      k++;
    }
  }

  /**
   * The index after the JSON value at `p`, counting the object keys in it into `this.keys` (and
   * giving up at a `__proto__` key, escaped or not). Validity is JSON.parse's to judge later.
   */
  private skipValue(p: number): number {
    const t = this.t;
    const first = t.charCodeAt(p);
    if (first === 34) return this.stringEnd(p) + 1;
    if (first !== 123 && first !== 91) {
      let i = p;
      for (;;) {
        const c = t.charCodeAt(i);
        if (i >= this.n || c === 44 || c === 125 || c === 93 || isSpace(c)) return i === p ? give() : i;
        i++;
      }
    }
    let depth = 0;
    let i = p;
    for (;;) {
      if (i >= this.n) give();
      const c = t.charCodeAt(i);
      if (c === 34) {
        const end = this.stringEnd(i);
        let q = end + 1;
        while (isSpace(t.charCodeAt(q))) q++;
        if (t.charCodeAt(q) === 58) {
          this.keys++;
          if (isProto(t, i, end)) give();
        }
        i = end + 1;
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return give();
  }
}

/** The key string at [start, end] (its quotes) is `__proto__`, however spelled. */
function isProto(t: string, start: number, end: number): boolean {
  if (end - start === 10) return t.startsWith('__proto__', start + 1);
  if (end - start < 10) return false;
  const raw = t.slice(start + 1, end);
  return raw.includes('\\') && parse(`"${raw}"`) === '__proto__';
}

/**
 * Keys JavaScript enumerates before all others (array indices): JSON.parse's member order would
 * then differ from the text's, and with it the order elements are handed over in.
 */
function isIndexLike(id: string): boolean {
  const c = id.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(id);
}
