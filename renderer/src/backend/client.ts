/**
 * The one handle the UI has on the outside world: the typed studio API (renderer/src/api provides
 * the transport). Set once at start-up, so features import this instead of choosing a transport.
 */
import type { StudioClientApi } from '../api';

export type StudioClient = StudioClientApi;

let current: StudioClient | undefined;

export function setClient(c: StudioClient): void {
  current = c;
}

export class UiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'UiError';
  }
}

export function client(): StudioClient {
  if (!current) throw new UiError('NO_BACKEND', 'the studio API is not connected yet');
  return current;
}

/** Any thrown value as something a person can act on: a stable code plus a message. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return { code: (err as { code: string }).code, message: err instanceof Error ? err.message : String((err as { message?: unknown }).message ?? err) };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
