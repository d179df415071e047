import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, DetailedHealthSchema, HealthSchema, ReadinessSchema } from '../../core/contract/sync-api';
import { loadConfig } from '../../sync-server/config';
import { openServerStorage } from '../../sync-server/storage';
import { ADMIN_TOKEN, closeOf, connectClient, firstMessage, rawSocket, startServer, synced, tempDir, TOKEN, waitFor, writeTokens, type TestServer, storedKey } from './helpers';

describe('health and metrics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(() => t.stop());

  it('serves /health, /health/live and /health/ready (storage ping) with request ids', async () => {
    const h = await fetch(`${t.http}/health`, { headers: { 'x-request-id': 'req-123' } });
    expect(h.status).toBe(200);
    expect(h.headers.get('x-request-id')).toBe('req-123');
    expect(HealthSchema.parse(await h.json()).status).toBe('ok');
    expect((await fetch(`${t.http}/health/live`)).status).toBe(200);
    const ready = ReadinessSchema.parse(await (await fetch(`${t.http}/health/ready`)).json());
    expect(ready).toEqual({ status: 'ok', storage: { ok: true }, shuttingDown: false });
    const missing = await fetch(`${t.http}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('protects /health/detailed: 401 without a token, 403 for an editor, rooms for an admin', async () => {
    expect((await fetch(`${t.http}/health/detailed`)).status).toBe(401);
    expect((await fetch(`${t.http}/health/detailed`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(403);
    const c = connectClient(t.url, 'acme', 'health');
    try {
      await synced(c);
      const res = await fetch(`${t.http}/health/detailed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
      const body = DetailedHealthSchema.parse(await res.json());
      expect(body.rooms).toContainEqual(expect.objectContaining({ workspace: 'acme', branch: 'health', state: 'ready', connections: 1 }));
      expect(body.storage.ok).toBe(true);
      expect(body.connections).toBe(1);
    } finally {
      c.destroy();
    }
  });

  it('exposes Prometheus metrics for connections, rooms, messages, bytes and persist latency', async () => {
    const a = connectClient(t.url, 'acme', 'metrics');
    const b = connectClient(t.url, 'acme', 'metrics');
    try {
      await Promise.all([synced(a), synced(b)]);
      a.doc.getMap('m').set('x', 1);
      await waitFor(() => b.doc.getMap('m').get('x') === 1, 'update');
      const res = await fetch(`${t.http}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await res.text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      expect(value('oms_sync_connections')).toBe(2);
      expect(value('oms_sync_rooms')).toBeGreaterThanOrEqual(1);
      expect(value('oms_sync_messages_in_total')).toBeGreaterThan(0);
      expect(value('oms_sync_messages_out_total')).toBeGreaterThan(0);
      expect(value('oms_sync_bytes_in_total')).toBeGreaterThan(0);
      expect(value('oms_sync_persist_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/oms_sync_messages_by_kind_total\{kind="update"\} [1-9]/);
      expect(text).toContain('process_resident_memory_bytes');
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});

describe('graceful shutdown', () => {
  it('flushes every room, closes clients with 1012 and closes storage', async () => {
    const d = tempDir();
    const t = await startServer({}, {}, d.dir);
    const ws = await rawSocket(`${t.url}/ws/acme/shutdown?token=${TOKEN}`);
    await firstMessage(ws);
    const closed = closeOf(ws);
    const doc = new Y.Doc();
    doc.getMap('m').set('last', 'write');
    const update = Y.encodeStateAsUpdate(doc);
    ws.send(Uint8Array.from([0, 2, update.length, ...update]));
    // Shut down right behind the write: it is pending in the room, not yet durable.
    await waitFor(() => t.server.rooms.rooms.size === 1 && [...t.server.rooms.rooms.values()][0]!.storedBytes > 0, 'update applied');
    await t.server.close();
    expect((await closed).code).toBe(CloseCode.SERVICE_RESTART);
    expect(t.server.flushedCleanly).toBe(true);
    const storage = openServerStorage({ dataDir: t.dir, durability: 'normal' });
    const stored = await storage.loadDoc(storedKey(t.dir, 'acme', 'shutdown'));
    await storage.close();
    const check = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(check, u);
    expect(check.getMap('m').get('last')).toBe('write');
    d.cleanup();
  });
});

describe('configuration', () => {
  it('layers defaults < file < env < flags and resolves paths', () => {
    const d = tempDir();
    try {
      const file = `${d.dir}/config.json`;
      writeFileSync(file, JSON.stringify({ port: 9000, limits: { maxMessageBytes: 1000 }, logLevel: 'warn' }));
      const c = loadConfig({ configFile: file, env: { OMS_PORT: '9100', OMS_MAX_CONNECTIONS_PER_IP: '7', OMS_TOKENS: writeTokens(d.dir) }, overrides: { logLevel: 'error' } });
      expect(c.port).toBe(9100);
      expect(c.limits.maxMessageBytes).toBe(1000);
      expect(c.limits.maxConnectionsPerIp).toBe(7);
      expect(c.limits.heartbeatMs).toBe(30_000);
      expect(c.logLevel).toBe('error');
      expect(c.tokensFile?.startsWith('/')).toBe(true);
    } finally {
      d.cleanup();
    }
  });

  it('reports every invalid value with its key and where it came from', () => {
    let message = '';
    try {
      loadConfig({ env: { OMS_PORT: 'eighty', OMS_MAX_MESSAGE_BYTES: '-5', OMS_LOG_LEVEL: 'loud' } });
    } catch (err) {
      message = (err as Error).message;
      expect((err as { code?: string }).code).toBe('CONFIG_INVALID');
    }
    expect(message).toMatch(/port: .*\(from OMS_PORT\)/);
    expect(message).toMatch(/limits\.maxMessageBytes: .*\(from OMS_MAX_MESSAGE_BYTES\)/);
    expect(message).toMatch(/logLevel: .*\(from OMS_LOG_LEVEL\)/);
  });

  it('rejects unknown keys and unreadable files', () => {
    const d = tempDir();
    try {
      const file = `${d.dir}/bad.json`;
      writeFileSync(file, JSON.stringify({ prot: 1 }));
      expect(() => loadConfig({ configFile: file, env: {} })).toThrow(/Unrecognized key.*prot|prot/);
      expect(() => loadConfig({ configFile: `${d.dir}/missing.json`, env: {} })).toThrow(/cannot read config file/);
    } finally {
      d.cleanup();
    }
  });
});
