/**
 * Request/reply over one long-lived worker thread, started on first use: a crashed worker fails its
 * pending requests and is replaced on the next one.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { StudioError } from '../../../../core/contract/studio-api';
import type { FromWorker, ToWorker } from './protocol';
import { prepareWorker, spawnWorker } from './spawn';

export type Reply = Extract<FromWorker, { type: 'reply'; ok: true }>;
type Request = ToWorker & { requestId: number };
/** A request without its id (the distributive Omit keeps each message type's own fields). */
export type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'requestId'> : never) : never;

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: StudioError) => void;
}

export class WorkerRequests {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Settles (never rejects) when the matching request is answered. */
  private readonly inflight = new Set<Promise<void>>();
  private nextId = 1;
  /** No new requests (closing); `terminated`: the thread is being stopped, nothing more is sent. */
  private closed = false;
  private terminated = false;

  constructor(
    private readonly entry: URL | string,
    private readonly storeDir: string,
    /** Named in the error of requests a stopped worker leaves unanswered. */
    private readonly role: string,
    private readonly resourceLimits?: ResourceLimits,
    /** The thread's nice value (WorkerInit.nice). */
    private readonly nice?: number,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker(this.entry, { storeDir: this.storeDir, ...(this.nice ? { nice: this.nice } : {}) }, this.resourceLimits);
    w.unref(); // an idle worker must not keep the host alive
    w.on('message', (m: FromWorker) => {
      if (m.type !== 'reply') return;
      const p = this.pending.get(m.requestId);
      this.pending.delete(m.requestId);
      if (m.ok) p?.resolve(m);
      else p?.reject(StudioError.fromWire(m.error));
    });
    const fail = (why: string, code: 'INTERNAL' | 'TOO_LARGE' | 'TRANSPORT_CLOSED' = 'INTERNAL'): void => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new StudioError(code, `${this.role} stopped: ${why}`));
      this.pending.clear();
    };
    // Out of heap: the work was too big for the memory the thread may use (the thread dies, not the process).
    w.on('error', (err) => fail(err.message, (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'TOO_LARGE' : 'INTERNAL'));
    // close() terminating the thread under a request is the backend closing, not a crash (whose
    // callers fall back to other work): say so, with the code that means it.
    w.on('exit', (code) => (this.terminated ? fail('the backend is closed', 'TRANSPORT_CLOSED') : fail(`exit ${code}`)));
    this.worker = w;
    return w;
  }

  request(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.closed) return Promise.reject(new StudioError('TRANSPORT_CLOSED', 'the backend is closed'));
    const requestId = this.nextId++;
    const reply = new Promise<Reply>((resolve, reject) => this.pending.set(requestId, { resolve, reject }));
    const answered = reply.then(() => undefined, () => undefined);
    this.inflight.add(answered);
    void answered.then(() => this.inflight.delete(answered));
    const send = (): void => {
      if (!this.pending.has(requestId)) return; // failed meanwhile (the thread stopped)
      if (this.terminated) {
        this.pending.get(requestId)?.reject(new StudioError('TRANSPORT_CLOSED', 'the backend is closed'));
        this.pending.delete(requestId);
        return;
      }
      this.ensure().postMessage({ ...body, requestId } as Request, transfer);
    };
    if (this.worker) send();
    else void prepareWorker(this.entry).then(send);
    return reply;
  }

  /**
   * Stop the thread. `drain` first waits for the requests already sent: terminating a thread inside
   * an SQLite write would leave its transaction to the connection's teardown.
   */
  async close(options: { drain?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (options.drain) await Promise.all([...this.inflight]);
    this.terminated = true;
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}
