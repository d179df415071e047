/**
 * The server's history: one commit-store file per workspace, `$OMS_DATA_DIR/workspaces/<name>.oms.sqlite`,
 * with the schema of main/services/store (so `oms` can open a copy of it), holding pushed objects and
 * the server's branch pointers. Branch moves are compare-and-swap: two desktops pushing to the same
 * branch cannot silently overwrite each other.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OmsError } from '../../core/errors';
import { newId } from '../../core/model';
import type { Branch } from '../../core/contract/history-api';
import { migrate } from '../../main/services/store/migrations';
import { workspaceFile } from '../../main/services/store/paths';
import { openStoreDatabase, type Durability, type SqliteDatabase } from '../../main/services/store/sqlite-file';
import { WORKSPACE_MIGRATIONS } from '../../main/services/store/workspace-schema';
import { ObjectStore } from './object-store';

export class HistoryError extends OmsError {}

interface OpenWorkspace {
  db: SqliteDatabase;
  objects: ObjectStore;
}

interface BranchRow {
  name: string;
  head: string;
  protected: number;
}

const toBranch = (r: BranchRow): Branch => ({ name: r.name, head: r.head, protected: r.protected === 1 });

export class HistoryStore {
  private readonly open = new Map<string, OpenWorkspace>();

  constructor(
    private readonly dataDir: string,
    private readonly durability: Durability,
  ) {}

  /** The workspace's store; created on first write, 404 on reads of a workspace never pushed. */
  workspace(name: string, create: boolean): OpenWorkspace {
    const cached = this.open.get(name);
    if (cached) return cached;
    const file = workspaceFile(this.dataDir, name);
    if (!existsSync(file) && !create) throw new HistoryError('WORKSPACE_NOT_FOUND', `no history for workspace "${name}" on this server`, { workspace: name });
    mkdirSync(dirname(file), { recursive: true });
    const db = openStoreDatabase(file, { create: true, durability: this.durability });
    try {
      migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
      db.prepare("INSERT OR IGNORE INTO workspace_meta (key, value) VALUES ('id', ?), ('name', ?), ('default_branch', 'main')").run(newId(), name);
    } catch (err) {
      db.close();
      throw err;
    }
    const ws = { db, objects: new ObjectStore(db) };
    this.open.set(name, ws);
    return ws;
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
    const ws = this.workspace(workspace, true);
    this.requireCommit(ws, head);
    return ws.db.transaction(() => {
      if (this.branch(ws.db, name)) throw new HistoryError('BRANCH_EXISTS', `branch "${name}" already exists`, { branch: name });
      ws.db.prepare('INSERT INTO branches (id, name, head, protected, upstream, created_at) VALUES (?, ?, ?, 0, NULL, ?)').run(newId(), name, head, Date.now());
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

  close(): void {
    for (const ws of this.open.values()) ws.db.close();
    this.open.clear();
  }
}
