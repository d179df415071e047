/**
 * The backend's store worker: whole-file and whole-doc store work that would otherwise hold main's
 * event loop (every window's IPC) for seconds on a big workspace — reading a branch's stored state,
 * building a doc-less branch's live doc, the integrity check of a workspace file, and compaction
 * plus the working-cache write after a branch closes. Its own thread, apart from the validator's,
 * so an open never queues behind a validation pass.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { DocKey, StoredDocState } from '../../../../core/storage/doc-storage';
import { StudioError } from '../../../../core/contract/studio-api';
import { WorkerRequests } from './worker-requests';

export class StoreWorker {
  private readonly thread: WorkerRequests;

  /** `heapMb`: the thread's old-generation limit (default: half the machine's memory, at least V8's default). */
  constructor(entry: URL | string, storeDir: string, heapMb?: number) {
    // Building a 50k-type branch's doc holds its ontology and the doc at once: more than V8's
    // default heap (~4 GB). Running out kills only this thread (TOO_LARGE), never the backend.
    const defaultMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    const maxOldGenerationSizeMb = heapMb ?? Math.max(defaultMb, Math.round(totalmem() / 2 ** 21));
    this.thread = new WorkerRequests(entry, storeDir, 'store worker', { maxOldGenerationSizeMb });
  }

  /** A doc's stored state read from `file` on the worker's own connection (WAL: it sees committed data). */
  async loadState(file: string, key: DocKey): Promise<StoredDocState> {
    const r = await this.thread.request({ type: 'load-state', file, key });
    if (!r.state) throw new StudioError('INTERNAL', 'the store worker answered load-state without a state');
    return r.state;
  }

  async materialise(workspace: string, branch: string): Promise<void> {
    await this.thread.request({ type: 'materialise', workspace, branch });
  }

  /** `PRAGMA quick_check` of a store file; rejects with STORE_CORRUPT when damaged. */
  async checkFile(file: string): Promise<void> {
    await this.thread.request({ type: 'check-file', file });
  }

  /** Compact a closed branch's doc when its tail is long, and write its working cache. */
  async settle(workspace: string, branch: string, compactThreshold: number): Promise<void> {
    await this.thread.request({ type: 'settle', workspace, branch, compactThreshold });
  }

  /** Waits for the work already sent (a settle writing the file), then stops the thread. */
  close(): Promise<void> {
    return this.thread.close({ drain: true });
  }
}
