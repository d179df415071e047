import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../../core/contract/sync-api';
import { loadConfig } from '../../sync-server/config';
import { SyncServer } from '../../sync-server/server';
import { parseTokenFile, StaticTokenAuth } from '../../sync-server/extensions/static-token-auth';
import { ADMIN_TOKEN, closeOf, EXPIRED_TOKEN, firstMessage, OTHER_WS_TOKEN, rawSocket, startServer, tempDir, TOKEN, waitFor, type TestServer } from './helpers';

describe('authentication at upgrade', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(() => t.stop());

  const attempt = async (query: string) => closeOf(await rawSocket(`${t.url}/ws/acme/main${query}`));

  it('closes with 4401 without a token, with a bad one and with an expired one', async () => {
    expect((await attempt('')).code).toBe(CloseCode.UNAUTHORIZED);
    expect((await attempt('?token=not-a-valid-token-at-all')).code).toBe(CloseCode.UNAUTHORIZED);
    const expired = await attempt(`?token=${EXPIRED_TOKEN}`);
    expect(expired).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'token expired' });
  });

  it('closes with 4403 when the token does not grant the workspace', async () => {
    expect((await attempt(`?token=${OTHER_WS_TOKEN}`)).code).toBe(CloseCode.FORBIDDEN);
  });

  it('accepts a valid token in the query or the Authorization header', async () => {
    const a = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
    expect((await firstMessage(a))[0]).toBe(0);
    a.close();
    const b = await rawSocket(`${t.url}/ws/acme/main`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((await firstMessage(b))[0]).toBe(0);
    b.close();
  });

  it('answers 404 before the upgrade for paths that are not rooms', async () => {
    const ws = new WebSocket(`${t.url}/ws/only-workspace?token=${TOKEN}`);
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });

  it('counts refusals in metrics', async () => {
    const text = await (await fetch(`${t.http}/metrics`)).text();
    expect(text).toMatch(/oms_sync_errors_total\{code="auth_expired"\} [1-9]/);
    expect(text).toMatch(/oms_sync_closes_total\{code="4401"\} [1-9]/);
  });
});

describe('static token file', () => {
  it('parses JSON and line formats and rejects weak or malformed entries', () => {
    expect(parseTokenFile(`[{"token":"${TOKEN}","workspaces":"*","role":"viewer"}]`)).toHaveLength(1);
    expect(parseTokenFile(`{"tokens":[{"token":"${TOKEN}","workspaces":"a?c","role":"owner","name":"ci"}]}`)[0]?.name).toBe('ci');
    expect(parseTokenFile(`# c\n${TOKEN} acme editor\n`)).toEqual([{ token: TOKEN, workspaces: 'acme', role: 'editor' }]);
    expect(() => parseTokenFile('short * editor')).toThrow(/at least 16/);
    expect(() => parseTokenFile(`${TOKEN} * superuser`)).toThrow(/TOKENS|role|Invalid/i);
    expect(() => parseTokenFile(`${TOKEN} *`)).toThrow(/expected "token workspace-glob role/);
    expect(() => parseTokenFile('')).toThrow(/no tokens/);
  });

  it('matches workspace globs and names principals without revealing the token', () => {
    const auth = new StaticTokenAuth(parseTokenFile(`${TOKEN} acme-* editor`));
    expect(auth.check(TOKEN, 'acme-eu')?.problem).toBe('ok');
    expect(auth.check(TOKEN, 'acmex')?.problem).toBe('workspace');
    expect(auth.check(`${TOKEN}x`, 'acme-eu')).toBeNull();
    expect(auth.check(TOKEN, 'acme-eu')?.principal.id).not.toContain(TOKEN.slice(0, 8));
  });

  it('the server refuses to start with no authentication configured', () => {
    const d = tempDir();
    try {
      expect(() => new SyncServer({ config: loadConfig({ env: { OMS_DATA_DIR: d.dir } }) })).toThrow(/no authentication configured/);
    } finally {
      d.cleanup();
    }
  });
});

describe('limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ limits: { maxMessageBytes: 64 * 1024, messagesPerSecond: 5, messageBurst: 20, maxConnectionsPerIp: 8, maxDocumentBytes: 200_000, maxQueuedMessages: 100 } });
  });
  afterAll(() => t.stop());
  const open = async (branch = 'main') => {
    const ws = await rawSocket(`${t.url}/ws/acme/${branch}?token=${TOKEN}`);
    await firstMessage(ws);
    return ws;
  };

  it('closes with 1009 on a frame over the size cap', async () => {
    const ws = await open();
    const closed = closeOf(ws);
    ws.send(new Uint8Array(64 * 1024 + 1));
    expect((await closed).code).toBe(CloseCode.MESSAGE_TOO_BIG);
  });

  it('holds frames over the rate budget (backpressure) instead of closing, in order', async () => {
    const ws = await open('paced');
    let closed = false;
    ws.once('close', () => (closed = true));
    // 25 sync step 1 frames against a burst of 20 at 5/s: the last ones wait, none is refused.
    for (let i = 0; i < 25; i++) ws.send(Uint8Array.from([0, 0, 1, 0]));
    for (let i = 0; i < 25; i++) {
      const frame = await firstMessage(ws);
      expect([frame[0], frame[1]]).toEqual([0, 1]);
    }
    expect(closed).toBe(false);
    ws.close();
  });

  it('closes with 1013 (retried by stock clients) when frames held back overflow the backlog', async () => {
    const ws = await open('flood');
    const closed = closeOf(ws);
    // Corked: the frames reach the server in one read, past the point where pausing the socket helps.
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.cork();
    for (let i = 0; i < 500; i++) ws.send(Uint8Array.from([3]));
    socket.uncork();
    expect((await closed).code).toBe(CloseCode.TRY_AGAIN_LATER);
  });

  it('closes with 4400 on a text frame', async () => {
    const ws = await open();
    const closed = closeOf(ws);
    ws.send('hello');
    expect((await closed).code).toBe(CloseCode.BAD_MESSAGE);
  });

  it('closes with 4513 (retried) when a write would exceed the document size cap', async () => {
    const ws = await open('big');
    const closed = closeOf(ws);
    // A valid update of ~60 kB each: the fourth crosses 200 kB.
    const Y = await import('yjs');
    const doc = new Y.Doc();
    for (let i = 0; i < 4; i++) {
      const before = Y.encodeStateVector(doc);
      doc.getText('t').insert(0, 'x'.repeat(60_000));
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, before));
      ws.send(encoding.toUint8Array(e));
    }
    expect((await closed).code).toBe(CloseCode.DOCUMENT_TOO_LARGE);
  });

  it('refuses connections beyond the per-IP cap with HTTP 429', async () => {
    const held: WebSocket[] = [];
    let refused = 0;
    for (let i = 0; i < 10; i++) {
      const ws = new WebSocket(`${t.url}/ws/acme/ip?token=${TOKEN}`);
      const outcome = await new Promise<string>((resolve) => {
        ws.once('open', () => resolve('open'));
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      });
      if (outcome === 'open') held.push(ws);
      else if (outcome === '429') refused++;
    }
    expect(held.length).toBeLessThanOrEqual(8);
    expect(refused).toBeGreaterThan(0);
    await Promise.all(held.map((ws) => { const c = closeOf(ws); ws.close(); return c; }));
  });
});

describe('live revocation', () => {
  it('closes open sockets within a second of their token being removed from the file or expiring', async () => {
    const d = tempDir();
    const file = join(d.dir, 'live-tokens.txt');
    const soon = new Date(Date.now() + 1500).toISOString();
    writeFileSync(file, `${TOKEN} acme* editor\n${ADMIN_TOKEN} * admin\n${OTHER_WS_TOKEN} * editor ${soon}\n`);
    const t = await startServer({ tokensFile: file, revalidateMs: 200 }, {}, d.dir);
    try {
      const editor = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      const admin = await rawSocket(`${t.url}/ws/acme/main?token=${ADMIN_TOKEN}`);
      const expiring = await rawSocket(`${t.url}/ws/acme/main?token=${OTHER_WS_TOKEN}`);
      await Promise.all([firstMessage(editor), firstMessage(admin), firstMessage(expiring)]);
      const editorClosed = closeOf(editor);
      const expiringClosed = closeOf(expiring);
      expect(await expiringClosed).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'token expired' });
      writeFileSync(file, `${ADMIN_TOKEN} * admin\n`);
      expect(await editorClosed).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'token revoked' });
      expect(admin.readyState).toBe(WebSocket.OPEN);
      // A new connection with the removed token is refused too.
      expect((await closeOf(await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`))).code).toBe(CloseCode.UNAUTHORIZED);
      admin.close();
    } finally {
      await t.stop();
      d.cleanup();
    }
  });
});

describe('heartbeat and pre-ready queue', () => {
  it('terminates a peer that stops answering pings and keeps one that answers', async () => {
    const t = await startServer({ limits: { heartbeatMs: 150 } });
    try {
      const dead = await rawSocket(`${t.url}/ws/acme/hb?token=${TOKEN}`, { autoPong: false });
      const alive = await rawSocket(`${t.url}/ws/acme/hb?token=${TOKEN}`);
      await Promise.all([firstMessage(dead), firstMessage(alive)]);
      expect((await closeOf(dead)).code).toBe(1006);
      expect(alive.readyState).toBe(WebSocket.OPEN);
      const metrics = await (await fetch(`${t.http}/metrics`)).text();
      expect(metrics).toMatch(/oms_sync_errors_total\{code="heartbeat_timeout"\} [1-9]/);
      alive.close();
    } finally {
      await t.stop();
    }
  });
});

describe('connection accounting', () => {
  it('does not leak per-IP slots on malformed handshakes or clients that vanish mid-upgrade', async () => {
    const t = await startServer({ limits: { maxConnectionsPerIp: 2 } });
    try {
      const { port } = new URL(t.http);
      for (let i = 0; i < 6; i++) {
        await new Promise<void>((resolve) => {
          const s = connect(Number(port), '127.0.0.1', () => {
            // No Sec-WebSocket-Key: ws refuses the handshake itself.
            s.write(`GET /ws/acme/main?token=${TOKEN} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`);
            if (i % 2) s.destroy();
          });
          s.on('close', () => resolve());
          s.on('error', () => resolve());
          s.resume();
        });
      }
      await waitFor(() => t.server.connections.size === 0, 'nothing attached');
      const a = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      const b = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
      await Promise.all([firstMessage(a), firstMessage(b)]);
      a.close();
      b.close();
    } finally {
      await t.stop();
    }
  });
});
