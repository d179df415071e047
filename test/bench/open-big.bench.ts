/**
 * OPEN-BIG: open a generated 10k- and 50k-type workspace in the studio to a usable state — the
 * branch's doc state delivered to a renderer replica over the web host's WebSocket and applied
 * there — vs JSON.parse of the same canonical JSON (the floor: the string already in memory).
 * Also: the longest the host's event loop was blocked during a cold doc.open (measured in the host
 * process alone, no client work in it), since a blocked loop freezes every window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { canonicalJson } from '../../core/model';
import { Workspace } from '../../main/services/store';
import { StudioBackend } from '../../main/services/studio';
import { startWebHost } from '../../main/web';
import { createStudioClient } from '../../renderer/src/api/client';
import { openReplica } from '../../renderer/src/api/replica';
import { WebSocketBridge } from '../../renderer/src/api/web-socket-bridge';
import { randomOntology } from '../support/random-ontology';
import { fmtMs, type Benchmark, type BenchRow } from './lib';

const SIZES = (process.env.OMS_BENCH_OPEN_SIZES ?? '10000,50000').split(',').map(Number);

/** Longest gap between 1 ms ticks while `fn` runs: how long the event loop could not answer anyone. */
async function maxBlock<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; blockMs: number }> {
  let last = performance.now();
  let worst = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    worst = Math.max(worst, performance.now() - last);
    return { result, ms, blockMs: worst };
  } finally {
    clearInterval(tick);
  }
}

async function measure(types: number): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'oms-bench-open-'));
  try {
    const o = randomOntology(3, { objectTypes: types, propertiesPerType: 4, linkTypes: Math.round(types / 4), descriptionRate: 0.3 });
    const json = canonicalJson(o);
    const ws = await Workspace.create(root, 'big', { from: o, durability: 'normal' });
    await ws.close();
    const parse = [0, 1, 2].map(() => {
      const t = performance.now();
      JSON.parse(json);
      return performance.now() - t;
    }).sort((a, b) => a - b)[1] as number;

    // Host side alone (no client work on this loop): the first open builds the branch's live doc
    // from its snapshot (the store materialises it once); a reopen loads the stored doc.
    // Both read every part of the state, as a replica would (the client side's decode is not in it).
    const client = { id: 'bench', emit: () => undefined };
    const openAll = async (b: StudioBackend): Promise<{ session: string; total: number; parts: number }> => {
      const opened = await b.docs.open(client, await b.workspaces.get('big'), 'main');
      let part = opened.part;
      let parts = 1;
      while (!part.done) {
        // A window's doc.read arrives as a message of its own: without a task boundary here every
        // part already split would be read and base64-encoded in one task, a block only this loop makes.
        await new Promise((resolve) => setImmediate(resolve));
        part = await b.docs.read(client, opened.session);
        parts++;
      }
      return { session: opened.session, total: part.total, parts };
    };
    // Closing the last window of the branch: main flushes and lets go of the doc; compaction and the
    // working-cache write run in the store worker (backend.close waits for them, off the loop timed here).
    const backend = new StudioBackend({ storeDir: root, platform: 'web', validateDelayMs: 60_000 });
    const first = await maxBlock(() => openAll(backend));
    const stateBytes = first.result.total;
    const firstClose = await maxBlock(() => backend.docs.close(client, first.result.session));
    await backend.close();
    const backend2 = new StudioBackend({ storeDir: root, platform: 'web', validateDelayMs: 60_000 });
    const again = await maxBlock(() => openAll(backend2));
    const againClose = await maxBlock(() => backend2.docs.close(client, again.result.session));
    await backend2.close();

    // End to end: web host + the renderer's replica over a real WebSocket, cold (fresh host).
    const host = await startWebHost({ storeDir: root, rendererDir: root, backend: { validateDelayMs: 60_000 } });
    const bridge = new WebSocketBridge({ url: `ws://127.0.0.1:${host.port}/api`, secret: host.secret, socket: (u) => new WebSocket(u, { maxPayload: 512 * 1024 * 1024 }) });
    await bridge.ready;
    const studio = createStudioClient(bridge, 'web');
    // The replica is opened on the same loop as the host here, so this row includes the client's decode.
    const { result: replica, ms: e2e } = await maxBlock(() => openReplica(studio, { workspace: 'big', branch: 'main' }));
    await replica.close();
    bridge.close();
    await host.close();

    const k = `${types / 1000}k`;
    return [
      { name: `${k} types: open → replica usable (ws)`, value: fmtMs(e2e), reference: `JSON.parse ${fmtMs(parse)}`, ratio: e2e / parse, ratioLabel: '× JSON.parse' },
      { name: `${k}: host first open (materialise)`, value: fmtMs(first.ms), reference: `JSON.parse ${fmtMs(parse)}`, ratio: first.ms / parse, ratioLabel: '× JSON.parse' },
      { name: `${k}: host first open, max loop block`, value: fmtMs(first.blockMs), reference: `state ${(stateBytes / 1e6).toFixed(1)} MB in ${first.result.parts} parts, JSON ${(json.length / 1e6).toFixed(1)} MB`, ratio: first.blockMs / parse, ratioLabel: '× JSON.parse' },
      { name: `${k}: host reopen`, value: fmtMs(again.ms), reference: `JSON.parse ${fmtMs(parse)}`, ratio: again.ms / parse, ratioLabel: '× JSON.parse' },
      { name: `${k}: host reopen, max loop block`, value: fmtMs(again.blockMs), ratio: again.blockMs / parse, ratioLabel: '× JSON.parse' },
      { name: `${k}: host close (last window) after first open, max loop block`, value: fmtMs(firstClose.blockMs), reference: `close took ${fmtMs(firstClose.ms)}`, ratio: firstClose.blockMs / parse, ratioLabel: '× JSON.parse' },
      { name: `${k}: host close (last window) after reopen, max loop block`, value: fmtMs(againClose.blockMs), reference: `close took ${fmtMs(againClose.ms)}`, ratio: againClose.blockMs / parse, ratioLabel: '× JSON.parse' },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'OPEN-BIG',
  description: 'open a generated 10k-/50k-type workspace to a usable replica in the studio vs JSON.parse of its canonical JSON',
  async run() {
    const rows: BenchRow[] = [];
    for (const n of SIZES) rows.push(...(await measure(n)));
    return rows;
  },
};
export default bench;
