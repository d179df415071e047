/**
 * The web host's transport: the studio API over one WebSocket to /api. The first message is the
 * hello with the launch secret (from the page URL's fragment); calls are `{id, method, input}`,
 * answered by `{id, ok, …}`, and events arrive as `{event, payload}`.
 *
 * Works with the browser's WebSocket and Node's global one (tests drive the real host with it).
 */
import type { InvokeResult, StudioBridge } from '../../../core/contract/studio-api';

/** The part of WebSocket this needs, so it type-checks with DOM and with Node's typings. */
interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', fn: (ev: { code?: number; reason?: string }) => void): void;
  addEventListener(type: 'message', fn: (ev: { data: unknown }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export interface WebSocketBridgeOptions {
  /** ws://host:port/api */
  url: string;
  secret: string;
  socket?: SocketFactory;
}

export class WebSocketBridge implements StudioBridge {
  private readonly socket: SocketLike;
  private readonly pending = new Map<number, (r: InvokeResult) => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private nextId = 1;
  private closedWith: InvokeResult | undefined;
  /** Resolves after the host welcomed us (secret accepted); rejects if it closed first. */
  readonly ready: Promise<void>;

  constructor(options: WebSocketBridgeOptions) {
    const factory: SocketFactory = options.socket ?? ((url) => new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(url));
    this.socket = factory(options.url);
    this.ready = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => this.socket.send(JSON.stringify({ hello: 'oms-studio/1', secret: options.secret })));
      this.socket.addEventListener('message', (ev) => {
        const msg = JSON.parse(String(ev.data)) as { welcome?: string; id?: number; event?: string; payload?: unknown } & InvokeResult;
        if (msg.welcome !== undefined) return resolve();
        if (msg.event !== undefined) {
          for (const fn of this.listeners.get(msg.event) ?? []) fn(msg.payload);
          return;
        }
        if (msg.id !== undefined) {
          const done = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          done?.(msg.ok ? { ok: true, output: msg.output } : { ok: false, error: msg.error });
        }
      });
      this.socket.addEventListener('close', (ev) => {
        const error = { code: ev.code === 4401 ? 'UNAUTHORIZED' : 'TRANSPORT_CLOSED', message: `the studio host closed the connection (${ev.code ?? '?'} ${ev.reason ?? ''})`.trim() };
        this.closedWith = { ok: false, error };
        for (const done of this.pending.values()) done(this.closedWith);
        this.pending.clear();
        reject(Object.assign(new Error(error.message), { code: error.code }));
      });
    });
    this.ready.catch(() => undefined); // observed through invoke results; not an unhandled rejection
  }

  async invoke(method: string, input: unknown): Promise<InvokeResult> {
    await this.ready.catch(() => undefined);
    if (this.closedWith || this.socket.readyState !== OPEN) return this.closedWith ?? { ok: false, error: { code: 'TRANSPORT_CLOSED', message: 'not connected to the studio host' } };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, input }));
    });
  }

  on(event: string, handler: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  close(): void {
    this.socket.close(1000, 'bye');
  }
}
