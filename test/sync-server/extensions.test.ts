/**
 * The extension pipeline: fixed stage order whatever the registration order, a later-issue RBAC
 * extension can drop writes per message, an audit extension sees durable batches; and a failing
 * store is surfaced (writers closed with 1011, health degraded, retried until durable), never
 * dropped and never a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, DetailedHealthSchema } from '../../core/contract/sync-api';
import { ExtensionPipeline } from '../../sync-server/extensions/pipeline';
import type { ChangeContext, Extension, MessageContext, MessageVerdict } from '../../sync-server/extensions/types';
import { openServerStorage } from '../../sync-server/storage';
import { ADMIN_TOKEN, closeOf, connectClient, faultyStorage, firstMessage, rawSocket, startServer, synced, tempDir, TOKEN, waitFor, type TestServer, storedKey } from './helpers';

describe('extension pipeline', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('runs hooks in stage order limits → auth → rbac → persistence → audit → observe', async () => {
    const calls: string[] = [];
    const ext = (name: string, stage: Extension['stage']): Extension => ({ name, stage, onMessage: () => void calls.push(name) });
    const p = new ExtensionPipeline([ext('obs', 'observe'), ext('aud', 'audit'), ext('per', 'persistence'), ext('rb', 'rbac'), ext('au', 'auth'), ext('li', 'limits'), ext('rb2', 'rbac')]);
    p.message({ connection: { id: 1, requestId: 'r', ip: '', key: { workspace: 'w', branch: 'b' }, principal: null }, kind: 'update', bytes: 1 });
    expect(calls).toEqual(['li', 'au', 'rb', 'rb2', 'per', 'aud', 'obs']);
  });

  it('lets an rbac extension drop writes while presence still flows, and an audit extension see durable batches', async () => {
    const audited: ChangeContext[] = [];
    const readOnly: Extension = {
      name: 'read-only-branch',
      stage: 'rbac',
      onMessage: (ctx: MessageContext): MessageVerdict => (ctx.connection.key.branch === 'frozen' && (ctx.kind === 'update' || ctx.kind === 'sync-step2') ? { action: 'drop' } : undefined),
    };
    const audit: Extension = { name: 'audit', stage: 'audit', onChange: (ctx) => void audited.push(ctx) };
    t = await startServer({}, { extensions: [audit, readOnly] });
    const a = connectClient(t.url, 'acme', 'frozen');
    const b = connectClient(t.url, 'acme', 'frozen');
    const c = connectClient(t.url, 'acme', 'open');
    try {
      await Promise.all([synced(a), synced(b), synced(c)]);
      a.provider.awareness.setLocalStateField('user', 'ada');
      a.doc.getMap('m').set('x', 1);
      c.doc.getMap('m').set('y', 2);
      await waitFor(() => [...b.provider.awareness.getStates().values()].some((s) => s.user === 'ada'), 'presence shared');
      await waitFor(() => audited.some((e) => e.key.branch === 'open'), 'audit saw the open branch');
      expect(b.doc.getMap('m').get('x')).toBeUndefined();
      expect(audited.every((e) => e.key.branch === 'open')).toBe(true);
      expect(audited[0]!.origins[0]!.principal?.role).toBe('editor');
    } finally {
      a.destroy();
      b.destroy();
      c.destroy();
    }
  });
});

describe('a throwing extension', () => {
  it('costs the connection (1011), not the process', async () => {
    const broken: Extension = {
      name: 'broken',
      stage: 'audit',
      onMessage: (ctx) => {
        if (ctx.kind === 'query-awareness') throw new Error('bug');
        return undefined;
      },
    };
    const t = await startServer({}, { extensions: [broken] });
    try {
      const ws = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      await firstMessage(ws);
      const closed = closeOf(ws);
      ws.send(Uint8Array.from([3]));
      expect((await closed).code).toBe(CloseCode.INTERNAL_ERROR);
      const c = connectClient(t.url, 'acme', 'main');
      await synced(c);
      c.destroy();
    } finally {
      await t.stop();
    }
  });
});

describe('store failure', () => {
  it('closes writers with 1011, reports degraded health, keeps the update and stores it once storage recovers', async () => {
    const d = tempDir();
    const storage = faultyStorage(openServerStorage({ dataDir: d.dir, durability: 'normal' }));
    storage.failAppends = true;
    const t = await startServer({}, { storage }, d.dir);
    try {
      const reader = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      await firstMessage(reader);
      const writer = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      await firstMessage(writer);
      const closed = closeOf(writer);
      const doc = new Y.Doc();
      doc.getMap('m').set('kept', 'yes');
      const u = Y.encodeStateAsUpdate(doc);
      writer.send(Uint8Array.from([0, 2, u.length, ...u]));
      expect((await closed).code).toBe(CloseCode.INTERNAL_ERROR);
      const health = DetailedHealthSchema.parse(await (await fetch(`${t.http}/health/detailed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json());
      expect(health.status).toBe('degraded');
      expect(health.storage.failedFlushes).toBeGreaterThan(0);
      // Nothing was broadcast while it was not durable.
      const next = firstMessage(reader);
      const early = await Promise.race([next.then(() => 'message'), new Promise((r) => setTimeout(() => r('quiet'), 200))]);
      expect(early).toBe('quiet');
      storage.failAppends = false;
      // The retry stores it; only then does the reader get it.
      const update = await next;
      expect(update.subarray(0, 2)).toEqual(Buffer.from([0, 2]));
      const stored = await storage.loadDoc(storedKey(d.dir, 'acme', 'main'));
      const check = new Y.Doc();
      for (const x of stored.updates) Y.applyUpdate(check, x);
      expect(check.getMap('m').get('kept')).toBe('yes');
      reader.close();
    } finally {
      await t.stop();
      d.cleanup();
    }
  });
});
