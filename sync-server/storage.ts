/**
 * The server's storage as configured. SQLite by default: the same SqliteDocStorage the desktop
 * uses (one implementation, one contract suite), in `$OMS_DATA_DIR/oms-sync.db`. With `db`
 * (`OMS_DB=postgres://…`) live documents go to PostgreSQL instead, shared by every server process.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DocStorage } from '../core/storage/doc-storage';
import { SqliteDocStorage } from '../main/services/store/sqlite-doc-storage';
import type { ServerConfig } from './config';
import { GroupCommitStorage } from './storage/group-commit';
import { PostgresDocStorage } from './storage/postgres-doc-storage';

export const DB_FILE = 'oms-sync.db';

export function databasePath(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, DB_FILE);
}

export function openServerStorage(config: Pick<ServerConfig, 'dataDir' | 'durability'>): SqliteDocStorage {
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteDocStorage(databasePath(config), { durability: config.durability });
}

/** Live-document storage (admin commands): PostgreSQL when `db` is set, else SQLite. */
export function openDocStorage(config: Pick<ServerConfig, 'dataDir' | 'durability' | 'db' | 'dbPoolSize'>): DocStorage {
  if (config.db) return new PostgresDocStorage(config.db, { poolSize: config.dbPoolSize, durability: config.durability });
  return openServerStorage(config);
}

/** Storage of the running server: as openDocStorage, with SQLite appends group-committed across rooms. */
export function openLiveStorage(config: Pick<ServerConfig, 'dataDir' | 'durability' | 'db' | 'dbPoolSize'>): DocStorage {
  if (config.db) return openDocStorage(config);
  return new GroupCommitStorage(openServerStorage(config));
}

export type { DocStorage };

/** Where live documents are, for logs and health: the SQLite path, or the PostgreSQL URL without its password. */
export function storageLabel(config: Pick<ServerConfig, 'dataDir' | 'db'>): string {
  if (!config.db) return databasePath(config);
  try {
    const url = new URL(config.db);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgresql (unparsable URL)';
  }
}

export function storageKind(config: Pick<ServerConfig, 'db'>): 'sqlite' | 'postgresql' {
  return config.db ? 'postgresql' : 'sqlite';
}
