/**
 * The room client against the real server on its failure paths: refused tokens stop for good,
 * a restarted server is reconnected to with edits made meanwhile, credentials never sit in plain
 * text, and backoff stays inside its jittered window.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../../../sync-server/config';
import { createLogger } from '../../../sync-server/logger';
import { SyncServer } from '../../../sync-server/server';
import { Backoff, FileKeySecretBox, RoomClient, StaticTokenProvider, SyncError, SyncService, type RoomStatus } from '../../../main/services/sync';
import { EXPIRED_TOKEN, OTHER_WS_TOKEN, startServer, TOKEN, waitFor, writeTokens, type TestServer } from '../../sync-server/helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function room(server: { url: string }, token: string, doc = new Y.Doc()): { client: RoomClient; doc: Y.Doc; seen: RoomStatus[] } {
  const client = new RoomClient({ serverUrl: server.url, workspace: 'acme', branch: 'main', doc, auth: new StaticTokenProvider(token), backoff: { baseMs: 10, maxMs: 50 } });
  const seen: RoomStatus[] = [];
  client.onStatus((s) => seen.push(s));
  cleanups.push(() => {
    client.stop();
    doc.destroy();
  });
  return { client, doc, seen };
}

describe('room client', () => {
  it('stops for good on a permanent refusal (expired token → SYNC_AUTH_FAILED, other workspace → SYNC_FORBIDDEN)', async () => {
    const server = await startServer();
    cleanups.push(() => server.stop());
    for (const [token, code] of [[EXPIRED_TOKEN, 'SYNC_AUTH_FAILED'], [OTHER_WS_TOKEN, 'SYNC_FORBIDDEN']] as const) {
      const r = room(server, token);
      r.client.start();
      await waitFor(() => r.client.status.state === 'error', `${token} refused`);
      expect(r.client.status.error?.code).toBe(code);
      const attempts = r.seen.filter((s) => s.state === 'connecting').length;
      await new Promise((res) => setTimeout(res, 200)); // several backoff windows
      expect(r.seen.filter((s) => s.state === 'connecting').length).toBe(attempts); // no reconnect loop
    }
  });

  it('reconnects to a restarted server and delivers what was edited while it was down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oms-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const tokensFile = writeTokens(dir);
    const start = async (port: number) => {
      const config = loadConfig({ env: {}, overrides: { port, host: '127.0.0.1', dataDir: dir, tokensFile, logLevel: 'silent', durability: 'normal' } });
      const s = new SyncServer({ config, logger: createLogger('silent') });
      return { s, port: (await s.listen()).port };
    };
    let srv = await start(0);
    const url = `ws://127.0.0.1:${srv.port}`;
    const writer = room({ url }, TOKEN);
    writer.client.start();
    await waitFor(() => writer.client.status.state === 'synced', 'first sync');
    writer.doc.getMap('m').set('before', 1);
    await new Promise((res) => setTimeout(res, 100));
    await srv.s.close(); // clients get 1012 (service restart): transient
    await waitFor(() => writer.client.status.state === 'offline', 'offline after restart');
    expect(writer.client.status.error?.closeCode).toBe(1012);
    writer.doc.getMap('m').set('during', 2); // edited while the server is down
    srv = await start(srv.port);
    cleanups.push(() => srv.s.close());
    await waitFor(() => writer.client.status.state === 'synced', 'resynced after restart');
    const reader = room({ url }, TOKEN);
    reader.client.start();
    await waitFor(() => reader.doc.getMap('m').get('during') === 2 && reader.doc.getMap('m').get('before') === 1, 'reader sees both edits');
  });

  it('backoff is full-jitter exponential and capped', () => {
    const draws = [0.999, 0.999, 0.999, 0.999, 0.999, 0.5];
    const b = new Backoff({ baseMs: 100, maxMs: 1000, random: () => draws.shift() ?? 0.999 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([99, 199, 399, 799, 999]);
    expect(b.next()).toBe(500);
    b.reset();
    expect(b.next()).toBeLessThan(100);
  });
});

describe('saved sign-in', () => {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('is encrypted at rest, survives a restart of the service, and is forgotten on sign-out', async () => {
    server = await startServer();
    const dir = mkdtempSync(join(tmpdir(), 'oms-cred-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sync = new SyncService({ settingsDir: dir });
    await sync.signIn({ server: server.http, method: { kind: 'token', token: TOKEN, user: 'ada' } });
    const sealed = readFileSync(join(dir, 'credentials.bin'));
    expect(sealed.includes(Buffer.from(TOKEN))).toBe(false);
    expect(statSync(join(dir, 'credentials.key')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'credentials.bin')).mode & 0o077).toBe(0);
    expect(new SyncService({ settingsDir: dir }).whoAmI()).toEqual({ server: server.http, user: 'ada' });
    await sync.signOut();
    expect(new SyncService({ settingsDir: dir }).whoAmI().user).toBeUndefined();
  });

  it('a tampered credentials file is a typed error, not garbage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oms-cred-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const box = new FileKeySecretBox(join(dir, 'k'));
    const sealed = Buffer.from(box.encrypt(Buffer.from('secret')));
    sealed.writeUInt8(sealed.readUInt8(sealed.length - 1) ^ 1, sealed.length - 1);
    expect(() => box.decrypt(sealed)).toThrow(SyncError);
    expect(() => new FileKeySecretBox(join(dir, 'k2')).decrypt(box.encrypt(Buffer.from('x')))).toThrow(/another key/);
    expect(existsSync(join(dir, 'k2'))).toBe(true);
  });

  it('a bad server URL is refused with SYNC_BAD_SERVER_URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oms-cred-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sync = new SyncService({ settingsDir: dir });
    for (const bad of ['not a url', 'ftp://x', 'javascript:alert(1)']) {
      expect(() => sync.setServer(bad)).toThrow(expect.objectContaining({ code: 'SYNC_BAD_SERVER_URL' }));
    }
  });
});
