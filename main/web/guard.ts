/**
 * Who may talk to the web host. The API is the user's whole store, so:
 * - a per-launch random secret, handed over in the URL fragment (never sent in requests or logged by
 *   proxies), must open every WebSocket session;
 * - the Host header must name this host (a DNS-rebinding page's requests carry its own name);
 * - a browser's Origin must be this host's origin (another site's page cannot open our socket).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function secretMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export class HostGuard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(bindHost: string, port: number) {
    const names = new Set(LOOPBACK_NAMES);
    if (!LOOPBACK_NAMES.includes(bindHost) && bindHost !== '::1') names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
    this.hosts = new Set([...names].map((n) => `${n}:${port}`));
    this.origins = new Set([...this.hosts].map((h) => `http://${h}`));
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host?.toLowerCase();
    return host !== undefined && this.hosts.has(host);
  }

  /** No Origin means a non-browser client (it has the secret or gets nowhere); a browser always sends one. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.origins.has(origin.toLowerCase());
  }
}
