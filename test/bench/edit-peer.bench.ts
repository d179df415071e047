/**
 * EDIT→PEER: how long a desktop edit takes to show up at the other people in the room. One desktop
 * (the studio's RoomClient on a real branch session, so local persistence runs as in the app) edits
 * an element; 49 stock y-websocket clients watch for it. One edit in flight at a time, through the
 * server on loopback: oms-sync (fsync per batch, and `normal`) side by side with the stock
 * @y/websocket-server (in memory, persists nothing) in the same run. Latency per (edit, peer).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { entitiesMap, setField } from '../../core/yjs';
import { Workspace } from '../../main/services/store';
import { RoomClient, StaticTokenProvider } from '../../main/services/sync';
import { airline } from '../support/workspace-fixture';
import { fmtMs, percentile, type Benchmark, type BenchRow, type Sample } from './lib';
import { BENCH_TOKEN, startServerChild } from './server-child';

const PEERS = Number(process.env.OMS_BENCH_PEERS ?? 49);
const EDITS = Number(process.env.OMS_BENCH_EDITS ?? 150);
const TARGET = 'ot-flight';

async function waitFor(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function measure(kind: 'ours' | 'stock', durability: 'full' | 'normal'): Promise<Sample> {
  const server = await startServerChild(kind, 30_000, durability);
  const root = mkdtempSync(join(tmpdir(), 'oms-bench-edit-peer-'));
  const ws = await Workspace.create(root, 'acme', { from: airline(), durability: 'full' });
  const session = await ws.openBranch('main');
  const url = `ws://127.0.0.1:${server.port}`;
  const desk = new RoomClient({ serverUrl: url, workspace: 'acme', branch: 'main', doc: session.doc, auth: new StaticTokenProvider(BENCH_TOKEN) });
  const peers: Array<{ doc: Y.Doc; provider: WebsocketProvider }> = [];
  try {
    desk.start();
    await waitFor(() => desk.status.state === 'synced', 'desktop synced');
    const seenAt: number[][] = [];
    for (let p = 0; p < PEERS; p++) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${url}/ws/acme`, 'main', doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, params: { token: BENCH_TOKEN } });
      const mine: number[] = [];
      seenAt.push(mine);
      doc.on('update', () => {
        const v = entitiesMap(doc).get(TARGET)?.get('displayName');
        if (typeof v === 'string' && v.startsWith('edit ')) mine[Number(v.slice(5))] ??= performance.now();
      });
      peers.push({ doc, provider });
    }
    await waitFor(() => peers.every((p) => p.provider.synced && entitiesMap(p.doc).get(TARGET) !== undefined), 'peers synced');
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const t0 = performance.now();
      setField(session.doc, { id: TARGET }, 'displayName', `edit ${i}`);
      await waitFor(() => seenAt.every((s) => s[i] !== undefined), `edit ${i} everywhere`);
      if (i >= 10) for (const s of seenAt) latencies.push(s[i]! - t0); // the first ones warm up JIT and sockets
    }
    return { runs: latencies.sort((x, y) => x - y) };
  } finally {
    for (const p of peers) {
      p.provider.destroy();
      p.doc.destroy();
    }
    desk.stop();
    await session.close();
    await ws.close();
    rmSync(root, { recursive: true, force: true });
    await server.stop();
  }
}

const bench: Benchmark = {
  name: 'EDIT-PEER',
  description: `desktop edit → ${PEERS} peers through the server, one edit in flight (${EDITS} edits), p50/p99`,
  async run(): Promise<BenchRow[]> {
    const stock = await measure('stock', 'normal');
    const full = await measure('ours', 'full');
    const normal = await measure('ours', 'normal');
    const row = (name: string, s: Sample): BenchRow[] => [
      { name: `${name} p50`, value: fmtMs(percentile(s, 50)), reference: `stock ${fmtMs(percentile(stock, 50))}`, ratio: percentile(s, 50) / percentile(stock, 50), ratioLabel: '× the stock server' },
      { name: `${name} p99`, value: fmtMs(percentile(s, 99)), reference: `stock ${fmtMs(percentile(stock, 99))}`, ratio: percentile(s, 99) / percentile(stock, 99), ratioLabel: '× the stock server' },
    ];
    return [
      { name: 'stock @y/websocket-server p50', value: fmtMs(percentile(stock, 50)) },
      { name: 'stock @y/websocket-server p99', value: fmtMs(percentile(stock, 99)) },
      ...row('oms-sync fsync', full),
      ...row('oms-sync normal', normal),
    ];
  },
};

export default bench;
