/** Real servers on 127.0.0.1:0 with real files, and real clients (stock y-websocket, raw ws). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import type { DocKey, DocStorage } from '../../core/storage/doc-storage';
import { loadConfig, type ConfigInput } from '../../sync-server/config';
import { SyncServer, type SyncServerOptions } from '../../sync-server/server';
import { HistoryStore } from '../../sync-server/history/history-store';
import { liveDocKey } from '../../sync-server/live-doc-key';
import { createLogger } from '../../sync-server/logger';

export const TOKEN = 'test-token-editor-0123456789';
export const ADMIN_TOKEN = 'test-token-admin-0123456789';
export const OTHER_WS_TOKEN = 'test-token-other-workspace-0123';
export const EXPIRED_TOKEN = 'test-token-expired-0123456789';
export const VIEWER_TOKEN = 'test-token-viewer-0123456789';

export function tempDir(prefix = 'oms-sync-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTokens(dir: string): string {
  const file = join(dir, 'tokens.txt');
  writeFileSync(
    file,
    [
      '# token workspace-glob role [expires]',
      `${TOKEN} acme* editor`,
      `${ADMIN_TOKEN} * admin`,
      `${OTHER_WS_TOKEN} other editor`,
      `${EXPIRED_TOKEN} * editor 2020-01-01T00:00:00Z`,
      `${VIEWER_TOKEN} acme* viewer`,
      '',
    ].join('\n'),
  );
  return file;
}

export const OWNER_TOKEN = 'test-token-owner-0123456789abc';

/** A token file where OWNER_TOKEN may also rename workspaces (manage_workspace is the owner's alone). */
export function writeOwnerTokens(dir: string): string {
  const file = join(dir, 'tokens-owner.txt');
  writeFileSync(file, `${OWNER_TOKEN} * owner\n${ADMIN_TOKEN} * admin\n${TOKEN} acme* editor\n`);
  return file;
}

/**
 * Bundle a child-process script once (compiling its TypeScript per spawn costs seconds on a busy
 * box). The bundle goes inside the repo so its bare imports (yjs, better-sqlite3) resolve to node_modules.
 */
export async function bundleChild(source: string): Promise<{ file: string; cleanup(): void }> {
  const cache = join(import.meta.dirname, '../../node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'oms-child-'));
  const file = join(dir, 'child.mjs');
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: file, logLevel: 'silent' });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Where the room `workspace`/`branch` of the data directory `dataDir` is stored (its id key),
 * creating its ids as a first connection would: to seed a room before the server starts, or read it back.
 */
export function storedKey(dataDir: string, workspace: string, branch: string): DocKey {
  const history = new HistoryStore(dataDir, 'normal');
  try {
    return liveDocKey(history.roomIds(workspace, branch));
  } finally {
    history.close();
  }
}

export interface TestServer {
  server: SyncServer;
  dir: string;
  url: string;
  http: string;
  stop(): Promise<void>;
}

type Overrides = Omit<ConfigInput, 'limits'> & { limits?: ConfigInput['limits'] };

export async function startServer(overrides: Overrides = {}, extra: Omit<SyncServerOptions, 'config'> = {}, dir?: string): Promise<TestServer> {
  const t = dir ? { dir, cleanup: () => undefined } : tempDir();
  const config = loadConfig({
    env: {},
    overrides: { port: 0, host: '127.0.0.1', dataDir: t.dir, tokensFile: writeTokens(t.dir), logLevel: 'silent', durability: 'normal', ...overrides } as Record<string, unknown>,
  });
  const server = new SyncServer({ config, logger: createLogger('silent'), ...extra });
  const { port } = await server.listen();
  return {
    server,
    dir: t.dir,
    url: `ws://127.0.0.1:${port}`,
    http: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      t.cleanup();
    },
  };
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** A stock y-websocket client, exactly as an app would configure it in Node. */
export function connectClient(baseUrl: string, workspace: string, branch: string, token = TOKEN, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(`${baseUrl}/ws/${workspace}`, branch, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function synced(client: Client): Promise<void> {
  return waitFor(() => client.provider.synced, 'provider synced');
}

/** Open a raw socket and resolve with how the server closed it. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

const inbox = new WeakMap<WebSocket, { frames: Buffer[]; waiters: Array<(b: Buffer) => void> }>();

/** Track frames from the moment the socket exists: the greeting can arrive with the upgrade response. */
export function track(ws: WebSocket): WebSocket {
  const box = { frames: [] as Buffer[], waiters: [] as Array<(b: Buffer) => void> };
  inbox.set(ws, box);
  ws.on('message', (d) => {
    const w = box.waiters.shift();
    if (w) w(d as Buffer);
    else box.frames.push(d as Buffer);
  });
  return ws;
}

export function rawSocket(url: string, options?: WebSocket.ClientOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = track(new WebSocket(url, options));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Next frame from a tracked socket; y-websocket servers greet with sync step 1 once the room is loaded. */
export function firstMessage(ws: WebSocket): Promise<Buffer> {
  const box = inbox.get(ws);
  if (!box) throw new Error('socket not tracked; open it with rawSocket()');
  const f = box.frames.shift();
  if (f) return Promise.resolve(f);
  return new Promise((resolve) => box.waiters.push(resolve));
}

/** Next sync-step-2 reply on a tracked raw socket, as a Y.Doc (skipping the greeting and awareness). */
export async function nextStep2(ws: WebSocket): Promise<Y.Doc> {
  for (;;) {
    const frame = await firstMessage(ws);
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 1) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decoding.readVarUint8Array(d));
    return doc;
  }
}

/**
 * Real storage with injected faults: loads and/or appends fail while the flags are set, loads can be
 * held behind a gate, and appends are counted. A store outage, not a mock: data goes to `inner`.
 */
export interface FaultyStorage extends DocStorage {
  failLoads: boolean;
  failAppends: boolean;
  appends: number;
  /** When set, loads wait for it first. */
  loadGate: Promise<void> | null;
  /** When set, appends wait for it first. */
  appendGate: Promise<void> | null;
}

export function faultyStorage(inner: DocStorage): FaultyStorage {
  const s: FaultyStorage = {
    failLoads: false,
    failAppends: false,
    appends: 0,
    loadGate: null,
    appendGate: null,
    appendUpdates: async (k: DocKey, u: readonly Uint8Array[]) => {
      if (s.appendGate) await s.appendGate;
      if (s.failAppends) throw new Error('disk full');
      s.appends++;
      return inner.appendUpdates(k, u);
    },
    loadDoc: async (k: DocKey) => {
      if (s.loadGate) await s.loadGate;
      if (s.failLoads) throw new Error('disk on fire');
      return inner.loadDoc(k);
    },
    compactDoc: (k: DocKey) => inner.compactDoc(k),
    docSize: (k: DocKey) => inner.docSize(k),
    deleteDoc: (k: DocKey) => inner.deleteDoc(k),
    listDocs: (w?: string) => inner.listDocs(w),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return s;
}
