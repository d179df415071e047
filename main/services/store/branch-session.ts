/**
 * A branch opened for editing: its Y.Doc, loaded from DocStorage (snapshot + tail), with every
 * update persisted in batches. Typing never waits on disk: updates queue and a flush appends them in
 * one transaction a few milliseconds later; `flush()` resolves once all queued updates are durable.
 */
import * as Y from 'yjs';
import type { DocKey, DocStorage, StoredDocState } from '../../../core/storage/doc-storage';
import { UpdateSplitError, partsOfState, settlePending, storedBytes, type SplitOptions } from '../../../core/storage/split-update';

export interface BranchSessionOptions {
  /** Delay before a batch is written (default 5 ms): edits within it share one transaction. */
  flushDelayMs?: number;
  /** Queued updates that trigger a flush at once (default 500). */
  maxBatch?: number;
  /** Called when a background flush fails; the updates stay queued and are retried after `retryDelayMs`. */
  onError?: (err: unknown) => void;
  /** Delay before retrying a failed background flush (default 1000 ms). */
  retryDelayMs?: number;
  /** Bytes of stored state applied per event-loop task while opening (default 256 KiB). */
  loadPartBytes?: number;
  /**
   * Reads the stored state instead of `storage.loadDoc` (the studio reads it in its worker: a big
   * blob is one long synchronous SQLite call). If it fails, the session reads it itself.
   */
  loadState?: (key: DocKey, storage: DocStorage) => Promise<StoredDocState>;
}

/** The stored state through `options.loadState` where given, else (or if that fails) from storage. */
function readState(key: DocKey, storage: DocStorage, options: BranchSessionOptions): Promise<StoredDocState> {
  return options.loadState ? options.loadState(key, storage).catch(() => storage.loadDoc(key)) : storage.loadDoc(key);
}

/** Origin used while loading stored state into the doc, so it is not written back. */
const LOADING = Symbol('loading-from-storage');

/** A Y.Doc holding stored state (snapshot, then tail in order), applied in one transaction. */
export function docFromState(state: StoredDocState, doc: Y.Doc = new Y.Doc()): Y.Doc {
  doc.transact(() => {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot, LOADING);
    for (const u of state.updates) Y.applyUpdate(doc, u, LOADING);
  }, LOADING);
  return doc;
}

const nextTask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Stored state applied part by part, one transaction per event-loop task, so opening a big branch
 * never holds the loop for longer than one part (every window's IPC, the sync client and other
 * branches keep being served). Bytes the splitter cannot read are applied whole, as before.
 */
export async function loadDocInParts(state: StoredDocState, options: SplitOptions = {}): Promise<Y.Doc> {
  const doc = new Y.Doc();
  try {
    for await (const part of partsOfState(state, { pause: nextTask, ...options })) {
      doc.transact(() => {
        for (const u of part) Y.applyUpdate(doc, u, LOADING);
      }, LOADING);
      await nextTask();
    }
    settlePending(doc, LOADING);
    return doc;
  } catch (err) {
    doc.destroy();
    if (err instanceof UpdateSplitError) return docFromState(state);
    throw err;
  }
}

export class BranchSession {
  readonly doc: Y.Doc;
  private pending: Uint8Array[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;
  private persistedSeq: number;
  /** The doc holds every stored update with seq ≤ this (another process may have appended past it). */
  private synced: number;
  private readonly onUpdate: (update: Uint8Array, origin: unknown) => void;
  /** The stored state the doc was loaded from, until the first readParts or write (then stale). */
  private loaded: StoredDocState | undefined;

  private constructor(
    readonly branchName: string,
    readonly key: DocKey,
    private readonly storage: DocStorage,
    doc: Y.Doc,
    seq: number,
    private readonly options: BranchSessionOptions,
    private readonly onClose: (s: BranchSession) => Promise<void>,
  ) {
    this.doc = doc;
    this.persistedSeq = seq;
    this.synced = seq;
    this.onUpdate = (update, origin) => {
      if (origin === LOADING || this.closed) return;
      this.pending.push(update);
      if (this.pending.length >= (options.maxBatch ?? 500)) void this.flushInBackground();
      else this.timer ??= setTimeout(() => void this.flushInBackground(), options.flushDelayMs ?? 5);
    };
    doc.on('update', this.onUpdate);
  }

  static async open(branchName: string, key: DocKey, storage: DocStorage, options: BranchSessionOptions, onClose: (s: BranchSession) => Promise<void>): Promise<BranchSession> {
    const state = await readState(key, storage, options);
    const doc = await loadDocInParts(state, options.loadPartBytes === undefined ? {} : { maxPartBytes: options.loadPartBytes });
    const session = new BranchSession(branchName, key, storage, doc, state.seq, options, onClose);
    session.loaded = state;
    return session;
  }

  /**
   * Everything stored for this doc, as parts to send a replica one at a time: flushed first, so
   * the parts hold every update this session's doc had when called (later ones go out as events).
   * They may also hold what another process appended that this doc has not caught up with yet.
   */
  async readParts(options: SplitOptions = {}): Promise<{ total: number; parts: AsyncGenerator<Uint8Array[]> }> {
    await this.flush();
    // The first replica of a freshly opened doc gets the state the doc was loaded from (nothing was
    // written since): reading a big doc from SQLite again is a long synchronous call.
    const kept = this.loaded;
    this.loaded = undefined;
    const state = kept && kept.seq === this.persistedSeq ? kept : await readState(this.key, this.storage, this.options);
    return { total: storedBytes(state), parts: partsOfState(state, { pause: nextTask, ...options }) };
  }

  /** Seq of the last update known durable. */
  get seq(): number {
    return this.persistedSeq;
  }

  /** Seq up to which the doc holds every stored update; below `lastSeq` of the storage when another writer appended. */
  get syncedSeq(): number {
    return this.synced;
  }

  /** Apply what other writers (another process on the same file) appended since the doc was loaded. */
  async catchUp(): Promise<void> {
    const state = await this.storage.loadDoc(this.key);
    if (this.closed) return;
    docFromState(state, this.doc); // Yjs skips what the doc already holds; LOADING keeps it out of `pending`
    this.synced = Math.max(this.synced, state.seq);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  private async flushInBackground(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.options.onError?.(err);
      // Retry on our own: waiting for the next edit could leave the last ones in memory indefinitely.
      if (!this.closed && this.pending.length > 0) this.timer ??= setTimeout(() => void this.flushInBackground(), this.options.retryDelayMs ?? 1000);
    }
  }

  /** Resolves when every update made so far is durable; rejects if the store refuses the batch. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const run = async (): Promise<void> => {
      if (this.pending.length === 0) return;
      const batch = this.pending;
      this.pending = [];
      try {
        const { seq } = await this.storage.appendUpdates(this.key, batch);
        this.persistedSeq = seq;
        this.loaded = undefined;
        // Contiguous with what the doc already held: nobody else wrote in between.
        if (seq - batch.length === this.synced) this.synced = seq;
      } catch (err) {
        this.pending = batch.concat(this.pending); // keep order; the next flush retries
        throw err;
      }
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Flush, stop persisting and release the doc. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce().catch((err: unknown) => {
      this.closing = undefined; // a failed flush leaves the session open; closing again retries
      throw err;
    });
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    if (this.closed) return;
    // Edits made while a batch is on its way to disk queue up behind it: flush until none are left,
    // then stop listening in the same tick, so no edit lands between the last flush and `closed`.
    do await this.flush();
    while (this.pending.length > 0);
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.doc.off('update', this.onUpdate);
    await this.onClose(this);
    this.doc.destroy();
  }

  /** Closing or closed: edits made to its doc from now on may not be persisted. */
  get isClosing(): boolean {
    return this.closing !== undefined || this.closed;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
