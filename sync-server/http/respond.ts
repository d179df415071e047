import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '../../core/contract/sync-api';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function apiError(code: string, message: string, requestId?: string, details?: Record<string, unknown>): ApiError {
  return { error: { code, message, ...(requestId ? { requestId } : {}), ...(details ? { details } : {}) } };
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, requestId?: string, details?: Record<string, unknown>): void {
  sendJson(res, status, apiError(code, message, requestId, details), status === 401 ? { 'www-authenticate': 'Bearer' } : {});
}

/** Refuse an upgrade with a plain HTTP response on the raw socket (before any WebSocket exists). */
export function rejectUpgrade(socket: Duplex, status: number, code: string, message: string, requestId: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(apiError(code, message, requestId));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`,
  );
}
