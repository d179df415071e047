/**
 * The real `oms-sync` process: kill -9 mid-session and restart loses nothing that was broadcast
 * (broadcast ⇒ durable), SIGTERM exits 0 after closing clients with 1012, and the admin commands.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../core/contract/sync-api';
import { backup, compact, restore } from '../../sync-server/admin/commands';
import { loadConfig } from '../../sync-server/config';
import { HistoryStore } from '../../sync-server/history/history-store';
import { closeOf, connectClient, firstMessage, rawSocket, synced, tempDir, TOKEN, waitFor, writeTokens } from './helpers';

// The installed entry point (the esbuild bundle `npm run build` makes): what operators run, and it
// starts in well under a second where compiling the sources through tsx can take 20 s on a busy box.
const CLI = join(import.meta.dirname, '../../bin/oms-sync.js');
const d = tempDir();
const tokens = writeTokens(d.dir);
const env = { ...process.env, OMS_DATA_DIR: d.dir, OMS_TOKENS: tokens, OMS_HOST: '127.0.0.1', OMS_LOG_LEVEL: 'warn' };
afterAll(() => d.cleanup());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const start = Date.now();
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return child;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() - start > 45_000) throw new Error(`server did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const admin = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });

describe('oms-sync process', () => {
  it('kill -9 mid-session and restart loses nothing; clients reconnect and converge', async () => {
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    let server = await serve(port);
    const a = connectClient(url, 'acme', 'main');
    const b = connectClient(url, 'acme', 'main');
    try {
      await Promise.all([synced(a), synced(b)]);
      for (let i = 0; i < 200; i++) a.doc.getArray<number>('log').push([i]);
      // b has seen everything: the server broadcasts only what is durable.
      await waitFor(() => b.doc.getArray('log').length === 200, 'b received all');
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      // Edits made while the server is down are sent on reconnect.
      b.doc.getMap('m').set('offline', 'edit');
      server = await serve(port);
      await waitFor(() => a.doc.getMap('m').get('offline') === 'edit', 'reconnect and sync', 30_000);
      a.destroy();
      b.destroy();
      const c = connectClient(url, 'acme', 'main');
      try {
        await synced(c);
        await waitFor(() => c.doc.getArray('log').length === 200 && c.doc.getMap('m').get('offline') === 'edit', 'fresh client sees all');
      } finally {
        c.destroy();
      }
      // SIGTERM: clients are closed with 1012 and the process exits 0.
      const ws = await rawSocket(`${url}/ws/acme/main?token=${TOKEN}`);
      await firstMessage(ws);
      const closed = closeOf(ws);
      const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
      server.kill('SIGTERM');
      expect((await closed).code).toBe(CloseCode.SERVICE_RESTART);
      expect(await exited).toBe(0);
    } finally {
      a.destroy();
      b.destroy();
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });

  it('doctor (CLI), compact, backup and restore', async () => {
    const doctorRun = admin('doctor', '--json');
    expect(doctorRun.status, doctorRun.stderr).toBe(0);
    const checks = JSON.parse(doctorRun.stdout) as Array<{ name: string; ok: boolean; detail: string }>;
    expect(checks.find((c) => c.name === 'storage')?.detail).toMatch(/1 document/);
    // The other commands are the same functions the CLI prints; called in-process to keep this fast.
    const config = loadConfig({ env });
    expect(await compact(config, {})).toEqual([expect.objectContaining({ workspace: 'acme', branch: 'main', updatesAfter: 0 })]);
    const history = new HistoryStore(config.dataDir, 'normal');
    history.workspace('acme', true);
    history.close();
    const file = join(d.dir, 'backup.db');
    expect((await backup(config, file)).workspaces).toEqual(['acme']);
    expect(existsSync(file)).toBe(true);
    await expect(backup(config, file)).rejects.toThrow(/exists; refusing/);
    expect(await restore(config, file)).toMatchObject({ documents: 1, workspaces: ['acme'] });
    await expect(restore(config, tokens)).rejects.toThrow(/not a readable SQLite database|not an OMS store/);
  });

  it('refuses to start without auth, with a clear error (config errors: operations.test.ts)', () => {
    const noAuth = spawnSync(process.execPath, [CLI, 'serve'], { env: { ...env, OMS_TOKENS: '' }, encoding: 'utf8' });
    expect(noAuth.status).toBe(64);
    expect(noAuth.stderr).toMatch(/AUTH_NOT_CONFIGURED.*--insecure-no-auth/);
  });
});
