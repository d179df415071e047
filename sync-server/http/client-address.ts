/**
 * Who is on the other end, for per-IP caps and logs. A socket's peer address is the client unless
 * it is a configured reverse proxy: then the right-most X-Forwarded-For entry that is not itself a
 * trusted proxy is (entries left of it were written by the client and prove nothing). Without
 * trusted proxies the header is ignored, so nobody can pick their own address.
 */
import type { IncomingMessage } from 'node:http';
import { isIP, type Server as NetServer, type Socket } from 'node:net';

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) is 1.2.3.4. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => normalizeAddress(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}

/**
 * Cap open TCP sockets per peer address at accept time, before a single header byte is read: slow
 * or half-sent upgrade requests from one address cannot take every file descriptor. Sockets of
 * trusted proxies are exempt (the cap applies to their clients at the upgrade, by forwarded address).
 */
export function capSocketsPerAddress(server: NetServer, maxPerAddress: number, trustedProxies: ReadonlySet<string>, onRefused: () => void): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = normalizeAddress(socket.remoteAddress);
    if (trustedProxies.has(address)) return;
    const n = open.get(address) ?? 0;
    if (n >= maxPerAddress) {
      onRefused();
      socket.destroy();
      return;
    }
    open.set(address, n + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
