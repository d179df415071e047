/**
 * Commits and branches between a local workspace and oms-sync's /api/v1 (docs/protocol.md):
 * content-addressed objects, so only what the other side lacks travels, and compare-and-swap on
 * branch heads, so a push never overwrites a commit someone else pushed first (REMOTE_MOVED).
 */
import type { z } from 'zod';
import {
  BranchListSchema, BranchSchema, ClosureResponseSchema, MAX_OBJECTS_PER_REQUEST, MissingResponseSchema, ObjectsResponseSchema,
  PushObjectsResponseSchema, RoomIdSchema, type Branch, type RoomId, type HistoryObject, type ObjectRef,
} from '../../../core/contract/history-api';
import { ORIGIN } from '../../../core/yjs';
import { ObjectStore } from '../store/object-store';
import type { Workspace } from '../store';
import type { AuthProvider } from './auth-provider';
import { SyncError } from './errors';
import type { HttpJson, HttpFailure } from './http-json';

/** Bytes of object bodies per push request, well under the server's default 16 MiB body cap. */
const MAX_PUSH_BYTES = 8 * 1024 * 1024;
const TYPE_ORDER: Record<HistoryObject['type'], number> = { entity: 0, bucket: 1, snapshot: 2, commit: 3 };

export type PushResult =
  | { status: 'up-to-date'; head: string }
  | { status: 'pushed'; head: string; previous: string | null; objects: number };

export type PullResult =
  | { status: 'up-to-date'; head: string }
  | { status: 'fast-forward'; head: string; previous: string; objects: number }
  | { status: 'diverged'; localHead: string; remoteHead: string; objects: number }
  | { status: 'ahead'; localHead: string; remoteHead: string };

export interface RemoteRef {
  http: HttpJson;
  auth: AuthProvider;
  /** The workspace's name on the server. */
  workspace: string;
  /** Runs after the objects are up and before the head moves: progress UIs, and tests racing two pushes. */
  beforeHeadMove?: () => Promise<void>;
}

function objectBytes(o: HistoryObject): number {
  return o.type === 'entity' || o.type === 'bucket' ? o.body.length : o.type === 'snapshot' ? o.header.length + 100 * Object.keys(o.buckets).length : o.message.length + 300;
}

/** Dependencies first (entities → buckets → snapshots → commits) so every request is self-contained given the ones before. */
function dependencyOrder(objects: HistoryObject[], localParents: (id: string) => readonly string[]): HistoryObject[] {
  const plain: HistoryObject[] = objects.filter((o) => o.type !== 'commit').sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
  const commits = new Map(objects.filter((o) => o.type === 'commit').map((o) => [o.hash, o]));
  const done = new Set<string>();
  const ordered: HistoryObject[] = [];
  const visit = (id: string): void => {
    const stack: string[] = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (done.has(top) || !commits.has(top)) {
        stack.pop();
        continue;
      }
      const pending = localParents(top).filter((p) => commits.has(p) && !done.has(p));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      done.add(top);
      ordered.push(commits.get(top)!);
      stack.pop();
    }
  };
  for (const id of commits.keys()) visit(id);
  return plain.concat(ordered);
}

function chunks<T>(items: T[], maxCount: number, size: (t: T) => number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const b = size(it);
    if (cur.length > 0 && (cur.length >= maxCount || bytes + b > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += b;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export class HistoryClient {
  constructor(private readonly remote: RemoteRef) {}

  private path(rest: string): string {
    return `/api/v1/workspaces/${encodeURIComponent(this.remote.workspace)}/${rest}`;
  }

  private async call<T>(method: string, rest: string, schema: z.ZodType<T>, body?: unknown, onError?: (f: HttpFailure) => SyncError | undefined): Promise<T> {
    const send = async () => this.remote.http.request(method, this.path(rest), { body, token: await this.remote.auth.accessToken(), schema, ...(onError ? { onError } : {}) });
    try {
      return await send();
    } catch (err) {
      // An access token that expired between two requests: one refresh, one retry.
      if (err instanceof SyncError && err.code === 'SYNC_AUTH_FAILED' && (await this.remote.auth.refresh())) return send();
      throw err;
    }
  }

  /** The stable id of `branch`'s room on the server (created on first use, as a first connection would). */
  async roomId(branch: string): Promise<RoomId> {
    return this.call('POST', `rooms/${branch.split('/').map(encodeURIComponent).join('/')}`, RoomIdSchema);
  }

  /** The name branch `branchId` has on the server now; null when this workspace has no such id (or is not there). */
  async branchById(branchId: string): Promise<RoomId | null> {
    const gone = (f: HttpFailure) => (f.status === 404 ? new SyncError('REMOTE_BRANCH_NOT_FOUND', `no branch with id ${branchId} in ${this.remote.workspace}`) : undefined);
    try {
      return await this.call('GET', `branch-ids/${encodeURIComponent(branchId)}`, RoomIdSchema, undefined, gone);
    } catch (err) {
      if (err instanceof SyncError && err.code === 'REMOTE_BRANCH_NOT_FOUND') return null;
      throw err;
    }
  }

  async branches(): Promise<Branch[]> {
    const notFoundIsEmpty = (f: HttpFailure) => (f.status === 404 && f.code === 'WORKSPACE_NOT_FOUND' ? new SyncError('REMOTE_BRANCH_NOT_FOUND', 'no such workspace on the server yet') : undefined);
    try {
      return (await this.call('GET', 'branches', BranchListSchema, undefined, notFoundIsEmpty)).branches;
    } catch (err) {
      if (err instanceof SyncError && err.code === 'REMOTE_BRANCH_NOT_FOUND') return [];
      throw err;
    }
  }

  /**
   * Send the branch's commits the server lacks and move its head there (compare-and-swap).
   * `branch` is the server's name for it (default: the local name; a linked branch renamed on one
   * side keeps its other name).
   */
  async push(ws: Workspace, localBranch: string, branch = localBranch): Promise<PushResult> {
    const local = ws.getBranch(localBranch);
    const remote = (await this.branches()).find((b) => b.name === branch);
    if (remote?.head === local.head) return { status: 'up-to-date', head: local.head };
    if (remote && !(ws.commits.find(remote.head) && ws.commits.isAncestor(remote.head, local.head))) {
      throw new SyncError('REMOTE_DIVERGED', `the server's ${branch} has commits this workspace does not have; pull and merge first`, { branch, remoteHead: remote.head, localHead: local.head });
    }
    const store = new ObjectStore(ws.db);
    const refs = store.closure([local.head], remote ? [remote.head] : []);
    const missing: ObjectRef[] = [];
    for (const part of chunks(refs, MAX_OBJECTS_PER_REQUEST, () => 1, Infinity)) {
      missing.push(...(await this.call('POST', 'objects/missing', MissingResponseSchema, { objects: part })).missing);
    }
    const objects = dependencyOrder(store.get(missing), (id) => ws.commits.find(id)?.parents ?? []);
    for (const part of chunks(objects, MAX_OBJECTS_PER_REQUEST, objectBytes, MAX_PUSH_BYTES)) {
      await this.call('POST', 'objects', PushObjectsResponseSchema, { objects: part });
    }
    await this.remote.beforeHeadMove?.();
    const moved = (f: HttpFailure) =>
      f.status === 409 ? new SyncError('REMOTE_MOVED', `someone pushed to ${branch} meanwhile; pull, merge and push again`, { branch, serverCode: f.code }) : undefined;
    if (remote) await this.call('PUT', `branches/${branch.split('/').map(encodeURIComponent).join('/')}`, BranchSchema, { head: local.head, expectedHead: remote.head }, moved);
    else await this.call('POST', 'branches', BranchSchema, { name: branch, head: local.head }, moved);
    return { status: 'pushed', head: local.head, previous: remote?.head ?? null, objects: objects.length };
  }

  /** Fetch the server's commits of `remoteBranch` (default: same name) into the local store. */
  async fetch(ws: Workspace, remoteBranch: string): Promise<{ head: string; objects: number }> {
    const remote = (await this.branches()).find((b) => b.name === remoteBranch);
    if (!remote) throw new SyncError('REMOTE_BRANCH_NOT_FOUND', `the server has no branch ${remoteBranch} in ${this.remote.workspace}`, { branch: remoteBranch });
    if (ws.commits.find(remote.head)) return { head: remote.head, objects: 0 };
    const have = ws.listBranches().map((b) => b.head).slice(0, 1000);
    const store = new ObjectStore(ws.db);
    const objects = await this.download(remote.head, have, (refs) => store.missing(refs));
    // One local transaction, verified object by object exactly as the server verifies pushes.
    store.put(objects);
    return { head: remote.head, objects: objects.length };
  }

  /** Every object reachable from `head` and not from `have`, optionally narrowed to what `keep` returns. */
  async download(head: string, have: string[] = [], keep: (refs: ObjectRef[]) => ObjectRef[] = (r) => r): Promise<HistoryObject[]> {
    const refs = keep((await this.call('POST', 'closure', ClosureResponseSchema, { want: [head], have })).objects);
    const objects: HistoryObject[] = [];
    for (const part of chunks(refs, MAX_OBJECTS_PER_REQUEST, () => 1, Infinity)) {
      objects.push(...(await this.call('POST', 'objects/get', ObjectsResponseSchema, { objects: part })).objects);
    }
    return objects;
  }

  /**
   * Bring the server's branch in. A clean local branch that is behind fast-forwards (its working
   * state follows unless it is live-synced, where the room already carries the content); when both
   * sides have new commits the result says `diverged` and the caller merges `remoteHead`.
   */
  async pull(ws: Workspace, branch: string, opts: { liveSynced?: boolean; remoteBranch?: string } = {}): Promise<PullResult> {
    const { head: remoteHead, objects } = await this.fetch(ws, opts.remoteBranch ?? branch);
    const local = ws.getBranch(branch);
    if (local.head === remoteHead) return { status: 'up-to-date', head: local.head };
    if (ws.commits.isAncestor(remoteHead, local.head)) return { status: 'ahead', localHead: local.head, remoteHead };
    if (!ws.commits.isAncestor(local.head, remoteHead)) return { status: 'diverged', localHead: local.head, remoteHead, objects };
    if (!opts.liveSynced) {
      const { dirty } = await ws.status(branch);
      if (dirty) throw new SyncError('LOCAL_DIRTY', `${branch} has uncommitted changes; commit or discard them before pulling`, { branch });
      await ws.setWorking(branch, ws.checkout(remoteHead), ORIGIN.merge, { expect: ws.checkout(local.head) });
    }
    ws.fastForward(branch, local.head, remoteHead);
    return { status: 'fast-forward', head: remoteHead, previous: local.head, objects };
  }
}
