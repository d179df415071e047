/**
 * The studio backend: everything the handler map needs, in plain Node (the web host, Electron's
 * main process and the tests all run this same object). It owns the open workspaces, the live docs
 * and their replicas, settings, jobs and the validation worker, and knows its connected clients.
 */
import { mkdirSync } from 'node:fs';
import type { ApiEventName, ApiEvents, JobSpec } from '../../../core/contract/studio-api';
import type { DocKey, DocStorage, StoredDocState } from '../../../core/storage/doc-storage';
import { SqliteDocStorage, type WorkspaceOptions } from '../store';
import type { StudioClient } from './client';
import { DocHub } from './doc-hub';
import { Examples } from './examples';
import { JobRunner } from './jobs/runner';
import { SOURCE_WORKER_ENTRY, prepareWorker } from './jobs/spawn';
import { StoreWorker } from './jobs/store-worker';
import { Validator } from './jobs/validator';
import { SettingsFile } from './settings';
import { WorkspaceRegistry } from './workspaces';

export interface StudioBackendOptions {
  storeDir: string;
  platform: 'electron' | 'web';
  version?: string;
  examplesDir?: string;
  /** Worker thread entry (Electron passes its bundled studio-worker.js; default: from source via tsx). */
  workerEntry?: URL | string;
  workspace?: WorkspaceOptions;
  /** Default delay before an open doc is validated after a change (settings.validateDelayMs wins). */
  validateDelayMs?: number;
  /**
   * Wait after the last replica has read a doc's state before the backend validates it (default
   * 2000 ms): the page applies the state's last parts, builds its index and starts its own
   * validation right then, and the backend's first pass of a big doc is seconds of a core.
   */
  validateSettleMs?: number;
  /** Stored bytes per part when a replica reads a doc's state (default 256 KiB; tests use less). */
  docPartBytes?: number;
  /** Heap limit of the store worker in MB (default: half the machine's memory, at least V8's default). */
  storeWorkerHeapMb?: number;
}

export class StudioBackend {
  readonly workspaces: WorkspaceRegistry;
  readonly docs: DocHub;
  readonly settings: SettingsFile;
  readonly examples: Examples;
  readonly jobs: JobRunner;
  private readonly validator: Validator;
  private readonly store: StoreWorker;
  private readonly clients = new Map<string, StudioClient>();
  private closed = false;

  constructor(readonly options: StudioBackendOptions) {
    mkdirSync(options.storeDir, { recursive: true });
    const entry = options.workerEntry ?? SOURCE_WORKER_ENTRY;
    void prepareWorker(entry); // from source: bundled while the host starts, not on the first open
    this.validator = new Validator(entry, options.storeDir);
    this.store = new StoreWorker(entry, options.storeDir, options.storeWorkerHeapMb);
    // Whole-file and whole-doc store work runs in the store worker, because main's loop serves
    // every window: reading a big branch's stored state (one long synchronous SQLite call), the
    // integrity check of a workspace file, and a closed branch's compaction and cache write.
    const loadState = (key: DocKey, storage: DocStorage): Promise<StoredDocState> =>
      storage instanceof SqliteDocStorage && storage.db.name !== ':memory:' ? this.store.loadState(storage.db.name, key) : storage.loadDoc(key);
    const workspace = options.workspace ?? {};
    const compactThreshold = workspace.compactThreshold ?? 1000;
    const settleClosed = (ws: string, branch: string): void => {
      // A cache left stale is rebuilt by the next cold read and a tail compacts at a later close.
      this.store.settle(ws, branch, compactThreshold).catch((err: unknown) => console.error(`settling closed branch ${branch} of ${ws} failed: ${(err as Error).message}`));
    };
    const verify = workspace.verify ?? true;
    this.workspaces = new WorkspaceRegistry(
      options.storeDir,
      { settleClosed, ...workspace, verify: false, session: { loadState, ...workspace.session } },
      (file) => (verify ? this.store.checkFile(file) : Promise.resolve()),
    );
    this.settings = new SettingsFile(options.storeDir);
    this.examples = new Examples(options.examplesDir);
    this.docs = new DocHub({
      validator: this.validator,
      store: this.store,
      validateDelayMs: () => this.settings.read().validateDelayMs ?? options.validateDelayMs ?? 300,
      validateSettleMs: () => options.validateSettleMs ?? 2000,
      ...(options.docPartBytes === undefined ? {} : { partBytes: options.docPartBytes }),
    });
    this.jobs = new JobRunner({
      storeDir: options.storeDir,
      workerEntry: entry,
      broadcast: (event, payload) => this.broadcast(event, payload),
      prepare: (spec) => this.beforeJob(spec),
    });
  }

  get version(): string {
    return this.options.version ?? '0.1.0';
  }

  private async beforeJob(spec: JobSpec): Promise<void> {
    if (spec.kind === 'import') return;
    const ws = await this.workspaces.get(spec.workspace);
    await this.docs.flushWorkspace(ws.id);
  }

  connect(client: StudioClient): void {
    this.clients.set(client.id, client);
  }

  /** A window closed or a tab went away: its replica sessions close (flushing main's doc). */
  async disconnect(client: StudioClient): Promise<void> {
    this.clients.delete(client.id);
    await this.docs.disconnect(client);
  }

  broadcast<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const c of this.clients.values()) c.emit(event, payload);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Flush and close everything; the store files are consistent afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.jobs.close();
    await this.docs.closeAll();
    await this.workspaces.closeAll();
    await this.store.close();
    await this.validator.close();
  }
}
