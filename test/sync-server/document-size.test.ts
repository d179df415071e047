/**
 * The document size cap measures the document (issue 11): a small, busy room that rewrites the
 * same few values keeps working however many bytes it has written; a really big one is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../core/contract/sync-api';
import { connectClient, startServer, synced, waitFor, type TestServer } from './helpers';

describe('document size cap', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ limits: { maxDocumentBytes: 16_384 } });
  });
  afterAll(() => t.stop());

  it('lets a small document that is written over and over stay open (bytes written ≫ cap)', async () => {
    const a = connectClient(t.url, 'acme', 'busy');
    const b = connectClient(t.url, 'acme', 'busy');
    const closes: number[] = [];
    a.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? -1));
    try {
      await Promise.all([synced(a), synced(b)]);
      const m = a.doc.getMap<string>('m');
      // 400 rewrites of one 400-byte value: 160 kB written, ~0.5 kB of document.
      for (let i = 0; i < 400; i++) {
        m.set('status', `${i}:`.padEnd(400, 'x'));
        if (i % 50 === 49) await waitFor(() => (b.doc.getMap<string>('m').get('status') ?? '').startsWith(`${i}:`), `rewrite ${i} delivered`);
      }
      await waitFor(() => (b.doc.getMap<string>('m').get('status') ?? '').startsWith('399:'), 'last rewrite delivered');
      expect(closes).toEqual([]);
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('still refuses a document that really grows past the cap, with a code stock clients retry on', async () => {
    const a = connectClient(t.url, 'acme', 'big');
    const closes: number[] = [];
    a.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? -1));
    try {
      await synced(a);
      const list = a.doc.getArray<string>('l');
      for (let i = 0; i < 60; i++) list.push([`${i}`.padEnd(400, 'y')]);
      await waitFor(() => closes.length > 0, 'closed for size');
      expect(closes[0]).toBe(CloseCode.DOCUMENT_TOO_LARGE);
    } finally {
      a.destroy();
    }
  });
});
