/**
 * Resources bounded before the upgrade and after the push (issue 11): half-sent upgrade requests
 * time out and are capped per address (behind a trusted proxy, per forwarded address); idle history
 * files are closed; an empty push creates nothing.
 */
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceFile } from '../../main/services/store/paths';
import { ADMIN_TOKEN, connectClient, startServer, synced, TOKEN, waitFor, type TestServer } from './helpers';

const HALF_UPGRADE = 'GET /ws/acme/main HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n';

function slowSocket(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(HALF_UPGRADE);
      resolve({ socket, closed });
    });
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', () => undefined);
    // Read (and discard) the answer: a socket whose data is never consumed never sees its end.
    socket.resume();
  });
}

describe('before the upgrade', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ limits: { headersTimeoutMs: 500, maxSocketsPerIp: 10, maxConnectionsPerIp: 2 } });
  });
  afterAll(() => t.stop());

  it('closes a half-sent upgrade request after the header timeout', async () => {
    const { closed } = await slowSocket(t.server.port);
    const started = Date.now();
    await closed;
    // Node's own default would hold it for a minute.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('caps open sockets per address before a header is read; the slots come back', async () => {
    // Cap: max(maxSocketsPerIp, maxConnectionsPerIp + 16) = 18.
    const slow = await Promise.all(Array.from({ length: 40 }, () => slowSocket(t.server.port)));
    // Sockets past the cap are dropped at once (long before the header timeout).
    await waitFor(() => slow.filter((s) => s.socket.destroyed).length >= 20, 'sockets past the cap refused', 400);
    await Promise.all(slow.map((s) => s.closed));
    const c = connectClient(t.url, 'acme', 'after-slowloris');
    try {
      await synced(c);
    } finally {
      c.destroy();
    }
  });
});

describe('behind a trusted proxy', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ trustedProxies: ['127.0.0.1'], limits: { maxConnectionsPerIp: 2 } });
  });
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await t.stop();
  });

  const upgrade = (forwardedFor: string | null): Promise<number> =>
    new Promise((resolve) => {
      const socket = connect(t.server.port, '127.0.0.1', () => {
        socket.write(
          `GET /ws/acme/proxied?token=${TOKEN} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${forwardedFor === null ? '' : `X-Forwarded-For: ${forwardedFor}\r\n`}\r\n`,
        );
      });
      socket.once('data', (d) => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(d.toString())?.[1] ?? 0)));
      sockets.push(socket);
      socket.on('error', () => undefined);
    });

  it('applies the per-IP cap to the forwarded client address, the right-most untrusted hop', async () => {
    expect(await upgrade('203.0.113.7')).toBe(101);
    expect(await upgrade('203.0.113.7')).toBe(101);
    expect(await upgrade('203.0.113.7')).toBe(429);
    // Another client behind the same proxy has its own budget; a spoofed left-most hop changes nothing.
    expect(await upgrade('203.0.113.8')).toBe(101);
    expect(await upgrade('10.9.9.9, 203.0.113.7')).toBe(429);
  });
});

describe('history files', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ historyIdleMs: 200, maxOpenHistories: 3 });
  });
  afterAll(() => t.stop());
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${t.http}/api/v1/workspaces/${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' } });

  it('an empty push (or a branch on nothing) creates no workspace', async () => {
    expect((await api('ghost/objects', { method: 'POST', body: '{"objects":[]}' })).status).toBe(200);
    expect((await api('ghost2/branches', { method: 'POST', body: JSON.stringify({ name: 'main', head: 'a'.repeat(64) }) })).status).toBe(422);
    expect(existsSync(workspaceFile(t.dir, 'ghost'))).toBe(false);
    expect(existsSync(workspaceFile(t.dir, 'ghost2'))).toBe(false);
    expect((await api('ghost/branches')).status).toBe(404);
    expect((await api('ghost2/branches')).status).toBe(404);
  });

  it('closes idle files, and keeps at most maxOpenHistories open', async () => {
    // A push that stores nothing valid leaves nothing; reads of workspaces that exist open files.
    const { HistoryStore } = await import('../../sync-server/history/history-store');
    const seed = new HistoryStore(t.dir, 'normal');
    for (const ws of ['w1', 'w2', 'w3', 'w4', 'w5']) seed.workspace(ws, true);
    seed.close();
    for (const ws of ['w1', 'w2', 'w3', 'w4', 'w5']) expect((await api(`${ws}/branches`)).status).toBe(200);
    expect(t.server.history.openCount).toBeLessThanOrEqual(3);
    await waitFor(() => t.server.history.openCount === 0, 'idle history files closed', 5000);
    expect((await api('w1/branches')).status).toBe(200);
  });
});
