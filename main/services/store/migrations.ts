/**
 * Schema versions per component (doc storage, workspace store), so one file can hold several
 * components and each migrates on its own. A file written by a newer OMS is refused, never downgraded.
 *
 * An up-to-date file is only read (no write transaction): readers must open a read-only store and
 * must not wait for a writer that holds the lock.
 */
import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-file';

export interface Migration {
  /** 1, 2, 3 … in order; `up` moves the schema from version-1 to version. */
  version: number;
  up(db: SqliteDatabase): void;
}

function currentVersion(db: SqliteDatabase, component: string): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'oms_schema'").get() !== undefined;
  if (!hasTable) return 0;
  const row = db.prepare('SELECT version FROM oms_schema WHERE component = ?').get(component) as { version: number } | undefined;
  return row?.version ?? 0;
}

function refuseNewer(db: SqliteDatabase, component: string, current: number, latest: number): void {
  if (current > latest) {
    throw new StoreError('STORE_VERSION', `${db.name}: ${component} schema version ${current} is newer than this OMS understands (${latest}); upgrade OMS Studio`, { file: db.name, component, version: current, supported: latest });
  }
}

export function migrate(db: SqliteDatabase, component: string, migrations: readonly Migration[], opts: { readOnly?: boolean } = {}): void {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const seen = currentVersion(db, component);
  refuseNewer(db, component, seen, latest);
  if (seen === latest) return;
  if (opts.readOnly || db.readonly) {
    throw new StoreError('STORE_READ_ONLY', `${db.name}: ${component} schema version ${seen} needs an upgrade to ${latest}, which needs write access; open it once with write access`, { file: db.name, component, version: seen, supported: latest });
  }
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS oms_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT');
    // Another process may have migrated between our read and taking the lock.
    const current = currentVersion(db, component);
    refuseNewer(db, component, current, latest);
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version > current) m.up(db);
    }
    db.prepare('INSERT INTO oms_schema (component, version) VALUES (?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version').run(component, latest);
  }).immediate();
}
