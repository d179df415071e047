/**
 * The web host's door: the launch secret opens the API and nothing else does; a foreign Origin
 * (another site's page) and a foreign Host (DNS rebinding) are refused before any handler runs;
 * files are served from the renderer folder only.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHarness, type Harness } from './studio/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h.host.port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the close code, or 'open-and-answered' if a call got through. */
function tryApi(opts: { hello?: unknown; headers?: Record<string, string>; first?: string }): Promise<{ closed?: number; upgradeStatus?: number; answered?: boolean }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.host.port}/api`, { headers: opts.headers ?? {} });
    let answered = false;
    ws.on('unexpected-response', (_req, res) => resolve({ upgradeStatus: res.statusCode ?? 0 }));
    ws.on('error', () => undefined);
    ws.on('open', () => {
      if (opts.first !== undefined) ws.send(opts.first);
      if (opts.hello !== undefined) ws.send(JSON.stringify(opts.hello));
      ws.send(JSON.stringify({ id: 1, method: 'workspace.list', input: {} }));
    });
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number };
      if (m.id === 1) {
        answered = true;
        ws.close();
      }
    });
    ws.on('close', (code) => resolve({ closed: code, answered }));
  });
}

describe('web host', () => {
  it('binds to loopback and puts the secret in the fragment only', () => {
    expect(h.host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.host.url).toBe(`${h.host.origin}/#secret=${h.host.secret}`);
    expect(h.host.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('answers with the secret', async () => {
    expect(await tryApi({ hello: { hello: 'oms-studio/1', secret: h.host.secret } })).toEqual({ closed: 1005, answered: true });
  });

  it('refuses a connection without the secret, with a wrong one, or calling first', async () => {
    const wrong = `${h.host.secret.slice(0, -1)}${h.host.secret.endsWith('A') ? 'B' : 'A'}`;
    for (const attempt of [
      { hello: { hello: 'oms-studio/1', secret: wrong } },
      { hello: { hello: 'oms-studio/1', secret: '' } },
      { hello: { hello: 'oms-studio/1' } },
      { first: 'not json' },
      {},
    ]) {
      const r = await tryApi(attempt);
      expect(r, JSON.stringify(attempt)).toEqual({ closed: 4401, answered: false });
    }
  });

  it('refuses a foreign Origin and a foreign Host before the upgrade, even with the secret', async () => {
    const hello = { hello: 'oms-studio/1', secret: h.host.secret };
    expect(await tryApi({ hello, headers: { Origin: 'http://evil.example' } })).toEqual({ upgradeStatus: 403 });
    expect(await tryApi({ hello, headers: { Origin: `http://127.0.0.1:${h.host.port + 1}` } })).toEqual({ upgradeStatus: 403 });
    expect(await tryApi({ hello, headers: { Host: `evil.example:${h.host.port}` } })).toEqual({ upgradeStatus: 421 });
    expect(await tryApi({ hello, headers: { Origin: h.host.origin } })).toEqual({ closed: 1005, answered: true });
  });

  it('has no HTTP API, serves the app with a strict CSP, and nothing outside its folder', async () => {
    expect((await get('/api')).status).toBe(401);
    expect((await get('/api/workspace.list')).status).toBe(401);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await get('/some/client/route')).status).toBe(200);
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%00']) expect([400, 404]).toContain((await get(p)).status);
    expect((await get('/', { Host: 'rebind.example' })).status).toBe(421);
  });
});
