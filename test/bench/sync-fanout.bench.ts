/**
 * SYNC-FANOUT: 100 receivers, writers send Yjs updates, every receiver must get all of them. Shapes:
 * burst (one room, 20 updates per event-loop turn, as an import or a busy room would); paced (5
 * rooms × 20 receivers with 4 writers each, every writer with one update in flight: several
 * people typing in several live rooms, so a durable server wins only by committing the updates of
 * many writers and rooms with one fsync and one frame per receiver); and paced in one room with one
 * writer (one update in flight on the whole server: the latency floor, bound by fsync when durable;
 * informational). Servers run in a child
 * process (sync-fanout.server.ts), side by side in one run: oms-sync with SQLite persistence on
 * (durability full, fsync per batch), the stock @y/websocket-server 0.1.1 (in memory), and a raw
 * ws relay (no Yjs at all: the floor any server on ws pays).
 *
 * One room paced with durability `full` is bound by fsync latency (every update waits for its own
 * fsync before anyone sees it); `normal` shows the fan-out path itself.
 *
 * deliveries = receivers × updates. Completion: each receiver has seen the marker carried by the
 * last update (oms-sync merges the updates of one tick into one frame, so receivers count content,
 * not frames). Server CPU per delivery = child's process.cpuUsage delta / deliveries.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { Benchmark, BenchRow } from './lib';
import { fmtRate } from './lib';
import { BENCH_TOKEN, startServerChild, type ServerChild } from './server-child';

const RECEIVERS = 100;
const UPDATES = 1000;
const REPS = 2;
const ROUNDS = Number(process.env.OMS_BENCH_ROUNDS ?? 3);
const PACED_DEADLINE_MS = 120_000;
const PACED_UPDATES = 300;
const PER_TURN = 20;
const PACED_ROOMS = 5;
const WRITERS_PER_ROOM = 4;

function updateFrames(reps: number, count: number, clientID: number): Array<{ frames: Uint8Array[]; marker: Buffer }> {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const out: Array<{ frames: Uint8Array[]; marker: Buffer }> = [];
  for (let r = 0; r < reps; r++) {
    const frames: Uint8Array[] = [];
    const marker = Buffer.from(`fanout-end-${r}-${Math.random().toString(36).slice(2)}`);
    for (let i = 0; i < count; i++) {
      const sv = Y.encodeStateVector(doc);
      if (i === count - 1) doc.getMap('end').set('marker', marker.toString());
      else doc.getArray<number>('log').push([i]);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, sv));
      frames.push(encoding.toUint8Array(e));
    }
    out.push({ frames, marker });
  }
  return out;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

interface Result {
  deliveriesPerSec: number;
  cpuMicrosPerDelivery: number;
  framesPerReceiver: number;
  pacedDeliveriesPerSec: number;
  pacedCpuMicrosPerDelivery: number;
  singleDeliveriesPerSec: number;
}


async function connect(port: number, room: string, count = RECEIVERS): Promise<{ receivers: WebSocket[]; writer: WebSocket }> {
  const url = `ws://127.0.0.1:${port}/ws/bench/${room}?token=${BENCH_TOKEN}`;
  const receivers: WebSocket[] = [];
  for (let i = 0; i < count; i += 20) receivers.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, () => open(url)))));
  const writer = await open(url);
  // Let greetings (sync step 1) arrive before counting frames.
  await new Promise((r) => setTimeout(r, 300));
  return { receivers, writer };
}

/** Burst: 20 updates per event-loop turn, as fast as the writer can. */
async function burst(receivers: WebSocket[], writer: WebSocket, set: { frames: Uint8Array[]; marker: Buffer }, count: { frames: number }): Promise<number> {
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    for (const ws of receivers) {
      const onMessage = (data: Buffer): void => {
        count.frames++;
        if (data.indexOf(set.marker) !== -1) {
          ws.off('message', onMessage);
          if (++done === receivers.length) resolve();
        }
      };
      ws.on('message', onMessage);
    }
  });
  const start = performance.now();
  for (let i = 0; i < set.frames.length; i++) {
    writer.send(set.frames[i]!);
    if (i % PER_TURN === PER_TURN - 1) await new Promise((r) => setImmediate(r));
  }
  await finished;
  return performance.now() - start;
}

/** Paced: one update in flight; the next is sent when the first receiver has it (no batching possible). */
async function paced(receivers: WebSocket[], writer: WebSocket, frames: Uint8Array[]): Promise<number> {
  const got = new Array<number>(receivers.length).fill(0);
  let waiting: (() => void) | null = null;
  let allDone: (() => void) | null = null;
  const finished = new Promise<void>((r) => (allDone = r));
  let complete = 0;
  receivers.forEach((ws, i) => {
    ws.removeAllListeners('message');
    ws.on('message', () => {
      got[i]!++;
      if (i === 0 && waiting) waiting();
      if (got[i] === frames.length && ++complete === receivers.length) allDone!();
    });
  });
  const start = performance.now();
  for (let i = 0; i < frames.length; i++) {
    const arrived = new Promise<void>((r) => (waiting = r));
    writer.send(frames[i]!);
    await arrived;
  }
  await finished;
  return performance.now() - start;
}

/** Updates of writer `w` that set `key`, so receivers can find them inside merged frames. */
function markedFrames(count: number, clientID: number, w: number): Array<{ frame: Uint8Array; marker: Buffer }> {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const out: Array<{ frame: Uint8Array; marker: Buffer }> = [];
  for (let i = 0; i < count; i++) {
    const sv = Y.encodeStateVector(doc);
    const key = `w${w}u${i}.`;
    doc.getMap('m').set(key, i);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, sv));
    out.push({ frame: encoding.toUint8Array(e), marker: Buffer.from(key) });
  }
  return out;
}

/**
 * Several writers in one room, each with one update in flight: a writer sends its next update when
 * the room's first receiver has its previous one. Done when every receiver has every writer's last.
 */
async function pacedWriters(receivers: WebSocket[], writers: WebSocket[], sets: Array<Array<{ frame: Uint8Array; marker: Buffer }>>): Promise<void> {
  const next = writers.map(() => 0);
  let remaining = receivers.length * writers.length;
  let allDone!: () => void;
  const finished = new Promise<void>((r) => (allDone = r));
  const send = (w: number): void => {
    const item = sets[w]![next[w]!];
    if (item) writers[w]!.send(item.frame);
  };
  receivers.forEach((ws, r) => {
    ws.removeAllListeners('message');
    const lastSeen = writers.map(() => false);
    ws.on('message', (data: Buffer) => {
      for (let w = 0; w < writers.length; w++) {
        if (r === 0) {
          // Pacing: as long as this writer's in-flight update is in the frame, send its next one.
          while (next[w]! < sets[w]!.length && data.indexOf(sets[w]![next[w]!]!.marker) !== -1) {
            next[w]!++;
            send(w);
          }
        }
        if (!lastSeen[w] && data.indexOf(sets[w]![sets[w]!.length - 1]!.marker) !== -1) {
          lastSeen[w] = true;
          if (--remaining === 0) allDone();
        }
      }
    });
  });
  writers.forEach((_, w) => send(w));
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`paced writers stuck: writers at ${next.join(',')} of ${sets[0]!.length}, ${remaining} receiver×writer pairs missing their last update`)), PACED_DEADLINE_MS);
  });
  try {
    await Promise.race([finished, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

type Stats = Awaited<ReturnType<ServerChild['stats']>>;
const cpuMicros = (x: Stats, y: Stats) => y.cpu.user - x.cpu.user + (y.cpu.system - x.cpu.system);

/** One round on one server: a burst room and a paced room, each with fresh receivers. */
async function runRound(server: ServerChild, round: number, burstSets: ReturnType<typeof updateFrames>, pacedFrames: Uint8Array[]): Promise<Result> {
  const b = await connect(server.port, `burst-${round}`);
  const count = { frames: 0 };
  await burst(b.receivers, b.writer, burstSets[0]!, count); // warm-up
  count.frames = 0;
  let before = await server.stats();
  let ms = 0;
  for (const set of burstSets.slice(1)) ms += await burst(b.receivers, b.writer, set, count);
  let after = await server.stats();
  const deliveries = RECEIVERS * UPDATES * (burstSets.length - 1);
  const burstCpu = cpuMicros(before, after);
  for (const ws of [...b.receivers, b.writer]) ws.terminate();
  // Rooms are separate documents: every room can replay the same writers' frames.
  const perWriter = PACED_UPDATES / WRITERS_PER_ROOM;
  const sets = Array.from({ length: WRITERS_PER_ROOM }, (_, w) => markedFrames(perWriter, 7000 + round * 10 + w, w));
  const rooms = [];
  for (let r = 0; r < PACED_ROOMS; r++) {
    const room = await connect(server.port, `paced-${round}-${r}`, RECEIVERS / PACED_ROOMS);
    const url = `ws://127.0.0.1:${server.port}/ws/bench/paced-${round}-${r}?token=${BENCH_TOKEN}`;
    rooms.push({ receivers: room.receivers, writers: [room.writer, ...(await Promise.all(Array.from({ length: WRITERS_PER_ROOM - 1 }, () => open(url))))] });
  }
  await new Promise((r) => setTimeout(r, 200));
  before = await server.stats();
  const startedAt = performance.now();
  await Promise.all(rooms.map((p) => pacedWriters(p.receivers, p.writers, sets)));
  const pacedMs = performance.now() - startedAt;
  after = await server.stats();
  for (const p of rooms) for (const ws of [...p.receivers, ...p.writers]) ws.terminate();
  const pacedDeliveries = RECEIVERS * PACED_UPDATES;
  const single = await connect(server.port, `single-${round}`);
  const singleMs = await paced(single.receivers, single.writer, pacedFrames.slice(0, PACED_UPDATES / 3));
  for (const ws of [...single.receivers, single.writer]) ws.terminate();
  return {
    singleDeliveriesPerSec: (RECEIVERS * (PACED_UPDATES / 3)) / (singleMs / 1000),
    deliveriesPerSec: deliveries / (ms / 1000),
    cpuMicrosPerDelivery: burstCpu / deliveries,
    framesPerReceiver: count.frames / RECEIVERS / (burstSets.length - 1),
    pacedDeliveriesPerSec: pacedDeliveries / (pacedMs / 1000),
    pacedCpuMicrosPerDelivery: cpuMicros(before, after) / pacedDeliveries,
  };
}

function median(results: Result[]): Result {
  const mid = (f: (r: Result) => number) => {
    const xs = results.map(f).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!;
  };
  return {
    deliveriesPerSec: mid((r) => r.deliveriesPerSec),
    cpuMicrosPerDelivery: mid((r) => r.cpuMicrosPerDelivery),
    framesPerReceiver: mid((r) => r.framesPerReceiver),
    pacedDeliveriesPerSec: mid((r) => r.pacedDeliveriesPerSec),
    pacedCpuMicrosPerDelivery: mid((r) => r.pacedCpuMicrosPerDelivery),
    singleDeliveriesPerSec: mid((r) => r.singleDeliveriesPerSec),
  };
}

type Contender = 'ours' | 'oursNormal' | 'stock' | 'relay';

/**
 * All four servers run at once; rounds interleave them (rotating the order), and each figure is the
 * median over rounds, so load from elsewhere on the machine hits every contender alike.
 */
async function runAll(): Promise<Record<Contender, Result>> {
  const servers: Record<Contender, ServerChild> = {
    ours: await startServerChild('ours', 30_000, 'full'),
    oursNormal: await startServerChild('ours', 30_000, 'normal'),
    stock: await startServerChild('stock'),
    relay: await startServerChild('relay'),
  };
  const names = Object.keys(servers) as Contender[];
  const results: Record<Contender, Result[]> = { ours: [], oursNormal: [], stock: [], relay: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const burstSets = updateFrames(REPS + 1, UPDATES, 4242 + round);
      const pacedFrames = updateFrames(1, PACED_UPDATES, 5353 + round)[0]!.frames;
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + round) % names.length]!;
        results[name].push(await runRound(servers[name], round, burstSets, pacedFrames));
      }
    }
  } finally {
    await Promise.all(names.map((n) => servers[n].stop()));
  }
  return { ours: median(results.ours), oursNormal: median(results.oursNormal), stock: median(results.stock), relay: median(results.relay) };
}

const bench: Benchmark = {
  name: 'SYNC-FANOUT',
  description: `${RECEIVERS} receivers: burst ${UPDATES} updates × ${REPS} in one room; paced: ${PACED_ROOMS} rooms × ${RECEIVERS / PACED_ROOMS} receivers × ${WRITERS_PER_ROOM} writers, ${PACED_UPDATES} updates per room, one in flight per writer; paced in one room with one writer; median of ${ROUNDS} interleaved rounds; oms-sync (SQLite, fsync) vs @y/websocket-server 0.1.1 vs raw ws relay`,
  async run(): Promise<BenchRow[]> {
    const { ours, oursNormal, stock, relay } = await runAll();
    const detail = (r: Result) => `${r.cpuMicrosPerDelivery.toFixed(2)} µs server CPU/delivery, ${Math.round(r.framesPerReceiver)} frames/receiver`;
    const pacedDetail = (r: Result) => `${r.pacedCpuMicrosPerDelivery.toFixed(2)} µs server CPU/delivery`;
    const ratio = (name: string, a: number, b: number, label: string, target?: number): BenchRow =>
      target === undefined ? { name, value: '', ratio: a / b, ratioLabel: label } : { name, value: '', ratio: a / b, ratioLabel: label, target: `≥ ${target}×`, pass: a / b >= target };
    return [
      { name: 'burst: oms-sync (fsync)', value: fmtRate(ours.deliveriesPerSec, 'deliveries'), reference: detail(ours) },
      { name: 'burst: oms-sync (durability normal)', value: fmtRate(oursNormal.deliveriesPerSec, 'deliveries'), reference: detail(oursNormal) },
      { name: 'burst: stock', value: fmtRate(stock.deliveriesPerSec, 'deliveries'), reference: detail(stock) },
      { name: 'burst: raw relay', value: fmtRate(relay.deliveriesPerSec, 'deliveries'), reference: detail(relay) },
      ratio('burst: oms-sync ÷ stock', ours.deliveriesPerSec, stock.deliveriesPerSec, '× stock', 1.3),
      ratio('burst: oms-sync ÷ raw relay', ours.deliveriesPerSec, relay.deliveriesPerSec, '× relay', 0.8),
      ratio('burst: CPU/delivery stock ÷ oms-sync', stock.cpuMicrosPerDelivery, ours.cpuMicrosPerDelivery, '× less server CPU'),
      { name: 'paced: oms-sync (fsync)', value: fmtRate(ours.pacedDeliveriesPerSec, 'deliveries'), reference: pacedDetail(ours) },
      { name: 'paced: oms-sync (durability normal)', value: fmtRate(oursNormal.pacedDeliveriesPerSec, 'deliveries'), reference: pacedDetail(oursNormal) },
      { name: 'paced: stock', value: fmtRate(stock.pacedDeliveriesPerSec, 'deliveries'), reference: pacedDetail(stock) },
      { name: 'paced: raw relay', value: fmtRate(relay.pacedDeliveriesPerSec, 'deliveries'), reference: pacedDetail(relay) },
      ratio('paced: oms-sync (fsync) ÷ stock', ours.pacedDeliveriesPerSec, stock.pacedDeliveriesPerSec, '× stock', 1.3),
      ratio('paced: oms-sync (fsync) ÷ raw relay', ours.pacedDeliveriesPerSec, relay.pacedDeliveriesPerSec, '× relay', 0.8),
      ratio('paced: oms-sync (normal) ÷ stock', oursNormal.pacedDeliveriesPerSec, stock.pacedDeliveriesPerSec, '× stock', 1.3),
      ratio('paced: oms-sync (normal) ÷ raw relay', oursNormal.pacedDeliveriesPerSec, relay.pacedDeliveriesPerSec, '× relay', 0.8),
      ratio('paced: CPU/delivery stock ÷ oms-sync (fsync)', stock.pacedCpuMicrosPerDelivery, ours.pacedCpuMicrosPerDelivery, '× less server CPU'),
      ratio('paced: CPU/delivery stock ÷ oms-sync (normal)', stock.pacedCpuMicrosPerDelivery, oursNormal.pacedCpuMicrosPerDelivery, '× less server CPU'),
      { name: 'paced, one room: oms-sync (fsync)', value: fmtRate(ours.singleDeliveriesPerSec, 'deliveries'), reference: 'fsync-latency bound' },
      { name: 'paced, one room: oms-sync (normal)', value: fmtRate(oursNormal.singleDeliveriesPerSec, 'deliveries') },
      { name: 'paced, one room: stock', value: fmtRate(stock.singleDeliveriesPerSec, 'deliveries') },
      { name: 'paced, one room: raw relay', value: fmtRate(relay.singleDeliveriesPerSec, 'deliveries') },
      ratio('paced, one room: oms-sync (fsync) ÷ stock', ours.singleDeliveriesPerSec, stock.singleDeliveriesPerSec, '× stock'),
    ];
  },
};
export default bench;
