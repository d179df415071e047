/**
 * A renderer replica of a branch's doc: opened from main's state, kept equal by pushing this doc's
 * own updates (doc.push) and applying main's (doc.update) with the origin main tags them with
 * (`remote`, `merge`, `import`). The UndoManager tracks only `local`, so none of those is undoable;
 * UI edits must use `doc.transact(fn, ORIGIN.local)`.
 *
 * The state arrives in parts (doc.open's, then doc.read's) of ~256 KiB; each is cut again into
 * pieces applied in time slices (a whole part is 100–400 ms of Yjs work on a loaded box), so the
 * window keeps painting and answering input while a big branch loads; the next part is already on
 * its way while one is applied.
 */
import * as Y from 'yjs';
import { decodeBytes, encodeBytes, type ApiEvents, type DocPart } from '../../../core/contract/studio-api';
import { settlePending, splitUpdate, UpdateSplitError } from '../../../core/storage/split-update';
import { ORIGIN, createUndoManager } from '../../../core/yjs';
import { Slicer } from '../state/time-slice';
import type { StudioClientApi } from './client';

export interface Replica {
  readonly doc: Y.Doc;
  readonly session: string;
  readonly undo: Y.UndoManager;
  /** Resolves when main has every update of this replica on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface ReplicaOptions {
  doc?: Y.Doc;
  captureTimeout?: number;
  /** A push main refused (the UI shows it; the doc keeps the edit, a reload resyncs). Default: console.error. */
  onError?: (err: unknown) => void;
  /** After each part of the state: stored bytes received so far and in all. */
  onProgress?: (loaded: number, total: number) => void;
  /** Milliseconds of applying before the load yields to the page (tests use 0: yield after every piece). */
  sliceBudgetMs?: number;
}

/** Bytes of Yjs update per piece: ~10–40 ms of applying on a loaded two-core box. */
const PIECE_BYTES = 32 * 1024;

/** An update as pieces in an order Yjs integrates without parking; itself if it cannot be cut. */
async function pieces(update: Uint8Array, slicer: Slicer): Promise<Uint8Array[]> {
  try {
    return await splitUpdate(update, { maxPartBytes: PIECE_BYTES, pause: () => slicer.pause(), pauseEveryBytes: PIECE_BYTES });
  } catch (err) {
    // Bytes the scan does not know (a newer Yjs encoding): Yjs itself still reads them, whole.
    if (err instanceof UpdateSplitError) return [update];
    throw err;
  }
}

/** Apply a part piece by piece, each in its own transaction, yielding whenever a slice is spent. */
async function applyPart(doc: Y.Doc, part: DocPart, slicer: Slicer): Promise<void> {
  for (const u of part.updates) {
    const bytes = decodeBytes(u);
    await slicer.pause();
    for (const piece of await pieces(bytes, slicer)) {
      Y.applyUpdate(doc, piece, ORIGIN.import);
      await slicer.pause();
    }
  }
}

export async function openReplica(studio: StudioClientApi, target: { workspace: string; branch: string }, options: ReplicaOptions = {}): Promise<Replica> {
  const doc = options.doc ?? new Y.Doc();
  // Events can arrive before the whole state has (an edit in another window right after our state
  // was taken): keep them until the last part is in. Yjs applies updates in any order.
  const early: Array<ApiEvents['doc.update']> = [];
  const known: { session?: string } = {};
  let fromMain = false;
  const apply = (e: ApiEvents['doc.update']): void => {
    fromMain = true;
    try {
      Y.applyUpdate(doc, decodeBytes(e.update), e.origin);
    } finally {
      fromMain = false;
    }
  };
  let loading = true;
  const off = studio.on('doc.update', (e) => {
    if (loading) early.push(e);
    else if (e.session === known.session) apply(e);
  });

  let opened;
  try {
    opened = await studio.call('doc.open', target);
  } catch (err) {
    off();
    throw err;
  }
  const id = opened.session;
  known.session = id;
  try {
    let part = opened.part;
    const slicer = new Slicer(options.sliceBudgetMs);
    for (;;) {
      const next = part.done ? undefined : studio.call('doc.read', { session: id });
      next?.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
      await applyPart(doc, part, slicer);
      options.onProgress?.(part.loaded, part.total);
      if (!next) break;
      part = await next;
    }
    settlePending(doc, ORIGIN.import);
  } catch (err) {
    off();
    await studio.call('doc.close', { session: id }).catch(() => undefined); // the read's error is the one to report
    throw err;
  }
  loading = false;
  for (const e of early.splice(0)) if (e.session === id) apply(e);

  // Local edits go out in one message per tick: typing a word is a few messages, not one per key.
  let outbox: string[] = [];
  let sending: Promise<unknown> = Promise.resolve();
  const onUpdate = (update: Uint8Array): void => {
    if (fromMain) return;
    outbox.push(encodeBytes(update));
    if (outbox.length === 1) {
      queueMicrotask(() => {
        const updates = outbox;
        outbox = [];
        sending = studio.call('doc.push', { session: id, updates }).catch(options.onError ?? ((err: unknown) => console.error('doc.push failed', err)));
      });
    }
  };
  doc.on('update', onUpdate);
  const undo = createUndoManager(doc, options.captureTimeout === undefined ? {} : { captureTimeout: options.captureTimeout });

  const drain = async (): Promise<void> => {
    await Promise.resolve(); // let a queued microtask send the outbox
    await sending;
  };
  return {
    doc,
    session: id,
    undo,
    async flush() {
      await drain();
      await studio.call('doc.flush', { session: id });
    },
    async close() {
      await drain();
      doc.off('update', onUpdate);
      off();
      undo.destroy();
      await studio.call('doc.close', { session: id });
    },
  };
}
