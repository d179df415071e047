/**
 * Schema versions per component (doc storage, workspace store), so one file can hold several
 * components and each migrates on its own. A file written by a newer OMS is refused, never downgraded.
 */
import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-file';

export interface Migration {
  /** 1, 2, 3 … in order; `up` moves the schema from version-1 to version. */
  version: number;
  up(db: SqliteDatabase): void;
}

export function migrate(db: SqliteDatabase, component: string, migrations: readonly Migration[]): void {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS oms_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT');
    const row = db.prepare('SELECT version FROM oms_schema WHERE component = ?').get(component) as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > latest) {
      throw new StoreError('STORE_VERSION', `${db.name}: ${component} schema version ${current} is newer than this OMS understands (${latest}); upgrade OMS Studio`, { file: db.name, component, version: current, supported: latest });
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version > current) m.up(db);
    }
    db.prepare('INSERT INTO oms_schema (component, version) VALUES (?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version').run(component, latest);
  }).immediate();
}
