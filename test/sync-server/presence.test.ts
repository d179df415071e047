/**
 * Presence is untrusted input (issue 11): ownership of client ids, caps per connection and room,
 * memory returned on leave, expiry, hostile JSON, and a busy room a stock client can still join.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type WebSocket from 'ws';
import { jsonDepthExceeds } from '../../sync-server/presence';
import { closeOf, connectClient, firstMessage, rawSocket, startServer, synced, TOKEN, VIEWER_TOKEN, waitFor, type Client, type TestServer } from './helpers';

type Entry = [clientId: number, clock: number, state: string];

function awarenessFrame(entries: Entry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, state);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

const user = (name: string): string => JSON.stringify({ user: { name } });

/** Ask for every presence entry and read the answer (earlier broadcasts drained first). */
async function presenceOf(ws: WebSocket): Promise<Map<number, string>> {
  await roundTrip(ws);
  ws.send(Uint8Array.from([3]));
  for (;;) {
    const frame = await firstMessage(ws);
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== 1) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const out = new Map<number, string>();
    const n = decoding.readVarUint(inner);
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      out.set(id, decoding.readVarString(inner));
    }
    return out;
  }
}

/** Round trip: once a query-awareness is answered, every earlier frame of this socket was handled. */
async function roundTrip(ws: WebSocket): Promise<void> {
  ws.send(Uint8Array.from([3]));
  ws.send(Uint8Array.from([0, 0, 1, 0]));
  for (;;) {
    const frame = await firstMessage(ws);
    if (frame[0] === 0 && frame[1] === 1) return;
  }
}

describe('presence ownership and caps', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ limits: { maxPresenceStateBytes: 4096, maxPresencePerRoom: 100 } });
  });
  afterAll(() => t.stop());
  const room = (branch: string) => t.server.rooms.named('acme', branch)!;

  it('a connection cannot overwrite or remove presence another connection owns', async () => {
    const alice = await rawSocket(`${t.url}/ws/acme/own?token=${TOKEN}`);
    alice.send(awarenessFrame([[11, 1, user('alice')]]));
    await roundTrip(alice);
    // A viewer (or anyone) claiming id 11: a newer state, then a removal, both with higher clocks.
    const mallory = await rawSocket(`${t.url}/ws/acme/own?token=${VIEWER_TOKEN}`);
    mallory.send(awarenessFrame([[11, 5, user('mallory')]]));
    mallory.send(awarenessFrame([[11, 9, 'null']]));
    await roundTrip(mallory);
    const seen = await presenceOf(mallory);
    expect(seen.get(11)).toBe(user('alice'));
    // Alice herself may remove it.
    alice.send(awarenessFrame([[11, 2, 'null']]));
    await roundTrip(alice);
    expect(room('own').presence.size).toBe(0);
    alice.close();
    mallory.close();
  });

  it('caps entries per connection without closing it, and returns the memory when it leaves', async () => {
    const ws = await rawSocket(`${t.url}/ws/acme/many?token=${TOKEN}`);
    const closed = closeOf(ws);
    ws.send(awarenessFrame(Array.from({ length: 5000 }, (_, i): Entry => [i + 1, 1, user(`u${i}`)])));
    for (let i = 0; i < 40; i++) ws.send(awarenessFrame([[100_000 + i, 1, user('x')]]));
    await roundTrip(ws);
    expect(room('many').presence.size).toBe(32);
    // Removals leave nothing behind (null-state entries used to stay in memory forever).
    ws.send(awarenessFrame(Array.from({ length: 32 }, (_, i): Entry => [i + 1, 2, 'null'])));
    await roundTrip(ws);
    expect(room('many').presence.size).toBe(0);
    ws.send(awarenessFrame(Array.from({ length: 32 }, (_, i): Entry => [500 + i, 1, user('again')])));
    await roundTrip(ws);
    expect(room('many').presence.size).toBe(32);
    const other = await rawSocket(`${t.url}/ws/acme/many?token=${TOKEN}`);
    ws.close();
    expect((await closed).code).toBe(1005);
    await waitFor(() => room('many').presence.size === 0 && room('many').presence.totalBytes === 0, 'presence freed on leave');
    other.close();
  });

  it('refuses oversized, deeply nested and invalid states; a stock client still joins', async () => {
    const ws = await rawSocket(`${t.url}/ws/acme/hostile?token=${TOKEN}`);
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    ws.send(awarenessFrame([[21, 1, JSON.stringify({ blob: 'x'.repeat(1_000_000) })], [22, 1, deep], [23, 1, '{not json'], [24, 1, user('fine')]]));
    await roundTrip(ws);
    expect([...(await presenceOf(ws)).keys()]).toEqual([24]);
    const c = connectClient(t.url, 'acme', 'hostile');
    try {
      await synced(c);
      await waitFor(() => c.provider.awareness.getStates().has(24), 'joiner sees the valid presence');
    } finally {
      c.destroy();
      ws.close();
    }
  });

  it('caps entries per room', async () => {
    const sockets = await Promise.all(Array.from({ length: 4 }, () => rawSocket(`${t.url}/ws/acme/full?token=${TOKEN}`)));
    for (const [n, ws] of sockets.entries()) ws.send(awarenessFrame(Array.from({ length: 32 }, (_, i): Entry => [n * 1000 + i + 1, 1, user('p')])));
    for (const ws of sockets) await roundTrip(ws);
    expect(room('full').presence.size).toBe(100);
    for (const ws of sockets) ws.close();
  });

  it('measures nesting without being fooled by brackets inside strings', () => {
    expect(jsonDepthExceeds('{"a":"[[[[[[[[[[[[[[[[[[[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds('[[[1]]]', 2)).toBe(true);
    expect(jsonDepthExceeds('{"a":"\\"[[[["}', 1)).toBe(false);
  });
});

describe('presence lifetime', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ limits: { presenceTimeoutMs: 1000 } });
  });
  afterAll(() => t.stop());

  it('expires entries that are not renewed, even while their connection stays', async () => {
    const ws = await rawSocket(`${t.url}/ws/acme/stale?token=${TOKEN}`);
    ws.send(awarenessFrame([[31, 1, user('ghost')]]));
    await roundTrip(ws);
    const room = t.server.rooms.named('acme', 'stale')!;
    expect(room.presence.size).toBe(1);
    await waitFor(() => room.presence.size === 0, 'presence expired', 10_000);
    ws.close();
  });
});

describe('a busy room', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(() => t.stop());

  it('lets a stock client join a room showing more than 32 people (it echoes them all back)', async () => {
    const people: Client[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        const c = connectClient(t.url, 'acme', 'crowd');
        c.provider.awareness.setLocalStateField('user', { name: `person ${i}` });
        people.push(c);
      }
      await Promise.all(people.map(synced));
      const room = t.server.rooms.named('acme', 'crowd')!;
      await waitFor(() => room.presence.size === 40, '40 people present');
      const late = connectClient(t.url, 'acme', 'crowd');
      people.push(late);
      let closedWith: number | null = null;
      late.provider.on('connection-close', (e: CloseEvent | null) => (closedWith = e?.code ?? -1));
      await synced(late);
      await waitFor(() => late.provider.awareness.getStates().size >= 41, 'late joiner sees everyone');
      // Its echo of the 40 others' presence has been handled by now: a round trip through the room.
      late.doc.getMap('m').set('hello', 1);
      await waitFor(() => people[0]!.doc.getMap('m').get('hello') === 1, 'late joiner writes');
      expect(closedWith).toBeNull();
      expect(late.provider.wsconnected).toBe(true);
    } finally {
      for (const c of people) c.destroy();
    }
  });
});
