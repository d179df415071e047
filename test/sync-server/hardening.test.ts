/**
 * Review findings (round 2): each test here failed before its fix.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { CloseCode } from '../../core/contract/sync-api';
import { ConnectionRejected } from '../../sync-server/errors';
import { parseTokenFile } from '../../sync-server/extensions/static-token-auth';
import type { Extension } from '../../sync-server/extensions/types';
import { openServerStorage } from '../../sync-server/storage';
import { ADMIN_TOKEN, closeOf, faultyStorage, firstMessage, nextStep2, rawSocket, startServer, tempDir, TOKEN, VIEWER_TOKEN, waitFor, type TestServer } from './helpers';

const syncFrame = (sub: number, payload: Uint8Array): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
};

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('read-only role over WebSocket', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(() => t.stop());

  it('drops document writes from a viewer token but still answers its sync', async () => {
    const viewer = await rawSocket(`${t.url}/ws/acme/ro?token=${VIEWER_TOKEN}`);
    viewer.send(syncFrame(2, textUpdate('from the viewer')));
    viewer.send(syncFrame(1, textUpdate('step two from the viewer')));
    viewer.send(syncFrame(0, new Uint8Array([0])));
    expect((await nextStep2(viewer)).getText('t').toString()).toBe('');
    viewer.close();
    // An editor in the same room sees nothing the viewer wrote, and its own writes go through.
    const editor = await rawSocket(`${t.url}/ws/acme/ro?token=${TOKEN}`);
    editor.send(syncFrame(2, textUpdate('editor')));
    editor.send(syncFrame(0, new Uint8Array([0])));
    expect((await nextStep2(editor)).getText('t').toString()).toBe('editor');
    editor.close();
  });

  it('closes a viewer that keeps writing with 4403', async () => {
    const viewer = await rawSocket(`${t.url}/ws/acme/ro2?token=${VIEWER_TOKEN}`);
    const closed = closeOf(viewer);
    for (let i = 0; i < 50; i++) viewer.send(syncFrame(2, textUpdate(`w${i}`)));
    expect((await closed).code).toBe(CloseCode.FORBIDDEN);
  });
});

describe('HTTP body limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ maxBodyBytes: 1024 });
  });
  afterAll(() => t.stop());

  const post = (body: string) =>
    fetch(`${t.http}/api/v1/workspaces/acme/objects/missing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });

  it('answers 413 with the error shape for a body over the cap, and the next request still works', async () => {
    const res = await post(JSON.stringify({ objects: ['x'.repeat(200_000)] }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    // The refused request must not take the next ones down with it (a reset keep-alive socket).
    for (let i = 0; i < 3; i++) expect((await post(JSON.stringify({ objects: [] }))).status).toBe(200);
  });

  it('answers 413 to a chunked body while it is still streaming', async () => {
    const req = request(`${t.http}/api/v1/workspaces/acme/objects/missing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    const status = new Promise<number>((resolve, reject) => {
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
    });
    // Never ends the body: only a server that answers mid-stream lets this test finish.
    const chunk = Buffer.alloc(4096, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 64 * chunk.byteLength && req.write(chunk)) sent++;
    };
    req.on('drain', pump);
    pump();
    expect(await status).toBe(413);
    req.destroy();
  });

  it('answers 400, not 500, for a malformed percent-encoding in the path', async () => {
    const res = await fetch(`${t.http}/api/v1/workspaces/%E0%A4%A/branches`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    const res2 = await fetch(`${t.http}/api/v1/workspaces/acme/branches/%E0%A4%A`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res2.status).toBe(400);
  });
});

describe('connection accounting when a later extension refuses the upgrade', () => {
  it('does not charge the refused sockets against the per-IP cap', async () => {
    const gate: Extension = {
      name: 'gate',
      stage: 'rbac',
      onUpgrade: (ctx) => {
        if (ctx.key.workspace === 'acme-blocked') throw new ConnectionRejected('FORBIDDEN', 'blocked', 403, CloseCode.FORBIDDEN);
      },
    };
    const t = await startServer({ limits: { maxConnectionsPerIp: 2 } }, { extensions: [gate] });
    try {
      for (let i = 0; i < 3; i++) {
        const ws = new WebSocket(`${t.url}/ws/acme-blocked/main?token=${TOKEN}`);
        ws.on('error', () => undefined);
        const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
        expect(status).toBe(403);
        ws.terminate();
      }
      const ok = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      expect((await firstMessage(ok))[0]).toBe(0);
      ok.close();
    } finally {
      await t.stop();
    }
  });
});

describe('shutdown while storage is down', () => {
  it('reports an unclean stop and leaves no room retrying against the closed store', async () => {
    const d = tempDir();
    const storage = faultyStorage(openServerStorage({ dataDir: d.dir, durability: 'normal' }));
    const t = await startServer({ shutdownTimeoutMs: 300 }, { storage }, d.dir);
    try {
      const ws = await rawSocket(`${t.url}/ws/acme/down?token=${TOKEN}`);
      await firstMessage(ws);
      storage.failAppends = true;
      const closed = closeOf(ws);
      ws.send(syncFrame(2, textUpdate('cannot be stored')));
      expect((await closed).code).toBe(CloseCode.INTERNAL_ERROR);
      await t.server.close();
      expect(t.server.flushedCleanly).toBe(false);
      expect(t.server.rooms.size).toBe(0);
    } finally {
      await t.stop();
      d.cleanup();
    }
  });
});

describe('what refusals tell the client', () => {
  it('a hook that throws a plain error closes with a generic reason, not its message', async () => {
    const leaky: Extension = {
      name: 'leaky',
      stage: 'rbac',
      onConnect: () => {
        throw new Error('cannot reach postgres://admin:s3cret@db/oms');
      },
    };
    const t = await startServer({}, { extensions: [leaky] });
    try {
      const refused = await closeOf(await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`));
      expect(refused).toEqual({ code: CloseCode.INTERNAL_ERROR, reason: 'internal error' });
    } finally {
      await t.stop();
    }
  });

  it('accepts the bearer scheme in any case', async () => {
    const t = await startServer();
    try {
      const res = await fetch(`${t.http}/health/detailed`, { headers: { authorization: `bearer ${ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});

describe('a room reused while its unload waits for a flush', () => {
  it('is unloaded once, not once per release', async () => {
    const d = tempDir();
    const storage = faultyStorage(openServerStorage({ dataDir: d.dir, durability: 'normal' }));
    let unloads = 0;
    const counter: Extension = { name: 'unload-counter', stage: 'observe', onUnloadDocument: () => void unloads++ };
    const t = await startServer({}, { storage, extensions: [counter] }, d.dir);
    try {
      let open: () => void = () => undefined;
      storage.appendGate = new Promise<void>((resolve) => (open = resolve));
      const a = await rawSocket(`${t.url}/ws/acme/reuse?token=${TOKEN}`);
      await firstMessage(a);
      a.send(syncFrame(2, textUpdate('held')));
      a.close();
      const room = () => t.server.rooms.rooms.values().next().value;
      await waitFor(() => room()?.refs === 0, 'a released the room');
      const b = await rawSocket(`${t.url}/ws/acme/reuse?token=${TOKEN}`);
      await firstMessage(b);
      b.close();
      await waitFor(() => room()?.refs === 0, 'b released the room');
      open();
      await t.server.rooms.whenIdle();
      // Unload hooks run after the persistence hook's await: let every queued one finish first.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unloads).toBe(1);
    } finally {
      await t.stop();
      d.cleanup();
    }
  });
});

describe('a broken token file', () => {
  it('is reported without quoting the secrets around the error', () => {
    for (const text of ['[{"token":supersecrettoken1234567, "workspaces":"*", "role":"owner"}]', '{"tokens": [{"token": "supersecrettoken1234567" "role": "owner"}]}']) {
      let message = '';
      try {
        parseTokenFile(text);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/TOKENS_INVALID|not valid JSON/);
      expect(message).not.toMatch(/secre/);
    }
  });
});

describe('live revocation of a role change', () => {
  it('closes a socket whose token went from editor to viewer, and its reconnect is read-only', async () => {
    const d = tempDir();
    const file = join(d.dir, 'role-tokens.txt');
    writeFileSync(file, `${TOKEN} acme* editor\n`);
    const t = await startServer({ tokensFile: file, revalidateMs: 100 }, {}, d.dir);
    try {
      const editor = await rawSocket(`${t.url}/ws/acme/role?token=${TOKEN}`);
      await firstMessage(editor);
      const closed = closeOf(editor);
      writeFileSync(file, `${TOKEN} acme* viewer\n`);
      // Same size, and on a quiet box often the same coarse mtime tick as the first write: push the
      // mtime forward so the server's stat poll sees the edit, as it would a person's later save.
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      // 4501, not 4401: a stock client reconnects after it (and gets the new role).
      expect((await closed).code).toBe(CloseCode.ROLE_CHANGED);
      const again = await rawSocket(`${t.url}/ws/acme/role?token=${TOKEN}`);
      again.send(syncFrame(2, textUpdate('after the downgrade')));
      again.send(syncFrame(0, new Uint8Array([0])));
      expect((await nextStep2(again)).getText('t').toString()).toBe('');
      again.close();
    } finally {
      await t.stop();
      d.cleanup();
    }
  });
});

describe('updates whose dependencies never arrive', () => {
  it('count against the document size cap (Yjs keeps them in memory, unstored)', async () => {
    const t = await startServer({ limits: { maxDocumentBytes: 64 * 1024 } });
    try {
      const ws = await rawSocket(`${t.url}/ws/acme/pending?token=${TOKEN}`);
      await firstMessage(ws);
      const closed = closeOf(ws).then((c) => c.code);
      // Each update continues text whose first character the server never receives.
      for (let i = 0; i < 12; i++) {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, 'x');
        const sv = Y.encodeStateVector(doc);
        doc.getText('t').insert(1, 'y'.repeat(8 * 1024));
        ws.send(syncFrame(2, Y.encodeStateAsUpdate(doc, sv)));
      }
      ws.send(syncFrame(0, new Uint8Array([0])));
      expect(await Promise.race([closed, nextStep2(ws).then(() => 'answered' as const)])).toBe(CloseCode.DOCUMENT_TOO_LARGE);
      ws.terminate();
    } finally {
      await t.stop();
    }
  });
});
