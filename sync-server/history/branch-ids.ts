/**
 * The server's one authority for branch identity, kept in each workspace's file next to its
 * history: `branch_ids(name → id)` names every branch the server knows, whether it has history
 * (a `branches` row, which then carries the same id) or only a live room. Live documents are keyed
 * by these ids (see live-doc-key.ts), so renaming a branch is one row here and keeps both its room
 * and its history.
 *
 * A server-only schema component ('sync-server-branch-ids'): the desktop's `oms` can still open a
 * copy of the file and ignores the table.
 */
import { newId } from '../../core/model';
import type { Migration } from '../../main/services/store/migrations';
import type { SqliteDatabase } from '../../main/services/store/sqlite-file';

export const BRANCH_IDS_COMPONENT = 'sync-server-branch-ids';

export const BRANCH_IDS_MIGRATIONS: Migration[] = [
  {
    version: 1,
    up(db) {
      // Branches pushed before this table existed keep the ids their history already has.
      db.exec(`
        CREATE TABLE branch_ids (name TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE) STRICT;
        INSERT INTO branch_ids (name, id) SELECT name, id FROM branches;
      `);
    },
  },
];

export function readWorkspaceId(db: SqliteDatabase): string | undefined {
  return db.prepare<[], { value: string }>("SELECT value FROM workspace_meta WHERE key = 'id'").get()?.value;
}

export function findBranchId(db: SqliteDatabase, name: string): string | undefined {
  return db.prepare<[string], { id: string }>('SELECT id FROM branch_ids WHERE name = ?').get(name)?.id;
}

/** The name branch `id` has now (it follows renames); undefined for an id this workspace never had. */
export function findBranchName(db: SqliteDatabase, id: string): string | undefined {
  return db.prepare<[string], { name: string }>('SELECT name FROM branch_ids WHERE id = ?').get(id)?.name;
}

/**
 * The id of branch `name`, created on first use. Under an IMMEDIATE transaction (or the caller's),
 * so two first uses — two connections, two server processes — agree on one id.
 */
export function ensureBranchId(db: SqliteDatabase, name: string): string {
  // Every connection asks: the common case (known) is one read, no write lock.
  const known = db.inTransaction ? undefined : findBranchId(db, name);
  if (known) return known;
  const run = (): string => {
    const found = findBranchId(db, name);
    if (found) return found;
    const id = newId();
    db.prepare('INSERT INTO branch_ids (name, id) VALUES (?, ?)').run(name, id);
    return id;
  };
  return db.inTransaction ? run() : db.transaction(run).immediate();
}
