/**
 * The renderer's one door to the outside: picks the Electron bridge (window.studio, from preload)
 * or the web host's WebSocket (secret from the URL fragment) at start-up.
 */
import type { StudioBridge } from '../../../core/contract/studio-api';
import { createStudioClient, type StudioClientApi } from './client';
import { WebSocketBridge } from './web-socket-bridge';

export { createStudioClient, type StudioClientApi } from './client';
export { openReplica, type Replica } from './replica';
export { WebSocketBridge, type WebSocketBridgeOptions } from './web-socket-bridge';
export { StudioError } from '../../../core/contract/studio-api';

const SECRET_KEY = 'oms-studio-secret';

interface BrowserGlobals {
  studio?: StudioBridge;
  location?: { protocol: string; host: string; hash: string; pathname: string; search: string };
  history?: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void };
}

/** The secret from `#secret=…`, moved to sessionStorage so it leaves the address bar but survives a reload. */
function takeSecret(g: BrowserGlobals): string | undefined {
  const fromHash = /(?:^#|&)secret=([A-Za-z0-9_-]+)/.exec(g.location?.hash ?? '')?.[1];
  if (fromHash && g.location && g.history) {
    g.sessionStorage?.setItem(SECRET_KEY, fromHash);
    g.history.replaceState(null, '', g.location.pathname + g.location.search);
  }
  return fromHash ?? g.sessionStorage?.getItem(SECRET_KEY) ?? undefined;
}

export function connectStudio(g: BrowserGlobals = globalThis as BrowserGlobals): StudioClientApi {
  if (g.studio) return createStudioClient(g.studio, 'electron');
  const loc = g.location;
  const secret = takeSecret(g);
  if (!loc || !secret) throw new Error('OMS Studio: no window.studio bridge and no #secret= in the URL; open the URL the studio host printed');
  const url = `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api`;
  return createStudioClient(new WebSocketBridge({ url, secret }), 'web');
}

let instance: StudioClientApi | undefined;
const client = (): StudioClientApi => (instance ??= connectStudio());

/** The app-wide client, connected on first use: `studio.call('workspace.list', {})`. */
export const studio: StudioClientApi = {
  get transport() {
    return client().transport;
  },
  call: (method, input) => client().call(method, input),
  on: (event, handler) => client().on(event, handler),
};
