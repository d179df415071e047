/**
 * The server's history: one commit-store file per workspace, `$OMS_DATA_DIR/workspaces/<name>.oms.sqlite`,
 * with the schema of main/services/store (so `oms` can open a copy of it), holding pushed objects and
 * the server's branch pointers. Branch moves are compare-and-swap: two desktops pushing to the same
 * branch cannot silently overwrite each other.
 *
 * The same file names every branch the server knows, with or without history (branch-ids.ts): its
 * live room is keyed by that id, so a rename keeps the room and the history.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OmsError } from '../../core/errors';
import { newId } from '../../core/model';
import type { Branch } from '../../core/contract/history-api';
import { migrate } from '../../main/services/store/migrations';
import { WORKSPACE_FILE_SUFFIX, WORKSPACE_NAME, workspaceFile } from '../../main/services/store/paths';
import { openStoreDatabase, type Durability, type SqliteDatabase } from '../../main/services/store/sqlite-file';
import { WORKSPACE_MIGRATIONS } from '../../main/services/store/workspace-schema';
import { isValidBranch } from '../paths';
import type { LiveDocIds } from '../live-doc-key';
import { BRANCH_IDS_COMPONENT, BRANCH_IDS_MIGRATIONS, ensureBranchId, findBranchId, findBranchName, readWorkspaceId } from './branch-ids';
import { ObjectStore } from './object-store';

export class HistoryError extends OmsError {}

interface OpenWorkspace {
  db: SqliteDatabase;
  /** Stable id (workspace_meta 'id'), written when the file was created. */
  id: string;
  objects: ObjectStore;
  usedAt: number;
}

export interface HistoryStoreOptions {
  /** A workspace file unused this long is closed (reopened on the next request). */
  idleMs: number;
  /** Most files open at once; the least recently used is closed first. */
  maxOpen: number;
}

/** What a push of objects did (see ObjectStore.put). */
type PutResult = ReturnType<ObjectStore['put']>;

interface BranchRow {
  name: string;
  head: string;
  protected: number;
}

const toBranch = (r: BranchRow): Branch => ({ name: r.name, head: r.head, protected: r.protected === 1 });

/** A branch as renamed: its stable ids (those of its live room), and its history pointer when it has one. */
export interface RenamedBranch extends LiveDocIds {
  name: string;
  from: string;
  branch: Branch | null;
}

/** What `catalog` lists: every workspace file and the branch ids it names. */
export interface WorkspaceCatalog {
  workspace: string;
  workspaceId: string;
  branches: Array<{ name: string; id: string }>;
}

/**
 * Open files are kept in a Map in least-recently-used order (a hit is moved to the end), closed when
 * idle (a timer, unref'd) or when more than `maxOpen` are open: every workspace ever pushed must
 * not hold a file descriptor and a SQLite cache for the life of the process.
 */
export class HistoryStore {
  private readonly open = new Map<string, OpenWorkspace>();
  private readonly verified = new Set<string>();
  /** Workspace name → its stable id, for every file this process has opened (workspaceNameById). */
  private readonly ids = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly dataDir: string,
    private readonly durability: Durability,
    private readonly options: HistoryStoreOptions = { idleMs: 60_000, maxOpen: 64 },
  ) {
    this.sweeper = setInterval(() => this.evictIdle(Date.now()), Math.max(100, Math.min(options.idleMs / 2, 30_000)));
    this.sweeper.unref();
  }

  get openCount(): number {
    return this.open.size;
  }

  evictIdle(now: number): void {
    for (const [name, ws] of this.open) if (now - ws.usedAt >= this.options.idleMs) this.closeOne(name, ws);
  }

  private closeOne(name: string, ws: OpenWorkspace): void {
    this.open.delete(name);
    ws.db.close();
  }

  /** The workspace's store; created on first write, 404 on reads of a workspace never pushed. */
  workspace(name: string, create: boolean): OpenWorkspace {
    const cached = this.open.get(name);
    if (cached) {
      cached.usedAt = Date.now();
      this.open.delete(name);
      this.open.set(name, cached);
      return cached;
    }
    const file = workspaceFile(this.dataDir, name);
    if (!existsSync(file) && !create) throw new HistoryError('WORKSPACE_NOT_FOUND', `no history for workspace "${name}" on this server`, { workspace: name });
    mkdirSync(dirname(file), { recursive: true });
    // quick_check reads the whole file: once per process, not at every reopen after an idle close
    // (a room's first connection after a quiet minute must not wait for a scan of its history).
    const db = openStoreDatabase(file, { create: true, durability: this.durability, verify: !this.verified.has(file) });
    this.verified.add(file);
    let id: string | undefined;
    try {
      migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
      migrate(db, BRANCH_IDS_COMPONENT, BRANCH_IDS_MIGRATIONS);
      db.prepare("INSERT OR IGNORE INTO workspace_meta (key, value) VALUES ('id', ?), ('name', ?), ('default_branch', 'main')").run(newId(), name);
      id = readWorkspaceId(db);
    } catch (err) {
      db.close();
      throw err;
    }
    if (id === undefined) {
      db.close();
      throw new HistoryError('WORKSPACE_DAMAGED', `${file} has no workspace id`, { workspace: name });
    }
    const ws = { db, id, objects: new ObjectStore(db), usedAt: Date.now() };
    this.open.set(name, ws);
    this.ids.set(name, id);
    while (this.open.size > this.options.maxOpen) {
      const [oldest, o] = this.open.entries().next().value!;
      this.closeOne(oldest, o);
    }
    return ws;
  }

  exists(name: string): boolean {
    return this.open.has(name) || existsSync(workspaceFile(this.dataDir, name));
  }

  /**
   * Store pushed objects. A workspace is created only by a push that stores something: an empty or
   * refused push to an unknown workspace leaves no file behind.
   */
  putObjects(name: string, objects: Parameters<ObjectStore['put']>[0]): PutResult {
    if (this.exists(name)) return this.workspace(name, false).objects.put(objects);
    if (objects.length === 0) return { stored: 0, existing: 0 };
    const ws = this.workspace(name, true);
    let result: PutResult | undefined;
    try {
      result = ws.objects.put(objects);
      return result;
    } finally {
      if (!result || result.stored === 0) this.discard(name);
    }
  }

  /** Close and delete a workspace file this process just created for a write that stored nothing. */
  private discard(name: string): void {
    const ws = this.open.get(name);
    if (ws) this.closeOne(name, ws);
    this.ids.delete(name);
    const file = workspaceFile(this.dataDir, name);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }

  listBranches(workspace: string): Branch[] {
    return this.workspace(workspace, false).db.prepare<[], BranchRow>('SELECT name, head, protected FROM branches ORDER BY name').all().map(toBranch);
  }

  private branch(db: SqliteDatabase, name: string): Branch | undefined {
    const row = db.prepare<[string], BranchRow>('SELECT name, head, protected FROM branches WHERE name = ?').get(name);
    return row && toBranch(row);
  }

  private requireCommit(ws: OpenWorkspace, head: string): void {
    if (ws.objects.missing([{ type: 'commit', hash: head }]).length > 0) {
      throw new HistoryError('COMMIT_NOT_FOUND', `commit ${head} has not been pushed to this server`, { commit: head });
    }
  }

  createBranch(workspace: string, name: string, head: string): Branch {
    // The head must have been pushed, so a workspace that does not exist cannot hold it.
    if (!this.exists(workspace)) throw new HistoryError('COMMIT_NOT_FOUND', `commit ${head} has not been pushed to this server`, { commit: head });
    const ws = this.workspace(workspace, false);
    this.requireCommit(ws, head);
    return ws.db.transaction(() => {
      if (this.branch(ws.db, name)) throw new HistoryError('BRANCH_EXISTS', `branch "${name}" already exists`, { branch: name });
      // A branch that was a live room first keeps the room's id: both are one branch.
      ws.db.prepare('INSERT INTO branches (id, name, head, protected, upstream, created_at) VALUES (?, ?, ?, 0, NULL, ?)').run(ensureBranchId(ws.db, name), name, head, Date.now());
      return this.branch(ws.db, name)!;
    }).immediate();
  }

  updateBranch(workspace: string, name: string, head: string, expectedHead: string): Branch {
    const ws = this.workspace(workspace, false);
    this.requireCommit(ws, head);
    return ws.db.transaction(() => {
      const current = this.branch(ws.db, name);
      if (!current) throw new HistoryError('BRANCH_NOT_FOUND', `no branch "${name}"`, { branch: name });
      if (current.head !== expectedHead) {
        throw new HistoryError('BRANCH_MOVED', `branch "${name}" is at ${current.head}, not ${expectedHead}; pull and retry`, { branch: name, head: current.head });
      }
      ws.db.prepare('UPDATE branches SET head = ? WHERE name = ?').run(head, name);
      return this.branch(ws.db, name)!;
    }).immediate();
  }

  deleteBranch(workspace: string, name: string): void {
    const ws = this.workspace(workspace, false);
    const { changes } = ws.db.prepare('DELETE FROM branches WHERE name = ?').run(name);
    if (changes === 0) throw new HistoryError('BRANCH_NOT_FOUND', `no branch "${name}"`, { branch: name });
  }

  /**
   * The ids keying the live room of `workspace`/`branch`, created on first use (the workspace's
   * file too): the server resolves a room's names once, when a connection opens.
   */
  roomIds(workspace: string, branch: string): LiveDocIds {
    if (!isValidBranch(branch)) throw new HistoryError('STORE_INVALID_ARG', `invalid branch name "${branch.slice(0, 200)}"`, { branch: branch.slice(0, 200) });
    const ws = this.workspace(workspace, true);
    return { workspaceId: ws.id, branchId: ensureBranchId(ws.db, branch) };
  }

  /** The stable id of workspace `name`; undefined when it has no file. */
  idOf(name: string): string | undefined {
    return this.exists(name) ? this.workspace(name, false).id : undefined;
  }

  /** The ids of a branch the server already knows; undefined for an unknown workspace or branch. */
  findRoomIds(workspace: string, branch: string): LiveDocIds | undefined {
    if (!this.exists(workspace)) return undefined;
    const ws = this.workspace(workspace, false);
    const branchId = findBranchId(ws.db, branch);
    return branchId === undefined ? undefined : { workspaceId: ws.id, branchId };
  }

  /**
   * The current name of the branch with id `branchId` (a desktop's link follows a rename with it);
   * undefined for an unknown workspace or id. Never creates anything.
   */
  branchById(workspace: string, branchId: string): (LiveDocIds & { name: string }) | undefined {
    if (!this.exists(workspace)) return undefined;
    const ws = this.workspace(workspace, false);
    const name = findBranchName(ws.db, branchId);
    return name === undefined ? undefined : { workspaceId: ws.id, branchId, name };
  }

  /**
   * Rename a branch: its id stays, so its live room and its history (when it has any) follow the
   * new name, and the old name is free. One transaction: the name and the history pointer move together.
   */
  renameBranch(workspace: string, from: string, to: string): RenamedBranch {
    if (!isValidBranch(to)) throw new HistoryError('STORE_INVALID_ARG', `invalid branch name "${to.slice(0, 200)}"`, { branch: to.slice(0, 200) });
    if (!this.exists(workspace)) throw new HistoryError('BRANCH_NOT_FOUND', `no branch "${from}"`, { branch: from });
    const ws = this.workspace(workspace, false);
    return ws.db.transaction((): RenamedBranch => {
      const id = findBranchId(ws.db, from);
      if (id === undefined) throw new HistoryError('BRANCH_NOT_FOUND', `no branch "${from}"`, { branch: from });
      const done = (): RenamedBranch => ({ workspaceId: ws.id, branchId: id, name: to, from, branch: this.branch(ws.db, to) ?? null });
      if (from === to) return done();
      if (findBranchId(ws.db, to) !== undefined || this.branch(ws.db, to)) throw new HistoryError('BRANCH_EXISTS', `branch "${to}" already exists`, { branch: to });
      ws.db.prepare('UPDATE branch_ids SET name = ? WHERE id = ?').run(to, id);
      ws.db.prepare('UPDATE branches SET name = ? WHERE id = ?').run(to, id);
      ws.db.prepare("UPDATE workspace_meta SET value = ? WHERE key = 'default_branch' AND value = ?").run(to, from);
      return done();
    }).immediate();
  }

  /**
   * The name the workspace with stable id `id` has now (a client that linked it under an older name
   * asks). Files this process has not opened yet are opened once to learn their ids.
   */
  workspaceNameById(id: string): string | undefined {
    for (const [name, known] of this.ids) if (known === id && this.exists(name)) return name;
    for (const name of this.fileNames()) if (!this.ids.has(name) && this.workspace(name, false).id === id) return name;
    return undefined;
  }

  private fileNames(): string[] {
    try {
      return readdirSync(join(this.dataDir, 'workspaces'))
        .filter((f) => f.endsWith(WORKSPACE_FILE_SUFFIX))
        .map((f) => f.slice(0, -WORKSPACE_FILE_SUFFIX.length))
        .filter((n) => WORKSPACE_NAME.test(n))
        .sort();
    } catch {
      return [];
    }
  }

  /**
   * Rename the workspace's file, atomically: the database is checkpointed and closed (no WAL left
   * beside it), then one rename(2) moves it and the directory is fsynced, so after a crash the file
   * has the old name or the new one, never neither. Its id and everything inside stay. Repeating a
   * rename that is done (`from` gone, `to` holding `expectedId`) is a no-op: crash recovery re-runs it.
   */
  renameWorkspaceFile(from: string, to: string, expectedId?: string): { workspaceId: string } {
    const src = workspaceFile(this.dataDir, from);
    const dst = workspaceFile(this.dataDir, to);
    if (!existsSync(src)) {
      const done = existsSync(dst) ? this.workspace(to, false).id : undefined;
      if (done !== undefined && (expectedId === undefined || done === expectedId)) return { workspaceId: done };
      throw new HistoryError('WORKSPACE_NOT_FOUND', `no workspace "${from}" on this server`, { workspace: from });
    }
    if (existsSync(dst)) throw new HistoryError('NAME_TAKEN', `a workspace "${to}" exists`, { workspace: to });
    const ws = this.workspace(from, false);
    const workspaceId = ws.id;
    if (expectedId !== undefined && workspaceId !== expectedId) throw new HistoryError('WORKSPACE_NOT_FOUND', `"${from}" is another workspace now`, { workspace: from });
    ws.db.prepare("UPDATE workspace_meta SET value = ? WHERE key = 'name'").run(to);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    this.closeOne(from, ws);
    for (const side of [`${src}-wal`, `${src}-shm`]) {
      // Another connection (a second process) would keep a WAL with content: moving the file without it loses commits.
      if (side.endsWith('-wal') && existsSync(side) && statSync(side).size > 0) throw new HistoryError('WORKSPACE_BUSY', `"${from}" is open elsewhere; retry`, { workspace: from });
      rmSync(side, { force: true });
    }
    renameSync(src, dst);
    fsyncDir(dirname(dst));
    this.ids.delete(from);
    this.ids.set(to, workspaceId);
    this.verified.add(dst);
    return { workspaceId };
  }

  /** Every workspace file in the data directory with its id and branch ids (admin commands, migration checks). */
  catalog(): WorkspaceCatalog[] {
    return this.fileNames().map((name) => {
      const ws = this.workspace(name, false);
      const branches = ws.db.prepare<[], { name: string; id: string }>('SELECT name, id FROM branch_ids ORDER BY name').all();
      return { workspace: name, workspaceId: ws.id, branches };
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const ws of this.open.values()) ws.db.close();
    this.open.clear();
  }
}

/** Make a rename in `dir` durable (POSIX: the entry lives in the directory). */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
