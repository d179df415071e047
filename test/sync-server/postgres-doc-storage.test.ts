/**
 * PostgresDocStorage against a real PostgreSQL (OMS_TEST_PG_URL, default the one .ci/services.sh
 * starts). Every test gets its own fresh database, dropped afterwards. Without a reachable server
 * the suites skip and say why.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OmsError } from '../../core/errors';
import type { DocKey } from '../../core/storage/doc-storage';
import { loadConfig } from '../../sync-server/config';
import { createLogger } from '../../sync-server/logger';
import { SyncServer } from '../../sync-server/server';
import { DB_FILE } from '../../sync-server/storage';
import { backup, compact, doctor } from '../../sync-server/admin/commands';
import { PostgresDocStorage } from '../../sync-server/storage/postgres-doc-storage';
import { rng } from '../bench/lib';
import { runDocStorageContract } from '../contract/doc-storage.contract';
import * as Y from 'yjs';
import { freshDatabase, probePostgres } from './postgres-fixture';
import { ADMIN_TOKEN, connectClient, storedKey, synced, tempDir, writeTokens } from './helpers';

const unreachable = await probePostgres();
if (unreachable) console.warn(`postgres-doc-storage tests SKIPPED: ${unreachable}`);

/** Poll PostgreSQL itself (not the server) until the doc's notes read `text`. */
async function untilStored(storage: PostgresDocStorage, key: DocKey, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await storage.loadDoc(key);
    const doc = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(doc, u);
    const notes = doc.getText('notes').toString();
    doc.destroy();
    if (notes === text) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for PostgreSQL to hold notes "${text}" (has "${notes}")`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PostgresDocStorage without a database', () => {
  it('reports an unreachable server as STORAGE_UNAVAILABLE from ping (what /health/ready shows)', async () => {
    const storage = new PostgresDocStorage('postgres://oms:secret@127.0.0.1:1/none', { connectTimeoutMs: 2000 });
    try {
      const err = await storage.ping().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OmsError);
      expect((err as OmsError).code).toBe('STORAGE_UNAVAILABLE');
      expect((err as Error).message).not.toContain('secret');
    } finally {
      await storage.close();
    }
    const closed = await storage.loadDoc({ workspace: 'a', branch: 'b' }).catch((e: unknown) => e);
    expect((closed as OmsError).code).toBe('STORAGE_CLOSED');
  });

  it('oms-sync with an unreachable OMS_DB starts and answers /health/ready 503 STORAGE_UNAVAILABLE', async () => {
    const t = tempDir();
    const config = loadConfig({
      env: { OMS_DB: 'postgres://oms:secret@127.0.0.1:1/none', OMS_DATA_DIR: t.dir, OMS_TOKENS: writeTokens(t.dir), OMS_HOST: '127.0.0.1', OMS_PORT: '0' },
    });
    const server = new SyncServer({ config, logger: createLogger('silent') });
    try {
      const { port } = await server.listen();
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { storage: { ok: boolean; error?: string } };
      expect(body.storage.ok).toBe(false);
      // Unauthenticated readiness carries no storage error text; a server-wide admin sees it.
      expect(body.storage.error).toBeUndefined();
      const detailed = await fetch(`http://127.0.0.1:${port}/health/detailed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const full = (await detailed.json()) as { storage: { ok: boolean; error?: string } };
      expect(full.storage.error).toMatch(/PostgreSQL unavailable/);
      expect(full.storage.error).not.toContain('secret');
    } finally {
      await server.close();
      t.cleanup();
    }
  });

  it('config accepts OMS_DB only as a postgres URL', () => {
    expect(loadConfig({ env: { OMS_DB: 'postgresql://u@h/db', OMS_DB_POOL_SIZE: '3' } })).toMatchObject({ db: 'postgresql://u@h/db', dbPoolSize: 3 });
    expect(loadConfig({ env: {} }).db).toBeUndefined();
    let err: unknown;
    try {
      loadConfig({ env: { OMS_DB: 'mysql://u@h/db' } });
    } catch (e) {
      err = e;
    }
    expect((err as OmsError).code).toBe('CONFIG_INVALID');
    expect((err as Error).message).toContain('OMS_DB');
  });
});

describe.skipIf(unreachable !== null)('PostgresDocStorage', () => {
  runDocStorageContract('PostgresDocStorage (real PostgreSQL, small pool, small compaction chunks)', async () => {
    const db = await freshDatabase();
    const open = () => new PostgresDocStorage(db.url, { poolSize: 3, compactChunkRows: 64 });
    let storage = open();
    return {
      storage,
      async reopen() {
        await storage.close();
        storage = open();
        return storage;
      },
      async cleanup() {
        await storage.close();
        await db.drop();
      },
    };
  });

  const dbs: Array<{ drop(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('gives every update of concurrent writers in two processes (two pools) exactly one seq', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const a = new PostgresDocStorage(db.url, { poolSize: 4 });
    const b = new PostgresDocStorage(db.url, { poolSize: 4 });
    const key = { workspace: 'acme', branch: 'main' };
    const seed = Date.now() % 100_000;
    const rand = rng(seed);
    try {
      // Batches of 1–4 distinct payloads, all in flight at once from both instances.
      const batches = Array.from({ length: 120 }, (_, i) =>
        Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, j) => new TextEncoder().encode(`batch ${i} update ${j}`)),
      );
      const results = await Promise.all(batches.map((batch, i) => (i % 2 === 0 ? a : b).appendUpdates(key, batch)));
      const total = batches.reduce((n, batch) => n + batch.length, 0);
      const loaded = await b.loadDoc(key);
      expect(loaded.seq, `seed ${seed}`).toBe(total);
      expect(loaded.updates.length, `seed ${seed}`).toBe(total);
      // Each batch occupies exactly the seqs ending at its returned seq, contiguously and in order.
      const decoded = loaded.updates.map((u) => new TextDecoder().decode(u));
      batches.forEach((batch, i) => {
        const last = results[i]!.seq;
        const stored = decoded.slice(last - batch.length, last);
        expect(stored, `batch ${i}, seed ${seed}`).toEqual(batch.map((u) => new TextDecoder().decode(u)));
      });
      expect(new Set(decoded).size).toBe(total);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('creates the schema once when two instances start together, and refuses a newer schema', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const a = new PostgresDocStorage(db.url, { poolSize: 2 });
    const b = new PostgresDocStorage(db.url, { poolSize: 2 });
    try {
      await Promise.all([a.ready(), b.ready(), a.ping(), b.ping()]);
      await a.pool.query(`UPDATE oms_schema SET version = version + 1`);
      const c = new PostgresDocStorage(db.url, { poolSize: 1 });
      const err = await c.ping().catch((e: unknown) => e);
      await c.close();
      expect(err).toBeInstanceOf(OmsError);
      expect((err as OmsError).code).toBe('STORAGE_SCHEMA_VERSION');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('oms-sync with OMS_DB keeps a y-websocket client’s edits in PostgreSQL across a restart', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const t = tempDir();
    const config = loadConfig({
      env: { OMS_DB: db.url, OMS_DB_POOL_SIZE: '2', OMS_DATA_DIR: t.dir, OMS_TOKENS: writeTokens(t.dir), OMS_HOST: '127.0.0.1', OMS_PORT: '0' },
    });
    expect(config.db).toBe(db.url);
    const probeStorage = new PostgresDocStorage(db.url, { poolSize: 1 });
    let server = new SyncServer({ config, logger: createLogger('silent') });
    try {
      const { port } = await server.listen();
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      const writer = connectClient(`ws://127.0.0.1:${port}`, 'acme', 'main');
      await synced(writer);
      writer.doc.getMap('entities').set('e1', { name: 'Customer' });
      writer.doc.getText('notes').insert(0, 'stored in postgres');
      await untilStored(probeStorage, storedKey(t.dir, 'acme', 'main'), 'stored in postgres');
      writer.destroy();
      await server.close();

      server = new SyncServer({ config, logger: createLogger('silent') });
      const again = await server.listen();
      const reader = connectClient(`ws://127.0.0.1:${again.port}`, 'acme', 'main');
      await synced(reader);
      expect(reader.doc.getMap('entities').toJSON()).toEqual({ e1: { name: 'Customer' } });
      expect(reader.doc.getText('notes').toString()).toBe('stored in postgres');
      reader.destroy();
      expect(await probeStorage.listDocs()).toEqual([storedKey(t.dir, 'acme', 'main')]);
      expect(existsSync(join(t.dir, DB_FILE))).toBe(false);
    } finally {
      await server.close();
      await probeStorage.close();
      t.cleanup();
    }
  });
  it('admin doctor, compact and /health/detailed act on PostgreSQL when OMS_DB is set; backup refuses with a pg_dump hint', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const t = tempDir();
    const config = loadConfig({ env: { OMS_DB: db.url, OMS_DATA_DIR: t.dir, OMS_TOKENS: writeTokens(t.dir), OMS_HOST: '127.0.0.1', OMS_PORT: '0' } });
    const storage = new PostgresDocStorage(db.url, { poolSize: 1 });
    try {
      const key = { workspace: 'acme', branch: 'main' };
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 5; i++) doc.getText('t').insert(0, 'x');
      await storage.appendUpdates(key, updates);

      const checks = await doctor(config);
      const storageCheck = checks.find((c) => c.name === 'storage');
      expect(storageCheck?.ok).toBe(true);
      expect(storageCheck?.detail).toContain('1 document(s)');
      expect(storageCheck?.detail).toContain(':***@');
      expect(storageCheck?.detail).not.toContain(`:${new URL(db.url).password}@`);
      const [result] = await compact(config, {});
      expect(result).toMatchObject({ workspace: 'acme', branch: 'main', updatesBefore: 5, updatesAfter: 0 });
      expect((await storage.docSize(key)).updates).toBe(0);
      await expect(backup(config, join(t.dir, 'b.db'))).rejects.toMatchObject({ code: 'ADMIN_FAILED', message: expect.stringContaining('pg_dump') });
      expect(existsSync(join(t.dir, DB_FILE))).toBe(false);

      const server = new SyncServer({ config, logger: createLogger('silent') });
      try {
        const { port } = await server.listen();
        const res = await fetch(`http://127.0.0.1:${port}/health/detailed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { storage: { kind: string } }).storage.kind).toBe('postgresql');
      } finally {
        await server.close();
      }
    } finally {
      await storage.close();
      t.cleanup();
    }
  });
});
