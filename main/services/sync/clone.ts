/**
 * A local workspace made from a server's: the same commits (so later pushes and pulls are
 * fast-forwards, not merges of unrelated histories) and the room's live document (so this desktop
 * joins the room's Yjs lineage instead of blending a second copy of every element into it).
 *
 * The root commit is reproduced by creating the workspace from the root's own snapshot, author,
 * message and time — a commit id is the hash of exactly those — and the rest of the history is
 * then stored object by object, verified as the server verifies pushes, before the branch
 * fast-forwards to the server's head.
 */
import Database from 'better-sqlite3';
import { parseOntology } from '../../../core/model';
import { rmSync } from 'node:fs';
import { Workspace, workspaceFile } from '../store';
import { CommitGraph } from '../store/commit-graph';
import { migrate } from '../store/migrations';
import { ObjectStore } from '../store/object-store';
import { SnapshotStore } from '../store/snapshots';
import { WORKSPACE_MIGRATIONS } from '../store/workspace-schema';
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

/** Root commit and its ontology, from the downloaded objects checked in a scratch in-memory store. */
function rootOf(objects: HistoryObject[], head: string): { id: string; author: string; message: string; time: number; ontology: ReturnType<typeof parseOntology> } {
  const scratch = new Database(':memory:');
  try {
    migrate(scratch, 'workspace', WORKSPACE_MIGRATIONS);
    new ObjectStore(scratch).put(objects);
    const graph = new CommitGraph(scratch);
    let c = graph.get(head);
    while (c.parents.length > 0) c = graph.get(c.parents[0]!);
    return { id: c.id, author: c.author, message: c.message, time: c.time, ontology: parseOntology(new SnapshotStore(scratch).read(c.snapshot)) };
  } finally {
    scratch.close();
  }
}

export async function cloneWorkspace(req: CloneRequest): Promise<{ workspace: Workspace; branch: string; head: string }> {
  const branches = await req.history.branches();
  const target = req.branch ? branches.find((b) => b.name === req.branch) : (branches.find((b) => b.name === 'main') ?? branches[0]);
  if (!target) throw new SyncError('REMOTE_BRANCH_NOT_FOUND', req.branch ? `the server has no branch ${req.branch}` : 'the server has no commits for this workspace yet; push from the desktop that has it first', { branch: req.branch });
  const objects = await req.history.download(target.head);
  const root = rootOf(objects, target.head);
  const created = await Workspace.create(req.root, req.name, { from: root.ontology, author: root.author, message: root.message, now: () => root.time });
  const createdHead = created.getBranch('main').head;
  await created.close();
  // Reopen with the real clock: the pinned one only served to reproduce the root commit.
  const ws = await Workspace.open(req.root, req.name);
  try {
    if (createdHead !== root.id) throw new SyncError('SYNC_PROTOCOL', `the server's root commit ${root.id.slice(0, 12)} could not be reproduced locally (got ${createdHead.slice(0, 12)})`);
    new ObjectStore(ws.db).put(objects);
    if (target.name === 'main') ws.fastForward('main', root.id, target.head);
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
