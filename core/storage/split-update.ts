/**
 * Split a stored Yjs state into parts that can be applied one per task, so loading a big doc never
 * holds an event loop (the backend's or a window's) for more than one part.
 *
 * Works on the update bytes without decoding them into Yjs objects: a Yjs v1 update is one byte
 * stream `[clients]{[structs][client][clock] struct…}[delete set]`, so a run of whole structs of one
 * client, behind a new header, is itself a valid update. A scan finds struct boundaries, the clock
 * length of each struct and which other clients' structs it references (origin, right origin,
 * parent); the runs are then ordered so a run comes after the runs it depends on, which keeps Yjs
 * from parking them as pending structs (correct in any order, but slow: it re-merges what is
 * pending on every later update). Small clients' runs share a part. The delete set is the last part.
 *
 * The scan follows yjs 13.6's v1 encoding (UpdateDecoderV1, readItemContent, lib0 readAny); a test
 * checks parts against Yjs itself on random docs. Bytes it cannot read raise UPDATE_MALFORMED.
 */
import * as Y from 'yjs';
import { OmsError } from '../errors';
import type { StoredDocState } from './doc-storage';

export class UpdateSplitError extends OmsError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('UPDATE_MALFORMED', message, details);
  }
}

export interface SplitOptions {
  /** Struct bytes per part (a part may exceed it by one struct). Default 256 KiB. */
  maxPartBytes?: number;
  /** Called between scan steps of ~`pauseEveryBytes` (default 4 MiB), e.g. to yield to the event loop. */
  pause?: () => Promise<void>;
  pauseEveryBytes?: number;
}

/** One struct run of one client: bytes [start, end) of the update, clocks [clock, endClock). */
interface Run {
  client: number;
  clock: number;
  endClock: number;
  structs: number;
  start: number;
  end: number;
  /** Other clients' clocks this run references: client → highest clock + 1. */
  needs: Map<number, number>;
}

const DEFAULT_PART_BYTES = 256 * 1024;

class Scanner {
  pos: number;
  constructor(readonly buf: Uint8Array, pos = 0) {
    this.pos = pos;
  }

  private fail(what: string): never {
    throw new UpdateSplitError(`not a Yjs v1 update: ${what} at byte ${this.pos}`, { at: this.pos, length: this.buf.length });
  }

  byte(): number {
    if (this.pos >= this.buf.length) this.fail('unexpected end');
    return this.buf[this.pos++] as number;
  }

  uint(): number {
    let num = 0;
    let mult = 1;
    for (;;) {
      const r = this.byte();
      num += (r & 0x7f) * mult;
      if (r < 0x80) return num;
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER) this.fail('integer out of range');
    }
  }

  /** lib0 varint (sign in the first byte): only skipped. */
  skipInt(): void {
    while (this.byte() >= 0x80);
  }

  skip(n: number): void {
    if (this.pos + n > this.buf.length) this.fail('unexpected end');
    this.pos += n;
  }

  skipString(): void {
    this.skip(this.uint());
  }

  /** A string's length in UTF-16 code units (what Yjs counts clocks in), from its UTF-8 bytes. */
  stringUnits(): number {
    const n = this.uint();
    this.skip(n);
    let units = 0;
    for (let i = this.pos - n; i < this.pos; i++) {
      const b = this.buf[i] as number;
      if ((b & 0xc0) !== 0x80) units++;
      if (b >= 0xf0) units++; // a 4-byte sequence is a surrogate pair
    }
    return units;
  }

  /** lib0 writeAny value. */
  skipAny(): void {
    const tag = this.byte();
    switch (tag) {
      case 127: case 126: case 121: case 120: return; // undefined, null, false, true
      case 125: return this.skipInt();
      case 124: return this.skip(4);
      case 123: case 122: return this.skip(8);
      case 119: return this.skipString();
      case 118: {
        for (let n = this.uint(); n > 0; n--) {
          this.skipString();
          this.skipAny();
        }
        return;
      }
      case 117: {
        for (let n = this.uint(); n > 0; n--) this.skipAny();
        return;
      }
      case 116: return this.skipString(); // Uint8Array: length + bytes, like a string
      default: this.fail(`unknown value tag ${tag}`);
    }
  }

  /** Item content (readItemContent); returns its clock length. */
  content(ref: number): number {
    switch (ref) {
      case 1: return this.uint(); // deleted: len
      case 2: { // JSON: len strings
        const len = this.uint();
        for (let i = 0; i < len; i++) this.skipString();
        return len;
      }
      case 3: this.skipString(); return 1; // binary
      case 4: return this.stringUnits(); // string
      case 5: this.skipString(); return 1; // embed (JSON string)
      case 6: this.skipString(); this.skipString(); return 1; // format: key, JSON
      case 7: { // type: typeRef, XmlElement (3) and XmlHook (5) carry a key
        const typeRef = this.uint();
        if (typeRef === 3 || typeRef === 5) this.skipString();
        else if (typeRef > 6) this.fail(`unknown type ref ${typeRef}`);
        return 1;
      }
      case 8: { // any: len values
        const len = this.uint();
        for (let i = 0; i < len; i++) this.skipAny();
        return len;
      }
      case 9: this.skipString(); this.skipAny(); return 1; // subdoc: guid, options
      default: return this.fail(`unknown content ref ${ref}`);
    }
  }
}

function note(needs: Map<number, number>, self: number, client: number, clock: number): void {
  if (client !== self && (needs.get(client) ?? -1) < clock + 1) needs.set(client, clock + 1);
}

/** Scan every struct of the update into runs of at most `maxBytes`; returns the runs and where the delete set starts. */
async function scan(update: Uint8Array, maxBytes: number, options: SplitOptions): Promise<{ runs: Run[]; dsStart: number }> {
  const s = new Scanner(update);
  const runs: Run[] = [];
  const pauseEvery = options.pauseEveryBytes ?? 4 * 1024 * 1024;
  let nextPause = pauseEvery;
  const clients = s.uint();
  for (let c = 0; c < clients; c++) {
    const structs = s.uint();
    const client = s.uint();
    let clock = s.uint();
    let run: Run | undefined;
    for (let i = 0; i < structs; i++) {
      if (!run || s.pos - run.start >= maxBytes) {
        if (options.pause && s.pos >= nextPause) {
          nextPause = s.pos + pauseEvery;
          await options.pause();
        }
        run = { client, clock, endClock: clock, structs: 0, start: s.pos, end: s.pos, needs: new Map() };
        runs.push(run);
      }
      const info = s.byte();
      const ref = info & 0x1f;
      let len: number;
      if (ref === 0 || ref === 10) len = s.uint(); // GC, Skip
      else {
        if (info & 0x80) note(run.needs, client, s.uint(), s.uint()); // origin
        if (info & 0x40) note(run.needs, client, s.uint(), s.uint()); // right origin
        if ((info & 0xc0) === 0) {
          if (s.uint() === 1) s.skipString(); // parent is a root type, by name
          else note(run.needs, client, s.uint(), s.uint()); // parent is an item
          if (info & 0x20) s.skipString(); // parentSub
        }
        len = s.content(ref);
      }
      clock += len;
      run.structs++;
      run.endClock = clock;
      run.end = s.pos;
    }
  }
  return { runs, dsStart: s.pos };
}

/**
 * Order runs so each comes after what it references where possible: per client in clock order,
 * repeatedly taking every run whose needs are met; when none is (dependencies that cross back and
 * forth between clients), the first waiting run goes anyway and Yjs resolves it as pending.
 */
function order(runs: Run[]): Run[] {
  const queues = new Map<number, Run[]>();
  const have = new Map<number, number>();
  for (const r of runs) {
    const q = queues.get(r.client);
    if (q) q.push(r);
    else {
      queues.set(r.client, [r]);
      have.set(r.client, r.clock);
    }
  }
  // A reference below a client's first clock here is to state the doc already holds.
  const met = (r: Run): boolean => {
    for (const [client, clock] of r.needs) {
      const h = have.get(client);
      if (h !== undefined && h < clock) return false;
    }
    return true;
  };
  const out: Run[] = [];
  const waiting = [...queues.values()];
  while (out.length < runs.length) {
    let progressed = false;
    for (const q of waiting) {
      while (q.length > 0 && met(q[0] as Run)) {
        const r = q.shift() as Run;
        out.push(r);
        have.set(r.client, r.endClock);
        progressed = true;
      }
    }
    if (!progressed) {
      const q = waiting.find((w) => w.length > 0) as Run[];
      const r = q.shift() as Run;
      out.push(r);
      have.set(r.client, r.endClock);
    }
    for (let i = waiting.length - 1; i >= 0; i--) if ((waiting[i] as Run[]).length === 0) waiting.splice(i, 1);
  }
  return out;
}

function writeUint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** One update holding the given runs (each client at most once; a client's runs contiguous). */
function encodePart(update: Uint8Array, runs: Run[]): Uint8Array {
  const head: number[][] = [];
  const prefix: number[] = [];
  writeUint(prefix, runs.length);
  let size = prefix.length + 1; // + the empty delete set
  for (const r of runs) {
    const h: number[] = [];
    writeUint(h, r.structs);
    writeUint(h, r.client);
    writeUint(h, r.clock);
    head.push(h);
    size += h.length + (r.end - r.start);
  }
  const out = new Uint8Array(size);
  out.set(prefix, 0);
  let at = prefix.length;
  runs.forEach((r, i) => {
    const h = head[i] as number[];
    out.set(h, at);
    at += h.length;
    out.set(update.subarray(r.start, r.end), at);
    at += r.end - r.start;
  });
  out[at] = 0; // no delete set in a struct part
  return out;
}

/**
 * Parts of one Yjs v1 update, in the order to apply them; together they hold exactly what the update
 * holds. An update smaller than one part comes back as itself.
 */
export async function splitUpdate(update: Uint8Array, options: SplitOptions = {}): Promise<Uint8Array[]> {
  const maxBytes = Math.max(1024, options.maxPartBytes ?? DEFAULT_PART_BYTES);
  if (update.byteLength <= maxBytes) return [update];
  const { runs, dsStart } = await scan(update, maxBytes, options);
  const parts: Uint8Array[] = [];
  let batch: Run[] = [];
  let bytes = 0;
  const emit = (): void => {
    if (batch.length > 0) parts.push(encodePart(update, batch));
    batch = [];
    bytes = 0;
  };
  // Encoding every part copies the whole update: for a 100 MB state that is one long task unless
  // the loop pauses now and then, as the scan does.
  const pauseEvery = options.pauseEveryBytes ?? 4 * 1024 * 1024;
  let sincePause = 0;
  for (const r of order(runs)) {
    sincePause += r.end - r.start;
    if (options.pause && sincePause >= pauseEvery) {
      sincePause = 0;
      await options.pause();
    }
    const size = r.end - r.start;
    const same = batch.findIndex((b) => b.client === r.client);
    if (same >= 0) {
      const prev = batch[same] as Run;
      // The next run of a client already in this part: extend it if the bytes follow on, else a new part.
      if (prev.end === r.start && prev.endClock === r.clock && bytes + size <= maxBytes) {
        batch[same] = { ...prev, endClock: r.endClock, structs: prev.structs + r.structs, end: r.end };
        bytes += size;
        continue;
      }
      emit();
    } else if (bytes + size > maxBytes) emit();
    batch.push(r);
    bytes += size;
  }
  emit();
  if (update.byteLength - dsStart === 1 && update[dsStart] === 0) return parts; // empty delete set
  const ds = new Uint8Array(1 + update.byteLength - dsStart);
  ds[0] = 0; // no structs
  ds.set(update.subarray(dsStart), 1);
  parts.push(ds);
  return parts;
}

/** Total bytes of a stored state (snapshot + tail), for progress. */
export function storedBytes(state: StoredDocState): number {
  return state.updates.reduce((n, u) => n + u.byteLength, state.snapshot?.byteLength ?? 0);
}

/**
 * A stored state (snapshot, then tail in order) as groups of updates, each group one task's work:
 * the snapshot and any big tail row split with splitUpdate, small tail rows batched up to one part.
 */
export async function* partsOfState(state: StoredDocState, options: SplitOptions = {}): AsyncGenerator<Uint8Array[]> {
  const max = Math.max(1024, options.maxPartBytes ?? DEFAULT_PART_BYTES);
  if (state.snapshot) for (const p of await splitUpdate(state.snapshot, options)) yield [p];
  let batch: Uint8Array[] = [];
  let bytes = 0;
  for (const u of state.updates) {
    if (batch.length > 0 && bytes + u.byteLength > max) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    if (u.byteLength > max) for (const p of await splitUpdate(u, options)) yield [p];
    else {
      batch.push(u);
      bytes += u.byteLength;
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Retry what Yjs still holds as pending after the last part. Yjs retries pending structs only when
 * an update advances a client they wait for; parts applied out of causal order can leave structs
 * waiting only on each other (all present, none retried). Applying the pending update once more
 * integrates them; loops while that makes progress.
 */
export function settlePending(doc: Y.Doc, origin?: unknown): void {
  for (let i = 0; i < 8; i++) {
    const pending = doc.store.pendingStructs;
    const pendingDs = doc.store.pendingDs;
    if (!pending && !pendingDs) return;
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
    Y.transact(doc, () => {
      if (pending) Y.applyUpdateV2(doc, pending.update, origin);
      if (pendingDs) Y.applyUpdateV2(doc, pendingDs, origin);
    }, origin);
  }
}
