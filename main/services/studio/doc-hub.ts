/**
 * The authoritative Y.Doc of every open branch and the replicas attached to it.
 *
 * A replica's pushed updates are applied to main's doc with a ReplicaOrigin (never `local`: main
 * keeps no undo stack, the user's UndoManager lives in the renderer). Every change of main's doc,
 * whatever made it (a replica, a merge, a revert, the sync client, another process caught up),
 * is sent to every replica except the one it came from, tagged with an origin the renderer's
 * UndoManager does not track. The store's BranchSession persists the doc in batches.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { StudioError, decodeBytes, encodeBytes, type ApiOutput, type DocEventOrigin, type DocPart } from '../../../core/contract/studio-api';
import { countBySeverity } from '../../../core/validate';
import { ORIGIN, originName } from '../../../core/yjs';
import type { BranchSession, Workspace } from '../store';
import type { StudioClient } from './client';
import { ProblemsScheduler, type ValidationHold } from './problems';
import type { StoreWorker } from './jobs/store-worker';
import type { Validator } from './jobs/validator';

/** No parts: a reader stands in until the stored state is read. */
async function* emptyParts(): AsyncGenerator<Uint8Array[]> {}

/** Origin of updates pushed by a replica: tells the fan-out whom not to echo to. */
export class ReplicaOrigin {
  constructor(readonly session: string) {}
}

interface LiveBranch {
  key: string;
  workspace: Workspace;
  session: BranchSession;
  replicas: Map<string, StudioClient>;
  problems: ProblemsScheduler;
  detach: () => void;
}

interface Replica {
  id: string;
  client: StudioClient;
  live: LiveBranch;
  /** The state still to send, part by part (doc.read); reads run one after another. */
  reader: StateReader;
}

/**
 * Sends a replica main's state one part per doc.read, so no single message or task holds all of it.
 * Holds the doc's validation until the last part is out or the reader stops.
 */
class StateReader {
  private loaded = 0;
  private done = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The part after the one handed out last, read ahead so a part can say it is the last. */
  private ahead: Promise<IteratorResult<Uint8Array[]>> | undefined;

  constructor(
    private readonly parts: AsyncGenerator<Uint8Array[]>,
    private readonly total: number,
    private readonly hold?: ValidationHold,
  ) {}

  /** The next part; concurrent calls are served in call order. */
  next(): Promise<DocPart> {
    const run = async (): Promise<DocPart> => {
      if (this.done) return { updates: [], done: true, loaded: this.loaded, total: this.total };
      const r = await (this.ahead ?? this.parts.next());
      this.ahead = undefined;
      if (r.done) {
        this.finish();
        return { updates: [], done: true, loaded: this.total, total: this.total };
      }
      const size = r.value.reduce((n, u) => n + u.byteLength, 0);
      const updates = r.value.map(encodeBytes);
      this.ahead = this.parts.next();
      const last = (await this.ahead).done === true;
      if (last) this.finish();
      this.loaded = last ? this.total : Math.min(this.total, this.loaded + size);
      return { updates, done: last, loaded: this.loaded, total: this.total };
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private finish(): void {
    this.done = true;
    this.hold?.release();
  }

  /** Let go of the state (the session closed before reading all of it). */
  stop(): void {
    this.finish();
    void this.parts.return(undefined).catch(() => undefined);
  }
}

function eventOrigin(origin: unknown): DocEventOrigin {
  const name = originName(origin);
  if (name === ORIGIN.merge) return 'merge';
  if (name === ORIGIN.import) return 'import';
  return 'remote';
}

export interface DocHubOptions {
  validator: Validator;
  store: StoreWorker;
  validateDelayMs: () => number;
  /** Wait after the last replica has read a doc's state before its first validation (default 0). */
  validateSettleMs?: () => number;
  /** Build doc-less branches' live docs in the worker (default true). */
  offloadMaterialise?: boolean;
  /** Stored bytes per part sent to a replica (default: the splitter's 256 KiB). */
  partBytes?: number;
}

export class DocHub {
  private readonly lives = new Map<string, Promise<LiveBranch>>();
  private readonly replicas = new Map<string, Replica>();

  constructor(private readonly options: DocHubOptions) {}

  private attach(workspace: Workspace, key: string, session: BranchSession): LiveBranch {
    const replicas = new Map<string, StudioClient>();
    const problems = new ProblemsScheduler(session.doc, this.options.validator, this.options.validateDelayMs, (diagnostics) => {
      const counts = countBySeverity(diagnostics);
      for (const [id, client] of replicas) client.emit('problems', { session: id, counts });
    }, { key: () => workspace.liveStateKey(session), record: (k, d) => workspace.recordValidation(k, d) },
    // With nothing queued, storage holds all the doc has: the validation worker starts from it.
    session.hasPending ? undefined : { file: workspace.file, key: session.key }, this.options.validateSettleMs);
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      const from = origin instanceof ReplicaOrigin ? origin.session : undefined;
      const tag = eventOrigin(origin);
      let b64: string | undefined;
      for (const [id, client] of replicas) {
        if (id === from) continue;
        b64 ??= encodeBytes(update);
        client.emit('doc.update', { session: id, update: b64, origin: tag });
      }
      problems.changed();
    };
    session.doc.on('update', onUpdate);
    return { key, workspace, session, replicas, problems, detach: () => session.doc.off('update', onUpdate) };
  }

  async open(client: StudioClient, workspace: Workspace, branchName: string): Promise<ApiOutput<'doc.open'>> {
    const branch = workspace.getBranch(branchName);
    const key = `${workspace.id}\u0000${branch.id}`;
    let opening = this.lives.get(key);
    if (!opening) {
      opening = this.prepare(workspace, branch.id, branch.name)
        .then(() => workspace.openBranch(branch.name))
        .then((s) => this.attach(workspace, key, s));
      this.lives.set(key, opening);
      opening.catch(() => this.lives.delete(key));
    }
    const live = await opening;
    const id = randomUUID();
    // Listed before the state is read: every change from here on reaches the replica as an event,
    // and everything before it is in the stored state the parts come from (readParts flushes first).
    live.replicas.set(id, client);
    const r: Replica = { id, client, live, reader: new StateReader(emptyParts(), 0) };
    this.replicas.set(id, r);
    try {
      const { total, parts } = await live.session.readParts(this.options.partBytes === undefined ? {} : { maxPartBytes: this.options.partBytes });
      // While the replica reads and applies the state, the page needs the cores; the first pass
      // follows the last part (or the session's end: a vanished client disconnects and closes).
      r.reader = new StateReader(parts, total, live.problems.hold());
      live.problems.changed();
      return { session: id, workspaceId: workspace.id, branchId: branch.id, part: await r.reader.next() };
    } catch (err) {
      await this.close(client, id).catch(() => undefined);
      throw err;
    }
  }

  /** The next part of the state of a replica opened with `open`. */
  read(client: StudioClient, session: string): Promise<DocPart> {
    return this.replica(client, session).reader.next();
  }

  /**
   * A branch without a live doc yet gets one built from its snapshot on first open: for a big
   * workspace that is seconds of CPU, done in the worker so main's loop (every window's IPC) keeps
   * answering; main then only loads the stored doc. Best effort: if the worker fails, the store
   * builds it in main as before — except when it ran out of memory (TOO_LARGE, passed on).
   */
  private async prepare(workspace: Workspace, branchId: string, name: string): Promise<void> {
    if (this.options.offloadMaterialise === false || workspace.docs.lastSeq({ workspace: workspace.id, branch: branchId }) > 0) return;
    await this.options.store.materialise(workspace.name, name).catch((err: unknown) => {
      // Too big for the worker's heap is too big for main's, whose running out would end the backend.
      if (err instanceof StudioError && err.code === 'TOO_LARGE') throw err;
    });
  }

  /** The replica `session` of `client`; another client's session id is as unknown as a made-up one. */
  private replica(client: StudioClient, session: string): Replica {
    const r = this.replicas.get(session);
    if (!r || r.client.id !== client.id) throw new StudioError('SESSION_NOT_FOUND', `no open document session ${session}`, { session });
    return r;
  }

  push(client: StudioClient, session: string, updates: readonly string[]): void {
    const r = this.replica(client, session);
    const bytes = updates.map(decodeBytes);
    // Decode everything before applying anything: a malformed update must leave main's doc as it was.
    bytes.forEach((u, i) => {
      try {
        Y.decodeUpdate(u);
      } catch (err) {
        throw new StudioError('BAD_ARGUMENT', `update ${i} is not a Yjs update: ${(err as Error).message}`, { field: `updates.${i}` });
      }
    });
    const origin = new ReplicaOrigin(session);
    r.live.session.doc.transact(() => {
      for (const u of bytes) Y.applyUpdate(r.live.session.doc, u, origin);
    }, origin);
  }

  async flush(client: StudioClient, session: string): Promise<void> {
    await this.replica(client, session).live.session.flush();
  }

  async close(client: StudioClient, session: string): Promise<void> {
    const r = this.replica(client, session);
    this.replicas.delete(session);
    r.live.replicas.delete(session);
    r.reader.stop();
    if (r.live.replicas.size > 0) return;
    // Last replica gone: flush and release main's doc (the store keeps the data, not the memory).
    this.lives.delete(r.live.key);
    r.live.detach();
    r.live.problems.stop();
    await r.live.session.close();
  }

  async disconnect(client: StudioClient): Promise<void> {
    const mine = [...this.replicas.values()].filter((r) => r.client.id === client.id);
    for (const r of mine) await this.close(client, r.id);
  }

  /** Flush every open doc of a workspace (before a job reads the file from another thread). */
  async flushWorkspace(workspaceId: string): Promise<void> {
    const lives = await Promise.all([...this.lives.values()].map((p) => p.catch(() => undefined)));
    await Promise.all(lives.filter((l): l is LiveBranch => l?.workspace.id === workspaceId).map((l) => l.session.flush()));
  }

  /** Drop every replica of a workspace (it is being deleted); their clients get `workspace.changed`. */
  async dropWorkspace(workspaceId: string, name: string): Promise<void> {
    for (const r of [...this.replicas.values()]) {
      if (r.live.workspace.id !== workspaceId) continue;
      r.client.emit('workspace.changed', { workspace: name, what: 'deleted' });
      await this.close(r.client, r.id);
    }
  }

  /** What the validation of the doc behind `session` is doing (in-process tests and diagnostics; no API handler reads it). */
  validationState(session: string): ProblemsScheduler['state'] | undefined {
    return this.replicas.get(session)?.live.problems.state;
  }

  get openSessions(): number {
    return this.replicas.size;
  }

  async closeAll(): Promise<void> {
    for (const r of [...this.replicas.values()]) await this.close(r.client, r.id);
  }
}
