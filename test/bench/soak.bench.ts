/**
 * SOAK: 1,000 clients on loopback, bounded in count and time, against a server child.
 *
 * 1. JOIN-BIG: a 1.9 MB document; 1,000 clients join it (100 at a time) and each asks for the full
 *    state (sync step 1 with an empty state vector), as new clients do. Measured: wall time until
 *    every client has its answer and the server's worst event-loop delay meanwhile. Reference: the
 *    stock @y/websocket-server 0.1.1, which encodes the state once per connection.
 * 2. SOAK: 1,000 clients over 50 rooms each send 5 edits and a presence state, everyone receives
 *    its room's edits, then all leave. Measured: server heap after a full GC before the clients,
 *    with them, and after they left and the rooms unloaded; the target is "back to baseline".
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { Benchmark, BenchRow } from './lib';
import { BENCH_TOKEN, startServerChild, type ServerChild } from './server-child';

const CLIENTS = 1000;
const BATCH = 100;
const DOC_BYTES = 1_900_000;
const SOAK_ROOMS = 50;
const EDITS = 5;
const TIME_BUDGET_MS = 60_000;

function frame(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  if (sub !== null) encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

const EMPTY_STEP1 = frame(0, 0, Uint8Array.from([0]));

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const isStep2 = (data: Buffer): boolean => data[0] === 0 && data[1] === 1;
const url = (server: ServerChild, room: string) => `ws://127.0.0.1:${server.port}/ws/soak/${room}?token=${BENCH_TOKEN}`;

/** A writer fills `room` with a ~1.9 MB document in 100 kB updates and waits until it is stored. */
async function bigDocument(server: ServerChild, room: string): Promise<void> {
  const ws = await open(url(server, room));
  const doc = new Y.Doc();
  const text = doc.getText('t');
  while (Y.encodeStateAsUpdate(doc).byteLength < DOC_BYTES) {
    const sv = Y.encodeStateVector(doc);
    text.insert(text.length, Math.random().toString(36).repeat(3000).slice(0, 100_000));
    ws.send(frame(0, 2, Y.encodeStateAsUpdate(doc, sv)));
  }
  // Our step 1 is answered only once everything before it is durable (stock: at once, in memory).
  const answered = new Promise<void>((resolve) => ws.on('message', (d: Buffer) => isStep2(d) && resolve()));
  ws.send(EMPTY_STEP1);
  await answered;
  ws.close();
}

interface JoinResult {
  ms: number;
  answered: number;
  loopMaxMs: number;
}

async function joinBig(kind: 'ours' | 'stock'): Promise<JoinResult> {
  const server = await startServerChild(kind, 30_000, 'full');
  const sockets: WebSocket[] = [];
  try {
    await bigDocument(server, 'big');
    await server.stats();
    const started = performance.now();
    let answered = 0;
    for (let i = 0; i < CLIENTS && performance.now() - started < TIME_BUDGET_MS; i += BATCH) {
      await Promise.all(
        Array.from({ length: BATCH }, async () => {
          const ws = await open(url(server, 'big'));
          sockets.push(ws);
          const got = new Promise<void>((resolve) => ws.on('message', (d: Buffer) => isStep2(d) && resolve()));
          ws.send(EMPTY_STEP1);
          await got;
          answered++;
        }),
      );
    }
    const ms = performance.now() - started;
    const after = await server.stats();
    return { ms, answered, loopMaxMs: after.loopMaxMs };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}

interface SoakResult {
  baseHeap: number;
  peakHeap: number;
  afterHeap: number;
  delivered: boolean;
  ms: number;
}

function presence(clientId: number): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, 0);
  encoding.writeVarString(inner, JSON.stringify({ user: { name: `soak ${clientId}`, color: '#a0c' } }));
  return frame(1, null, encoding.toUint8Array(inner));
}

async function soak(): Promise<SoakResult> {
  const server = await startServerChild('ours', 30_000, 'full');
  try {
    await new Promise((r) => setTimeout(r, 300));
    const baseHeap = (await server.stats()).heapUsed;
    const started = performance.now();
    const clients: Array<{ ws: WebSocket; room: number; seen: Set<string> }> = [];
    for (let i = 0; i < CLIENTS; i += BATCH) {
      clients.push(
        ...(await Promise.all(
          Array.from({ length: BATCH }, async (_, j) => {
            const room = (i + j) % SOAK_ROOMS;
            const ws = await open(url(server, `room-${room}`));
            const seen = new Set<string>();
            ws.on('message', (d: Buffer) => {
              // Count edit markers (`e<client>-<n>`) in whatever frames arrive (updates are merged).
              for (const m of d.toString('latin1').matchAll(/e\d+-\d/g)) seen.add(m[0]);
            });
            return { ws, room, seen };
          }),
        )),
      );
    }
    for (const [n, c] of clients.entries()) {
      const doc = new Y.Doc();
      doc.clientID = n + 1;
      c.ws.send(presence(n + 1));
      for (let k = 0; k < EDITS; k++) {
        const sv = Y.encodeStateVector(doc);
        doc.getMap('m').set(`e${n}-${k}`, k);
        c.ws.send(frame(0, 2, Y.encodeStateAsUpdate(doc, sv)));
      }
    }
    const perRoom = (CLIENTS / SOAK_ROOMS) * EDITS;
    const deadline = performance.now() + TIME_BUDGET_MS;
    while (clients.some((c) => c.seen.size < perRoom - EDITS) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const delivered = clients.every((c) => c.seen.size >= perRoom - EDITS);
    const ms = performance.now() - started;
    const peakHeap = (await server.stats()).heapUsed;
    await Promise.all(clients.map((c) => new Promise<void>((resolve) => (c.ws.once('close', () => resolve()), c.ws.close()))));
    // Rooms unload once their last update is durable; give them a moment, then measure.
    await new Promise((r) => setTimeout(r, 1500));
    const afterHeap = (await server.stats()).heapUsed;
    return { baseHeap, peakHeap, afterHeap, delivered, ms };
  } finally {
    await server.stop();
  }
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

const bench: Benchmark = {
  name: 'SOAK',
  description: `${CLIENTS} loopback clients: joining a ${(DOC_BYTES / 1e6).toFixed(1)} MB document (vs stock), then ${SOAK_ROOMS} rooms × ${EDITS} edits each and leave (heap after GC)`,
  async run(): Promise<BenchRow[]> {
    const ours = await joinBig('ours');
    const stock = await joinBig('stock');
    const s = await soak();
    const back = s.afterHeap - s.baseHeap;
    return [
      { name: 'join-big: oms-sync', value: `${Math.round(ours.ms)} ms`, reference: `${ours.answered} answered, worst event-loop delay ${ours.loopMaxMs.toFixed(0)} ms` },
      { name: 'join-big: stock', value: `${Math.round(stock.ms)} ms`, reference: `${stock.answered} answered, worst event-loop delay ${stock.loopMaxMs.toFixed(0)} ms` },
      { name: 'join-big: time stock ÷ oms-sync', value: '', ratio: stock.ms / stock.answered / (ours.ms / ours.answered), ratioLabel: '× faster per client' },
      { name: 'join-big: loop delay stock ÷ oms-sync', value: '', ratio: stock.loopMaxMs / Math.max(1, ours.loopMaxMs), ratioLabel: '× shorter worst stall' },
      { name: 'soak: edits delivered', value: s.delivered ? 'all' : 'SOME MISSING', reference: `${Math.round(s.ms)} ms for connect + edits` },
      { name: 'soak: server heap', value: `${mib(s.baseHeap)} → ${mib(s.peakHeap)} → ${mib(s.afterHeap)}`, reference: 'before → with clients → after they left' },
      { name: 'soak: heap after leave − baseline', value: mib(back), target: '≤ 8 MiB', pass: back <= 8 * 1024 * 1024 },
    ];
  },
};
export default bench;
