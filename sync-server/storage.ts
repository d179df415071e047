/**
 * The server's storage as configured. SQLite by default: the same SqliteDocStorage the desktop
 * uses (one implementation, one contract suite), in `$OMS_DATA_DIR/oms-sync.db`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DocStorage } from '../core/storage/doc-storage';
import { SqliteDocStorage } from '../main/services/store/sqlite-doc-storage';
import type { ServerConfig } from './config';

export const DB_FILE = 'oms-sync.db';

export function databasePath(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, DB_FILE);
}

export function openServerStorage(config: Pick<ServerConfig, 'dataDir' | 'durability'>): SqliteDocStorage {
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteDocStorage(databasePath(config), { durability: config.durability });
}

export type { DocStorage };
