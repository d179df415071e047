/**
 * Child process for the SYNC-FANOUT and CONNECTIONS benchmarks: one server of the given kind on
 * 127.0.0.1:0, so its CPU and RSS are measured apart from the clients. Talks to the parent over IPC:
 * → {port} once listening; ← 'stats' → {cpu: process.cpuUsage(), rss}; ← 'stop' → exits.
 *
 *   kind = ours   oms-sync (SyncServer, SQLite persistence on, durability as configured)
 *        | stock  @y/websocket-server 0.1.1 setupWSConnection (in-memory, no persistence)
 *        | relay  raw ws relay: every frame forwarded to the other sockets of its room
 */
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from '../../sync-server/config';
import { createLogger } from '../../sync-server/logger';
import { SyncServer } from '../../sync-server/server';

import { BENCH_TOKEN } from './server-child';
const kind = process.argv[2];
const heartbeatMs = Number(process.argv[3] ?? 30_000);
const durability = process.argv[4] === 'normal' ? 'normal' : 'full';

type Stoppable = { port: number; stop: () => Promise<void> };

async function ours(): Promise<Stoppable> {
  const dir = mkdtempSync(join(tmpdir(), 'oms-bench-'));
  const tokensFile = join(dir, 'tokens');
  writeFileSync(tokensFile, `${BENCH_TOKEN} * editor\n`);
  const config = loadConfig({
    env: {},
    overrides: {
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      tokensFile,
      logLevel: 'silent',
      durability,
      limits: { messagesPerSecond: 1_000_000, messageBurst: 1_000_000, maxConnectionsPerIp: 20_000, maxSocketsPerIp: 20_000, maxConnections: 20_000, heartbeatMs },
    },
  });
  const server = new SyncServer({ config, logger: createLogger('silent') });
  const { port } = await server.listen();
  return {
    port,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function stock(): Promise<Stoppable> {
  const { setupWSConnection } = (await import('@y/websocket-server/utils')) as unknown as {
    setupWSConnection: (ws: WebSocket, req: IncomingMessage, opts: { docName: string }) => void;
  };
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: (req.url ?? '/').split('?')[0]!.slice(1) }));
  });
  return listen(http);
}

async function relay(): Promise<Stoppable> {
  const wss = new WebSocketServer({ noServer: true });
  const rooms = new Map<string, Set<WebSocket>>();
  const http = createServer();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const name = (req.url ?? '/').split('?')[0]!;
      let room = rooms.get(name);
      if (!room) rooms.set(name, (room = new Set()));
      room.add(ws);
      ws.on('message', (data, isBinary) => {
        for (const peer of room) if (peer !== ws) peer.send(data, { binary: isBinary });
      });
      ws.on('close', () => room.delete(ws));
    });
  });
  return listen(http);
}

function listen(http: ReturnType<typeof createServer>): Promise<Stoppable> {
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () =>
      resolve({
        port: (http.address() as { port: number }).port,
        stop: async () => {
          http.closeAllConnections();
          await new Promise((r) => http.close(r));
        },
      }),
    ),
  );
}

const started = await (kind === 'ours' ? ours() : kind === 'stock' ? stock() : relay());
process.send!({ port: started.port });
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (msg) => {
  if (msg === 'stats') {
    gc?.();
    const mem = process.memoryUsage();
    process.send!({ cpu: process.cpuUsage(), rss: mem.rss, heapUsed: mem.heapUsed, loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6 });
    loop.reset();
  }
  if (msg === 'stop') void started.stop().finally(() => process.exit(0));
});
