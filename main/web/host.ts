/**
 * The studio's web host: serves the built renderer and bridges the studio API (the same handler map
 * Electron uses) over a WebSocket at /api, for browsers, the Playwright suite and headless boxes.
 * Binds to loopback unless a host is given explicitly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { createHandlers } from '../ipc/handlers';
import { StudioBackend, type StudioBackendOptions } from '../services/studio';
import { HostGuard, newSecret } from './guard';
import { SECURITY_HEADERS, serveStatic } from './static-files';
import { bridgeSocket } from './ws-bridge';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
/** Largest message a tab may send (an import's text); responses are not capped. */
const MAX_MESSAGE_BYTES = 160 * 1024 * 1024;

export interface WebHostOptions {
  storeDir: string;
  host?: string;
  port?: number;
  /** Default: 24 random bytes, base64url. */
  secret?: string;
  rendererDir?: string;
  examplesDir?: string;
  /** Parse every API output with its schema (tests). */
  checkOutput?: boolean;
  backend?: Omit<StudioBackendOptions, 'storeDir' | 'platform' | 'examplesDir'>;
}

export interface WebHost {
  /** Open this: it carries the secret in its fragment. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  backend: StudioBackend;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const secret = options.secret ?? newSecret();
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const backend = new StudioBackend({ ...options.backend, storeDir: options.storeDir, platform: 'web', ...(options.examplesDir ? { examplesDir: options.examplesDir } : {}) });
  const handlers = createHandlers();
  // Known once the port is: the Host check needs it.
  const bound: { guard?: HostGuard } = {};

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!bound.guard?.hostAllowed(req)) return refuse(res, 421, 'unknown Host');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The API exists only as the authenticated WebSocket; plain HTTP to it gets nothing.
    if (path === '/api' || path.startsWith('/api/')) return refuse(res, 401, 'the studio API needs the launch secret over the /api WebSocket');
    serveStatic(rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/api') return refuseUpgrade(socket, 404, 'Not Found');
    if (!bound.guard?.hostAllowed(req)) return refuseUpgrade(socket, 421, 'Misdirected Request');
    if (!bound.guard.originAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, { backend, handlers, secret, ...(options.checkOutput ? { checkOutput: true } : {}) }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  bound.guard = new HostGuard(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;

  return {
    url: `${origin}/#secret=${secret}`,
    origin,
    port,
    secret,
    backend,
    async close() {
      for (const c of wss.clients) c.close(1001, 'host closing');
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}
