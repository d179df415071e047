/**
 * kill -9 of the backend process during edits loses nothing that was persisted: every edit whose
 * doc.flush was acknowledged is there after a restart, and what survived is a prefix of the edit
 * sequence (updates land in order; nothing half-applied). The backend runs as a real child process
 * with the real web host; the client is the renderer's replica over a real WebSocket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { docToOntology, setMeta, ORIGIN } from '../../../core/yjs';
import { createStudioClient } from '../../../renderer/src/api/client';
import { openReplica } from '../../../renderer/src/api/replica';
import { WebSocketBridge } from '../../../renderer/src/api/web-socket-bridge';
import { Rand } from '../../support/random-ontology';
import { bundle, tempDir } from './harness';

const ROUNDS = Number(process.env.OMS_STUDIO_CRASH_ROUNDS ?? 1);
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const repo = join(import.meta.dirname, '../../..');
let childArgs: string[] | undefined;
afterAll(() => {
  for (const f of childArgs ?? []) if (f.endsWith('.mjs')) rmSync(f, { force: true });
});

async function startChild(storeDir: string): Promise<{ child: ChildProcess; port: number; secret: string }> {
  childArgs ??= [bundle(join(import.meta.dirname, 'host-child.ts'), 'host-child'), bundle(join(repo, 'main/services/studio/jobs/worker.ts'), 'crash-worker')];
  const [script, worker] = childArgs as [string, string];
  const child = spawn(process.execPath, [script, storeDir, join(repo, 'examples'), worker], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host child exited early (${code})`)));
  });
  const { port, secret } = JSON.parse(line) as { port: number; secret: string };
  return { child, port, secret };
}

async function connect(port: number, secret: string) {
  const bridge = new WebSocketBridge({ url: `ws://127.0.0.1:${port}/api`, secret, socket: (u) => new WebSocket(u) });
  await bridge.ready;
  return { bridge, studio: createStudioClient(bridge, 'web') };
}

const keysOf = (meta: Record<string, string>): number[] => Object.keys(meta).filter((k) => /^k\d+$/.test(k)).map((k) => Number(k.slice(1))).sort((a, b) => a - b);

describe('kill -9 of the backend during edits', () => {
  it('keeps every acknowledged edit, in order', async () => {
    const storeDir = join(tempDir(), 'store');
    let host = await startChild(storeDir);
    let { studio, bridge } = await connect(host.port, host.secret);
    await studio.call('examples.open', { id: 'airline' });
    const target = { workspace: 'airline', branch: 'main' };
    const r = new Rand(7);
    let step = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const replica = await openReplica(studio, target, { onError: () => undefined });
      let acknowledged = step - 1;
      const stopAt = step + r.int(30, 80);
      for (; step < stopAt; step++) {
        setMeta(replica.doc, `k${step}`, String(step), ORIGIN.local);
        if (r.bool(0.2)) {
          await replica.flush();
          acknowledged = step;
        } else if (r.bool(0.3)) await new Promise((res) => setImmediate(res)); // let pushes go out unacknowledged
      }
      // Some edits are on the wire or in main's batch, not yet durable, when the process dies.
      host.child.kill('SIGKILL');
      await new Promise((res) => host.child.once('exit', res));
      bridge.close();

      host = await startChild(storeDir);
      ({ studio, bridge } = await connect(host.port, host.secret));
      const reopened = await openReplica(studio, target);
      const keys = keysOf(docToOntology(reopened.doc).meta);
      await reopened.close();
      expect(keys.length, `round ${round}: acknowledged up to k${acknowledged}`).toBeGreaterThan(acknowledged);
      expect(keys).toEqual(Array.from({ length: keys.length }, (_, i) => i));
      step = keys.length; // continue from what survived
    }
    bridge.close();
  }, 240_000);
});
