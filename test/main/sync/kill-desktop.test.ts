/**
 * kill -9 of a desktop while it edits a synced branch: every edit it reported durable is in its
 * store when it starts again, and reaches the server once it reconnects.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToOntology } from '../../../core/yjs';
import { bundleChild, connectClient, TOKEN, waitFor, type TestServer } from '../../sync-server/helpers';
import { useTeam, type Laptop } from './helpers';

const SOURCE = join(import.meta.dirname, 'fixtures/editing-desktop.ts');
let CHILD = '';
let cleanup = (): void => undefined;
beforeAll(async () => {
  ({ file: CHILD, cleanup } = await bundleChild(SOURCE));
});
afterAll(() => cleanup());
const IDS = ['ot-aircraft', 'ot-flight', 'ot-booking'];
const ROUNDS = Number(process.env.OMS_SYNC_KILL_ROUNDS ?? 2);

const team = useTeam();
let server: TestServer;
let b: Laptop;
beforeEach(async () => {
  ({ server, b } = team);
  await b.session.close(); // the child process owns b's store while it runs
  await b.ws.close();
});

/** Run the child until it has reported `atLeast` durable edits plus a random extra, then SIGKILL it. */
function runAndKill(root: string, atLeast: number, seed: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, root, IDS.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let err = '';
    const killAt = atLeast + (seed % 7);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/persisted (\d+)/g)) last = Math.max(last, Number(m[1]));
      if (last >= killAt) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`child exited without being killed: ${err}`))));
  });
}

it(`loses nothing it persisted when killed -9 mid-edit (${ROUNDS} rounds)`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const last = await runAndKill(b.root, 5, round * 13 + 1);
    await b.restart();
    const expected = `edit ${last}`;
    expect(docToOntology(b.session.doc).objectTypes[IDS[last % IDS.length]!]?.displayName).toBe(expected);
    // reconnect from the restarted store: the server (and anyone in the room) gets it
    await b.sync.connect(b.ws, b.session);
    const observer = connectClient(server.url, 'acme', 'main', TOKEN, new Y.Doc());
    try {
      await waitFor(() => docToOntology(observer.doc).objectTypes[IDS[last % IDS.length]!]?.displayName === expected, `server has edit ${last}`);
    } finally {
      observer.destroy();
    }
    b.sync.disconnect('acme', 'main');
    await b.session.close();
    await b.ws.close();
  }
  await b.restart(); // open again: the team's teardown closes it
});
