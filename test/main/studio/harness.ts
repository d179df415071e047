/** A real web host on a temp store and port 0, and real WebSocket clients (the renderer's own transport). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../main/web';
import { createStudioClient, type StudioClientApi } from '../../../renderer/src/api/client';
import { WebSocketBridge } from '../../../renderer/src/api/web-socket-bridge';

export interface Harness {
  dir: string;
  storeDir: string;
  host: WebHost;
  connect(): Promise<{ studio: StudioClientApi; bridge: WebSocketBridge }>;
  close(): Promise<void>;
}

/**
 * `entry` as one bundled file in node_modules/.cache (so packages resolve), for a child process or
 * worker: starts in well under a second, where tsx compiled every module first. The caller removes it.
 */
export function bundle(entry: string, name: string): string {
  const dir = join(import.meta.dirname, '../../../node_modules/.cache/oms-studio');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}-${process.pid}.mjs`);
  buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node22', logLevel: 'error' });
  return outfile;
}

export function tempDir(prefix = 'oms-studio-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `keepStore`: the store survives close() (a restart test reopens it with `storeDir`). */
export async function startHarness(options: Partial<WebHostOptions> & { keepStore?: boolean } = {}): Promise<Harness> {
  const dir = tempDir();
  const storeDir = options.storeDir ?? join(dir, 'store');
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>OMS Studio</title>');
  const { keepStore: _keep, ...hostOptions } = options;
  const host = await startWebHost({ rendererDir, checkOutput: true, ...hostOptions, storeDir, backend: { validateDelayMs: 20, validateSettleMs: 0, workspace: { durability: 'normal', verify: false }, ...options.backend } });
  const bridges: WebSocketBridge[] = [];
  return {
    dir,
    storeDir,
    host,
    async connect() {
      const bridge = new WebSocketBridge({ url: `ws://127.0.0.1:${host.port}/api`, secret: host.secret });
      bridges.push(bridge);
      await bridge.ready;
      return { studio: createStudioClient(bridge, 'web'), bridge };
    },
    async close() {
      for (const b of bridges) b.close();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A harness with one connected client and the airline example opened as workspace `airline`. */
export async function startWithAirline(options: Parameters<typeof startHarness>[0] = {}): Promise<{ h: Harness; studio: StudioClientApi; bridge: WebSocketBridge }> {
  const h = await startHarness(options);
  const { studio, bridge } = await h.connect();
  await studio.call('examples.open', { id: 'airline' });
  return { h, studio, bridge };
}
