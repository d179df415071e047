/**
 * Admin operations behind `oms-sync doctor | compact | backup | restore`. Plain functions returning
 * reports, so tests call them directly and the CLI only prints.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ServerConfig } from '../config';
import { SyncServerError } from '../errors';
import { readTokenFile } from '../extensions/static-token-auth';
import { OMS_APPLICATION_ID } from '../../main/services/store/sqlite-file';
import { databasePath, openServerStorage } from '../storage';
import type { CompactResult, DocKey } from '../../core/storage/doc-storage';

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
  const path = databasePath(config);
  if (!existsSync(path)) {
    checks.push({ name: 'storage', ok: true, detail: `${path} does not exist yet (created on first start)` });
    return checks;
  }
  try {
    const storage = openServerStorage(config);
    try {
      await storage.ping();
      const docs = await storage.listDocs();
      let bytes = 0;
      let updates = 0;
      for (const d of docs) {
        const s = await storage.docSize(d);
        bytes += s.bytes;
        updates += s.updates;
      }
      const integrity = storage.db.pragma('integrity_check', { simple: true });
      checks.push({ name: 'storage', ok: integrity === 'ok', detail: `${path}: ${docs.length} document(s), ${bytes} bytes, ${updates} log rows; integrity ${String(integrity)}` });
    } finally {
      await storage.close();
    }
  } catch (err) {
    checks.push({ name: 'storage', ok: false, detail: (err as Error).message });
  }
  return checks;
}

export async function compact(config: ServerConfig, filter: { workspace?: string; branch?: string }): Promise<Array<DocKey & CompactResult>> {
  const storage = openServerStorage(config);
  try {
    const docs = (await storage.listDocs(filter.workspace)).filter((d) => !filter.branch || d.branch === filter.branch);
    const out: Array<DocKey & CompactResult> = [];
    for (const d of docs) out.push({ ...d, ...(await storage.compactDoc(d)) });
    return out;
  } finally {
    await storage.close();
  }
}

/** SQLite's online backup: consistent even while the server is writing. */
export async function backup(config: ServerConfig, file: string): Promise<{ file: string; bytes: number }> {
  if (existsSync(file)) throw new SyncServerError('ADMIN_FAILED', `${file} exists; refusing to overwrite a backup`, { file });
  const storage = openServerStorage(config);
  try {
    await storage.db.backup(file);
  } finally {
    await storage.close();
  }
  return { file, bytes: statSync(file).size };
}

/**
 * Replace the server's database with a backup. The backup is verified as an OMS store first; the
 * copy goes through SQLite's backup API so the target's WAL is handled. Stop the server first.
 */
export async function restore(config: ServerConfig, file: string): Promise<{ from: string; to: string; documents: number }> {
  if (!existsSync(file)) throw new SyncServerError('ADMIN_FAILED', `no backup at ${file}`, { file });
  const target = databasePath(config);
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new SyncServerError('ADMIN_FAILED', `cannot open backup ${file}: ${(err as Error).message}`, { file });
  }
  try {
    // Checked read-only: a wrong or damaged file is refused before the live database is touched.
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
    mkdirSync(config.dataDir, { recursive: true });
    await source.backup(target);
  } finally {
    source.close();
  }
  const storage = openServerStorage(config);
  try {
    return { from: file, to: target, documents: (await storage.listDocs()).length };
  } finally {
    await storage.close();
  }
}
