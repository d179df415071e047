/**
 * A local workspace made from a server's: the same commits (so later pushes and pulls are
 * fast-forwards, not merges of unrelated histories) and the room's live document (so this desktop
 * joins the room's Yjs lineage instead of blending a second copy of every element into it).
 *
 * The workspace is created from the downloaded objects, verified as the server verifies pushes,
 * with `main` at the root commit (stored as it is, so a root whose snapshot has a v1 address is
 * reproduced as exactly as a v2 one), before the branch fast-forwards to the server's head.
 */
import { rmSync } from 'node:fs';
import { Workspace, workspaceFile } from '../store';
import { SyncError } from './errors';
import type { HistoryClient } from './history-client';
import type { HistoryObject } from '../../../core/contract/history-api';
import { isEmptyState } from './room-probe';

export interface CloneRequest {
  root: string;
  name: string;
  history: HistoryClient;
  /** The branch to clone (default: `main`, else the first the server lists). */
  branch?: string;
  /** The room's current state of that branch. */
  roomState: (branch: string) => Promise<Uint8Array>;
}

/** Root commit of `head` along first parents in the downloaded objects (they are verified when stored). */
function rootOf(objects: HistoryObject[], head: string): string {
  const commits = new Map(objects.flatMap((o) => (o.type === 'commit' ? [[o.hash, o] as const] : [])));
  const seen = new Set<string>();
  for (let id = head; ; ) {
    const c = commits.get(id);
    if (!c || seen.has(id)) throw new SyncError('SYNC_PROTOCOL', `the server's history of ${head.slice(0, 12)} is incomplete at ${id.slice(0, 12)}`);
    seen.add(id);
    const parent = c.parents[0];
    if (parent === undefined) return id;
    id = parent;
  }
}

export async function cloneWorkspace(req: CloneRequest): Promise<{ workspace: Workspace; branch: string; head: string }> {
  const branches = await req.history.branches();
  const target = req.branch ? branches.find((b) => b.name === req.branch) : (branches.find((b) => b.name === 'main') ?? branches[0]);
  if (!target) throw new SyncError('REMOTE_BRANCH_NOT_FOUND', req.branch ? `the server has no branch ${req.branch}` : 'the server has no commits for this workspace yet; push from the desktop that has it first', { branch: req.branch });
  const objects = await req.history.download(target.head);
  const root = rootOf(objects, target.head);
  const ws = await Workspace.create(req.root, req.name, { history: { objects, root } });
  try {
    if (target.name === 'main') ws.fastForward('main', root, target.head);
    else await ws.createBranch(target.name, { from: target.head });
    await ws.setWorking(target.name, ws.checkout(target.head));
    const state = await req.roomState(target.name);
    if (!isEmptyState(state)) ws.adoptLiveDoc(target.name, state);
    return { workspace: ws, branch: target.name, head: target.head };
  } catch (err) {
    // Half a clone is no workspace: remove it so the same name can be cloned again.
    await ws.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${workspaceFile(req.root, req.name)}${suffix}`, { force: true });
    throw err;
  }
}
