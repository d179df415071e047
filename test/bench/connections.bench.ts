/**
 * CONNECTIONS: as many idle authenticated connections as the box allows, up to 10,000, spread over
 * 100 rooms, with the heartbeat running (2 s interval, so several ping/pong rounds pass while we
 * measure). Server in a child process; RSS per connection = (RSS with N open − RSS before) / N.
 * Side by side: the stock @y/websocket-server 0.1.1 (no auth, per-socket ping timers) as reference.
 */
import WebSocket from 'ws';
import type { Benchmark, BenchRow } from './lib';
import { BENCH_TOKEN, startServerChild } from './server-child';

const TARGET = 10_000;
const ROOMS = 100;
const HEARTBEAT_MS = 2_000;
const TIME_BUDGET_MS = 90_000;

interface Result {
  open: number;
  rssPerConnection: number;
  rssTotal: number;
  survivedHeartbeats: boolean;
}

async function measure(kind: 'ours' | 'stock'): Promise<Result> {
  const server = await startServerChild(kind, HEARTBEAT_MS, 'normal');
  await new Promise((r) => setTimeout(r, 500));
  const base = await server.stats();
  const sockets: WebSocket[] = [];
  let closedEarly = 0;
  const started = Date.now();
  const openOne = (i: number) =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/conn/room-${i % ROOMS}?token=${BENCH_TOKEN}`, { perMessageDeflate: false });
      ws.once('open', () => {
        sockets.push(ws);
        ws.once('close', () => closedEarly++);
        resolve();
      });
      ws.once('error', () => resolve());
    });
  for (let i = 0; i < TARGET && Date.now() - started < TIME_BUDGET_MS; i += 250) {
    await Promise.all(Array.from({ length: Math.min(250, TARGET - i) }, (_, j) => openOne(i + j)));
  }
  // Let several heartbeats pass: a broken ping/pong would terminate the sockets here.
  await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 3));
  const after = await server.stats();
  const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  const survivedHeartbeats = closedEarly === 0;
  for (const s of sockets) s.terminate();
  await server.stop();
  return { open, rssPerConnection: (after.rss - base.rss) / Math.max(1, open), rssTotal: after.rss, survivedHeartbeats };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB/connection`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB RSS`;

const bench: Benchmark = {
  name: 'CONNECTIONS',
  description: `up to ${TARGET.toLocaleString('en-US')} idle authenticated connections over ${ROOMS} rooms, heartbeat every ${HEARTBEAT_MS} ms`,
  async run(): Promise<BenchRow[]> {
    const ours = await measure('ours');
    const stock = await measure('stock');
    const projected = (ours.rssTotal / Math.max(1, ours.open)) * TARGET;
    return [
      { name: 'oms-sync connections open', value: `${ours.open.toLocaleString('en-US')}`, reference: ours.survivedHeartbeats ? 'all survived 3 heartbeats' : 'SOME CLOSED during heartbeats' },
      { name: 'oms-sync RSS', value: kb(ours.rssPerConnection), reference: mib(ours.rssTotal), target: '10k < 1 GiB', pass: ours.open >= TARGET ? ours.rssTotal < 1024 ** 3 : projected < 1024 ** 3 },
      { name: 'stock connections open', value: `${stock.open.toLocaleString('en-US')}`, reference: stock.survivedHeartbeats ? 'all survived' : 'some closed' },
      { name: 'stock RSS', value: kb(stock.rssPerConnection), reference: mib(stock.rssTotal) },
      { name: 'RSS/connection oms-sync ÷ stock', value: '', ratio: ours.rssPerConnection / stock.rssPerConnection, ratioLabel: '× stock memory per connection (lower is better)' },
    ];
  },
};
export default bench;
