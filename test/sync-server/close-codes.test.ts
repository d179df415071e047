/**
 * Close codes a stock client can live with (issue 11): transient conditions are retried by
 * y-websocket (anything outside 4400–4499), and a burst of edits is slowed down, not cut off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, isPermanentCloseCode } from '../../core/contract/sync-api';
import { connectClient, startServer, synced, waitFor, type TestServer, storedKey } from './helpers';

describe('close codes', () => {
  it('keeps 44xx for permanent refusals only', () => {
    for (const code of [CloseCode.BAD_MESSAGE, CloseCode.UNAUTHORIZED, CloseCode.FORBIDDEN]) expect(isPermanentCloseCode(code)).toBe(true);
    for (const code of [CloseCode.RATE_LIMITED, CloseCode.TRY_AGAIN_LATER, CloseCode.DOCUMENT_TOO_LARGE, CloseCode.ROLE_CHANGED, CloseCode.SERVICE_RESTART, CloseCode.INTERNAL_ERROR, CloseCode.POLICY_VIOLATION]) {
      expect(isPermanentCloseCode(code)).toBe(false);
    }
  });
});

describe('a burst of edits from one stock client', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Budgets well below the burst: 2,000 messages against 300 at once and 1,000/s after.
    t = await startServer({ limits: { messageBurst: 300, messagesPerSecond: 1000 } });
  });
  afterAll(() => t.stop());

  it('delivers all 2,000 small edits to another client', async () => {
    const writer = connectClient(t.url, 'acme', 'paste');
    const reader = connectClient(t.url, 'acme', 'paste');
    try {
      await Promise.all([synced(writer), synced(reader)]);
      const list = writer.doc.getArray<number>('ops');
      // One transaction per edit: the stock provider sends each as its own message.
      for (let i = 0; i < 2000; i++) writer.doc.transact(() => list.push([i]));
      await waitFor(() => reader.doc.getArray('ops').length === 2000, 'all 2,000 edits at the reader', 30_000);
      expect(reader.doc.getArray('ops').toArray()).toEqual(Array.from({ length: 2000 }, (_, i) => i));
      expect(writer.provider.wsconnected).toBe(true);
      // Nothing was refused: the stored document has every edit too.
      const stored = new Y.Doc();
      const state = await t.server.storage.loadDoc(storedKey(t.dir, 'acme', 'paste'));
      Y.transact(stored, () => {
        if (state.snapshot) Y.applyUpdate(stored, state.snapshot);
        for (const u of state.updates) Y.applyUpdate(stored, u);
      });
      expect(stored.getArray('ops').length).toBe(2000);
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });
});
