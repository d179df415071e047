/**
 * Admin operations behind `oms-sync doctor | compact | backup | restore`. Plain functions returning
 * reports, so tests call them directly and the CLI only prints.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ServerConfig } from '../config';
import { SyncServerError } from '../errors';
import { readTokenFile } from '../extensions/static-token-auth';
import { WORKSPACE_FILE_SUFFIX } from '../../main/services/store/paths';
import { OMS_APPLICATION_ID } from '../../main/services/store/sqlite-file';
import { databasePath, openDocStorage, openServerStorage, storageLabel } from '../storage';
import type { CompactResult, DocKey, DocStorage } from '../../core/storage/doc-storage';
import { HistoryStore } from '../history/history-store';
import { isLiveDocKey, liveDocKey } from '../live-doc-key';
import { roomId } from '../room-registry';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export async function doctor(config: ServerConfig): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [{ name: 'config', ok: true, detail: `port ${config.port}, host ${config.host}, data ${config.dataDir}` }];
  if (config.tokensFile) {
    try {
      const tokens = readTokenFile(config.tokensFile);
      const expired = tokens.filter((t) => t.expiresAt && Date.parse(t.expiresAt) <= Date.now()).length;
      checks.push({ name: 'auth', ok: true, detail: `${tokens.length} static token(s) in ${config.tokensFile}${expired ? `, ${expired} expired` : ''}` });
    } catch (err) {
      checks.push({ name: 'auth', ok: false, detail: (err as Error).message });
    }
  } else {
    checks.push({ name: 'auth', ok: config.insecureNoAuth, detail: config.insecureNoAuth ? 'DISABLED (--insecure-no-auth)' : 'no OMS_TOKENS configured; the server refuses to start' });
  }
  if (config.db) {
    checks.push(await storageCheck(config));
    return checks;
  }
  const path = databasePath(config);
  if (!existsSync(path)) {
    checks.push({ name: 'storage', ok: true, detail: `${path} does not exist yet (created on first start)` });
    return checks;
  }
  try {
    const storage = openServerStorage(config);
    try {
      const totals = await storageTotals(storage);
      const integrity = storage.db.pragma('integrity_check', { simple: true });
      checks.push({ name: 'storage', ok: integrity === 'ok', detail: `${path}: ${totals}; integrity ${String(integrity)}` });
    } finally {
      await storage.close();
    }
  } catch (err) {
    checks.push({ name: 'storage', ok: false, detail: (err as Error).message });
  }
  return checks;
}

/** Ping, then documents, bytes and log rows over every stored doc, as one line for `doctor`. */
async function storageTotals(storage: DocStorage): Promise<string> {
  await storage.ping();
  const docs = await storage.listDocs();
  let bytes = 0;
  let updates = 0;
  for (const d of docs) {
    const size = await storage.docSize(d);
    bytes += size.bytes;
    updates += size.updates;
  }
  return `${docs.length} document(s), ${bytes} bytes, ${updates} log rows`;
}

/** PostgreSQL: reachability and totals (integrity is the database's own business). */
async function storageCheck(config: ServerConfig): Promise<DoctorCheck> {
  const storage = openDocStorage(config);
  try {
    return { name: 'storage', ok: true, detail: `${storageLabel(config)}: ${await storageTotals(storage)}` };
  } catch (err) {
    return { name: 'storage', ok: false, detail: `${storageLabel(config)}: ${(err as Error).message}` };
  } finally {
    await storage.close();
  }
}

/** Backup and restore copy SQLite files; a PostgreSQL log is backed up with the database's own tools. */
function refuseForPostgres(config: ServerConfig, what: string): void {
  if (config.db) {
    throw new SyncServerError('ADMIN_FAILED', `${what} copies the SQLite files in ${config.dataDir}; live documents are in PostgreSQL (${storageLabel(config)}): back them up with pg_dump`);
  }
}

/** Names of every stored live doc: id keys through the workspace files' branch ids (old name keys as they are). */
function namesOfDocs(config: ServerConfig): (key: DocKey) => DocKey | undefined {
  const history = new HistoryStore(config.dataDir, config.durability);
  const names = new Map<string, DocKey>();
  try {
    for (const ws of history.catalog()) {
      for (const b of ws.branches) names.set(roomId(liveDocKey({ workspaceId: ws.workspaceId, branchId: b.id })), { workspace: ws.workspace, branch: b.name });
    }
  } finally {
    history.close();
  }
  return (key) => (isLiveDocKey(key) ? names.get(roomId(key)) : key);
}

/**
 * Compact live docs, filtered by workspace and branch *names*. A doc whose ids no workspace file
 * names (its file was removed by hand) is compacted only when no filter is given, listed by its key.
 */
export async function compact(config: ServerConfig, filter: { workspace?: string; branch?: string }): Promise<Array<DocKey & CompactResult>> {
  const nameOf = namesOfDocs(config);
  const storage = openDocStorage(config);
  try {
    const out: Array<DocKey & CompactResult> = [];
    for (const d of await storage.listDocs()) {
      const named = nameOf(d);
      if ((filter.workspace || filter.branch) && !named) continue;
      if (filter.workspace && named!.workspace !== filter.workspace) continue;
      if (filter.branch && named!.branch !== filter.branch) continue;
      out.push({ ...(named ?? d), ...(await storage.compactDoc(d)) });
    }
    return out;
  } finally {
    await storage.close();
  }
}

/** History files (`workspaces/<name>.oms.sqlite`) kept next to the live database. */
function historyFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(WORKSPACE_FILE_SUFFIX));
  } catch {
    return [];
  }
}

/** Where `backup <file>` puts the history files: a sibling folder `<file>.workspaces/`. */
export const historyBackupDir = (file: string): string => `${file}.workspaces`;

/** Open a backup file read-only and refuse it unless it is an intact OMS store. */
function openVerified(file: string): Database.Database {
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new SyncServerError('ADMIN_FAILED', `cannot open backup ${file}: ${(err as Error).message}`, { file });
  }
  try {
    let appId: unknown;
    let check: unknown;
    try {
      appId = source.pragma('application_id', { simple: true });
      check = source.pragma('quick_check', { simple: true });
    } catch (err) {
      throw new SyncServerError('ADMIN_FAILED', `${file} is not a readable SQLite database: ${(err as Error).message}`, { file });
    }
    if (appId !== OMS_APPLICATION_ID) throw new SyncServerError('ADMIN_FAILED', `${file} is not an OMS store (application_id ${String(appId)})`, { file });
    if (check !== 'ok') throw new SyncServerError('ADMIN_FAILED', `${file} failed its integrity check: ${String(check)}`, { file });
    return source;
  } catch (err) {
    source.close();
    throw err;
  }
}

/**
 * SQLite's online backup (consistent even while the server is writing) of the live database to
 * `file` and of every workspace history file to `<file>.workspaces/`.
 */
export async function backup(config: ServerConfig, file: string): Promise<{ file: string; bytes: number; workspaces: string[] }> {
  refuseForPostgres(config, 'backup');
  if (existsSync(file) || existsSync(historyBackupDir(file))) throw new SyncServerError('ADMIN_FAILED', `${file} exists; refusing to overwrite a backup`, { file });
  const storage = openServerStorage(config);
  try {
    await storage.db.backup(file);
  } finally {
    await storage.close();
  }
  const dir = join(config.dataDir, 'workspaces');
  const names = historyFiles(dir);
  if (names.length > 0) mkdirSync(historyBackupDir(file));
  for (const name of names) {
    const db = new Database(join(dir, name), { fileMustExist: true });
    try {
      await db.backup(join(historyBackupDir(file), name));
    } finally {
      db.close();
    }
  }
  return { file, bytes: statSync(file).size, workspaces: names.map((n) => n.slice(0, -WORKSPACE_FILE_SUFFIX.length)) };
}

/**
 * Replace the server's databases with a backup. Every file is verified as an intact OMS store before
 * anything is replaced; copies go through SQLite's backup API so the targets' WAL is handled.
 * Stop the server first.
 */
export async function restore(config: ServerConfig, file: string): Promise<{ from: string; to: string; documents: number; workspaces: string[] }> {
  refuseForPostgres(config, 'restore');
  if (!existsSync(file)) throw new SyncServerError('ADMIN_FAILED', `no backup at ${file}`, { file });
  const names = historyFiles(historyBackupDir(file));
  const sources = [{ source: openVerified(file), target: databasePath(config) }];
  try {
    for (const name of names) sources.push({ source: openVerified(join(historyBackupDir(file), name)), target: join(config.dataDir, 'workspaces', name) });
    mkdirSync(join(config.dataDir, 'workspaces'), { recursive: true });
    for (const { source, target } of sources) await source.backup(target);
  } finally {
    for (const { source } of sources) source.close();
  }
  const storage = openServerStorage(config);
  try {
    return { from: file, to: databasePath(config), documents: (await storage.listDocs()).length, workspaces: names.map((n) => n.slice(0, -WORKSPACE_FILE_SUFFIX.length)) };
  } finally {
    await storage.close();
  }
}
