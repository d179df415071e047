/**
 * What a room holds right now, fetched with a throwaway doc: a clone seeds its branch from it, and
 * a first connect checks it so two independently created docs are never silently blended (Yjs
 * would keep one side's version of every element both sides created and drop the other's).
 */
import * as Y from 'yjs';
import type { AuthProvider } from './auth-provider';
import { SyncError } from './errors';
import { RoomClient } from './room-client';

export async function fetchRoomState(serverUrl: string, workspace: string, branch: string, auth: AuthProvider, timeoutMs = 30_000): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const client = new RoomClient({ serverUrl, workspace, branch, doc, auth, backoff: { baseMs: 100, maxMs: 1000 } });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SyncError('SYNC_UNREACHABLE', `no answer from the room ${workspace}/${branch} within ${timeoutMs} ms`)), timeoutMs);
      const off = client.onStatus((s) => {
        if (s.state === 'synced' || s.state === 'error') {
          clearTimeout(timer);
          off();
          if (s.state === 'synced') resolve();
          else reject(new SyncError(s.error?.code ?? 'SYNC_PROTOCOL', s.error?.message ?? 'the room could not be read', s.error?.closeCode !== undefined ? { closeCode: s.error.closeCode } : undefined));
        }
      });
      client.start();
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    client.stop();
    doc.destroy();
  }
}

/** True when a Yjs update carries no structs and no deletions: the room has never been written. */
export function isEmptyState(update: Uint8Array): boolean {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return doc.store.clients.size === 0;
  } finally {
    doc.destroy();
  }
}
