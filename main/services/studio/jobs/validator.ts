/**
 * The backend's long-lived worker thread (started on first use): keeps open docs' findings up to
 * date in proportion to each change (live-validation.ts), validates whole doc states and builds big
 * branches' live docs from their snapshots, all off main's event loop. A crashed worker
 * fails its pending requests and is replaced on the next one.
 */
import type { Worker } from 'node:worker_threads';
import { StudioError } from '../../../../core/contract/studio-api';
import type { DocKey, StoredDocState } from '../../../../core/storage/doc-storage';
import type { Diagnostic } from '../../../../core/validate';
import type { LiveEntity, LiveRequest } from './live-validation';
import type { FromWorker, ToWorker } from './protocol';
import { spawnWorker } from './spawn';

type Reply = Extract<FromWorker, { type: 'reply'; ok: true }>;

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: StudioError) => void;
}

export class Validator {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly entry: URL | string, private readonly storeDir: string) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker(this.entry, { storeDir: this.storeDir });
    w.unref(); // an idle validator must not keep the host alive
    w.on('message', (m: FromWorker) => {
      if (m.type !== 'reply') return;
      const p = this.pending.get(m.requestId);
      this.pending.delete(m.requestId);
      if (m.ok) p?.resolve(m);
      else p?.reject(StudioError.fromWire(m.error));
    });
    const fail = (why: string): void => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new StudioError('INTERNAL', `validation worker stopped: ${why}`));
      this.pending.clear();
    };
    w.on('error', (err) => fail(err.message));
    w.on('exit', (code) => fail(`exit ${code}`));
    this.worker = w;
    return w;
  }

  private request(message: (ToWorker & { requestId: number }) | LiveRequest, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.closed) return Promise.reject(new StudioError('TRANSPORT_CLOSED', 'the backend is closed'));
    return new Promise((resolve, reject) => {
      this.pending.set(message.requestId, { resolve, reject });
      this.ensure().postMessage(message, transfer);
    });
  }

  async validate(state: Uint8Array): Promise<Diagnostic[]> {
    // Transfer, not copy: the state was encoded for this message only.
    return (await this.request({ type: 'validate-state', requestId: this.nextId++, state }, [state.buffer as ArrayBuffer])).diagnostics;
  }

  /**
   * Start keeping `doc`'s findings in the worker from its whole state (once per doc and worker);
   * its findings. The state is transferred: encode it for this call only.
   */
  async liveInit(doc: string, state: Uint8Array): Promise<Diagnostic[]> {
    return (await this.request({ type: 'live-init', requestId: this.nextId++, doc, state }, [state.buffer as ArrayBuffer])).diagnostics;
  }

  /** Start keeping `doc`'s findings from its stored state (`file`, `key`), read by the worker; the first livePatch after it carries main's state vector. */
  async liveLoad(doc: string, file: string, key: DocKey): Promise<void> {
    await this.request({ type: 'live-load', requestId: this.nextId++, doc, file, key });
  }

  /**
   * The findings of `doc` after the elements it changed since the last live call; LIVE_UNKNOWN when
   * the worker lost it (restarted), LIVE_AHEAD when the stored state it started from holds updates
   * main's doc (`vector`) lacks.
   */
  async livePatch(doc: string, header: string | undefined, entities: LiveEntity[], vector?: Uint8Array): Promise<Diagnostic[]> {
    return (await this.request({ type: 'live-patch', requestId: this.nextId++, doc, header, entities, ...(vector ? { vector } : {}) })).diagnostics;
  }

  /** Forget `doc` in the worker (its branch closed). */
  async liveDrop(doc: string): Promise<void> {
    if (!this.worker) return; // nothing to forget in a worker that is not running
    await this.request({ type: 'live-drop', requestId: this.nextId++, doc });
  }

  /** A doc's stored state read by the worker from `file` (SQLite WAL: its own connection sees committed data). */
  async loadState(file: string, key: DocKey): Promise<StoredDocState> {
    const r = await this.request({ type: 'load-state', requestId: this.nextId++, file, key });
    if (!r.state) throw new StudioError('INTERNAL', 'the worker answered load-state without a state');
    return r.state;
  }

  async materialise(workspace: string, branch: string): Promise<void> {
    await this.request({ type: 'materialise', requestId: this.nextId++, workspace, branch });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}
