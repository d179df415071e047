import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';
import { CloseCode } from '../../core/contract/sync-api';
import { openServerStorage } from '../../sync-server/storage';
import { closeOf, connectClient, faultyStorage, firstMessage, rawSocket, startServer, synced, tempDir, TOKEN, waitFor, type TestServer, storedKey } from './helpers';

describe('rooms', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('refuses a room whose load failed with 1011, writes nothing, and retries later', async () => {
    const d = tempDir();
    const seed = openServerStorage({ dataDir: d.dir, durability: 'normal' });
    const original = new Y.Doc();
    original.getMap('m').set('precious', 'data');
    await seed.appendUpdates(storedKey(d.dir, 'acme', 'main'), [Y.encodeStateAsUpdate(original)]);
    await seed.close();
    const storage = faultyStorage(openServerStorage({ dataDir: d.dir, durability: 'normal' }));
    storage.failLoads = true;
    t = await startServer({}, { storage }, d.dir);
    // A client that would write (its own doc has content) is refused before anything is answered.
    const ws = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
    const closed = closeOf(ws);
    const empty = new Y.Doc();
    empty.getMap('m').set('precious', 'overwritten');
    ws.send(Uint8Array.from([0, 1, ...encodeVarBytes(Y.encodeStateAsUpdate(empty))]));
    expect(await closed).toMatchObject({ code: CloseCode.INTERNAL_ERROR });
    expect(storage.appends).toBe(0);
    expect(t.server.rooms.size).toBe(0);
    // While the backoff runs, new connections are refused at once, without hitting storage.
    const again = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
    expect((await closeOf(again)).code).toBe(CloseCode.INTERNAL_ERROR);
    storage.failLoads = false;
    const c = connectClient(t.url, 'acme', 'main');
    try {
      await waitFor(() => c.provider.synced, 'load retried after backoff', 20_000);
      expect(c.doc.getMap('m').get('precious')).toBe('data');
      expect(storage.appends).toBe(0);
    } finally {
      c.destroy();
    }
  });

  it('queues messages that arrive while the room loads and answers only after the load', async () => {
    const d = tempDir();
    const inner = openServerStorage({ dataDir: d.dir, durability: 'normal' });
    const seedDoc = new Y.Doc();
    seedDoc.getArray('a').push(['stored']);
    await inner.appendUpdates(storedKey(d.dir, 'acme', 'slow'), [Y.encodeStateAsUpdate(seedDoc)]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = faultyStorage(inner);
    slow.loadGate = gate;
    t = await startServer({}, { storage: slow }, d.dir);
    const c = connectClient(t.url, 'acme', 'slow');
    try {
      await waitFor(() => t!.server.connections.size === 1, 'connection waiting on load');
      await new Promise((r) => setTimeout(r, 100));
      expect(c.provider.synced).toBe(false);
      release();
      await synced(c);
      expect(c.doc.getArray('a').toArray()).toEqual(['stored']);
    } finally {
      c.destroy();
    }
  });

  it('caps what a connection may hold before it is ready (1013, retried), without touching the room', async () => {
    const d = tempDir();
    const inner = openServerStorage({ dataDir: d.dir, durability: 'normal' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = faultyStorage(inner);
    slow.loadGate = gate;
    t = await startServer({ limits: { maxQueuedMessages: 10 } }, { storage: slow }, d.dir);
    const ws = await rawSocket(`${t.url}/ws/acme/queued?token=${TOKEN}`);
    const closed = closeOf(ws);
    // Corked into one read: pausing the socket cannot stop frames already read.
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.cork();
    for (let i = 0; i < 20; i++) ws.send(Uint8Array.from([3]));
    socket.uncork();
    expect((await closed).code).toBe(CloseCode.TRY_AGAIN_LATER);
    release();
    expect(slow.appends).toBe(0);
  });

  it('frees memory: 1,000 rooms opened and closed return the heap near its baseline', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    t = await startServer({ limits: { maxConnectionsPerIp: 10_000 } });
    const server = t.server;
    const url = t.url;
    const cycle = async (from: number, n: number) => {
      for (let i = from; i < from + n; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, async (_, j) => {
            const ws = await rawSocket(`${url}/ws/acme/leak-${i + j}?token=${TOKEN}`);
            await firstMessage(ws);
            const c = closeOf(ws);
            ws.close();
            await c;
          }),
        );
      }
      await server.rooms.whenIdle();
    };
    await cycle(0, 100); // warm up code paths and caches
    gc();
    const baseline = process.memoryUsage().heapUsed;
    await cycle(1000, 1000);
    expect(server.rooms.size).toBe(0);
    gc();
    gc();
    const grown = process.memoryUsage().heapUsed - baseline;
    // A leaked room holds a Y.Doc, an Awareness and its timers (tens of kB); 1,000 of them would be
    // tens of MB. Allow 8 MB for allocator noise.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });
});

function encodeVarBytes(b: Uint8Array): number[] {
  const out: number[] = [];
  let n = b.length;
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return [...out, ...b];
}
