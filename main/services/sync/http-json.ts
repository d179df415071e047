/**
 * JSON over HTTP to oms-sync with the server's error contract: every non-2xx body is
 * `{error: {code, message}}` (core/contract/sync-api.ts). Network failures become
 * SYNC_UNREACHABLE (retryable), never a raw fetch TypeError.
 */
import type { z } from 'zod';
import { ApiErrorSchema } from '../../../core/contract/sync-api';
import { SyncError, type SyncErrorCode } from './errors';

export interface HttpFailure {
  status: number;
  code: string;
  message: string;
}

export class HttpJson {
  constructor(
    /** http(s)://host[:port] */
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {
    let u: URL;
    try {
      u = new URL(baseUrl);
    } catch {
      throw new SyncError('SYNC_BAD_SERVER_URL', `"${baseUrl}" is not a URL; expected e.g. https://sync.example.com`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SyncError('SYNC_BAD_SERVER_URL', `"${baseUrl}" must start with http:// or https://`);
  }

  /** Send; resolve with the parsed 2xx body, or reject with the server's failure mapped by `onError`. */
  async request<T>(method: string, path: string, opts: { body?: unknown; token?: string; schema: z.ZodType<T>; onError?: (f: HttpFailure) => SyncError | undefined }): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new SyncError('SYNC_UNREACHABLE', `could not reach ${this.baseUrl}: ${(err as Error).message}`, { url: this.baseUrl }, { cause: err });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const parsed = ApiErrorSchema.safeParse(json);
      const failure: HttpFailure = parsed.success
        ? { status: res.status, code: parsed.data.error.code, message: parsed.data.error.message }
        : { status: res.status, code: `HTTP_${res.status}`, message: text.slice(0, 200) };
      throw opts.onError?.(failure) ?? defaultError(failure);
    }
    const parsed = opts.schema.safeParse(json);
    if (!parsed.success) throw new SyncError('SYNC_PROTOCOL', `unexpected answer from ${method} ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }
}

function defaultError(f: HttpFailure): SyncError {
  const code: SyncErrorCode = f.status === 401 ? 'SYNC_AUTH_FAILED' : f.status === 403 ? 'SYNC_FORBIDDEN' : f.status >= 500 || f.status === 429 ? 'SYNC_SERVER_ERROR' : 'SYNC_PROTOCOL';
  return new SyncError(code, `${f.message} (${f.code}, HTTP ${f.status})`, { status: f.status, serverCode: f.code });
}
