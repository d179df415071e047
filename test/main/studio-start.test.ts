/**
 * The README's main command, as a user runs it: `node bin/studio.js` (what `npm start` runs after
 * building) on a machine without Electron's binary starts the bundled web host, prints a loopback
 * URL carrying the launch secret, serves the studio there, offers the examples on a first run, and
 * stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-oms';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: URL;
  output: () => string;
}

/** Resolves once the host has printed its banner; rejects if it exits first. */
function start(store: string, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/studio.js'), '--web', '--store', store], { cwd: ROOT, env: { ...process.env, ...env } });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      // The banner's last line: everything before it has arrived.
      const m = /Open: (\S+)[\s\S]*Stop with Ctrl\+C/.exec(out);
      if (m?.[1]) resolve({ child, url: new URL(m[1]), output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`studio exited with ${String(code)} before printing its URL:\n${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start without Electron', () => {
  it('prints a loopback URL with a secret, serves the studio, offers the examples, stops on SIGTERM', async () => {
    const store = mkdtempSync(join(tmpdir(), 'oms-start-'));
    dirs.push(store);
    const s = await start(store);
    try {
      expect(s.url.hostname).toBe('127.0.0.1');
      expect(s.url.hash).toMatch(/^#secret=[A-Za-z0-9_-]{20,}$/);
      expect(s.output()).toContain('First run');
      const page = await fetch(new URL('/', s.url));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      const gone = exited(s.child);
      s.child.kill('SIGTERM');
      expect(await gone).toBe(0);
    }
    // Each launch has its own secret: a URL copied from an earlier run opens nothing.
    const again = await start(store);
    try {
      expect(again.url.hash).not.toBe(s.url.hash);
    } finally {
      const gone = exited(again.child);
      again.child.kill('SIGTERM');
      await gone;
    }
  });
});
