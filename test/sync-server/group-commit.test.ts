/**
 * Group commit across rooms (issue 11, durable fan-out): appends of one event-loop turn share one
 * SQLite transaction (one fsync), a refused append fails alone, and every acknowledged append is
 * in the file after a reopen.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { GroupCommitStorage } from '../../sync-server/storage/group-commit';
import { openServerStorage } from '../../sync-server/storage';
import { tempDir } from './helpers';

const update = (text: string): Uint8Array => {
  const d = new Y.Doc();
  d.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(d);
};

describe('GroupCommitStorage', () => {
  it('commits the appends of one turn, across documents, in one transaction', async () => {
    const d = tempDir();
    try {
      const storage = new GroupCommitStorage(openServerStorage({ dataDir: d.dir, durability: 'full' }));
      const keys = Array.from({ length: 10 }, (_, i) => ({ workspace: 'acme', branch: `room-${i}` }));
      const results = await Promise.all(keys.map((k, i) => storage.appendUpdates(k, [update(`u${i}`)])));
      expect(results.map((r) => r.seq)).toEqual(keys.map(() => 1));
      expect(storage.commits).toBe(1);
      expect(storage.appends).toBe(10);
      await storage.close();
      const reopened = openServerStorage({ dataDir: d.dir, durability: 'full' });
      for (const [i, k] of keys.entries()) {
        const doc = new Y.Doc();
        for (const u of (await reopened.loadDoc(k)).updates) Y.applyUpdate(doc, u);
        expect(doc.getText('t').toString()).toBe(`u${i}`);
      }
      await reopened.close();
    } finally {
      d.cleanup();
    }
  });

  it('rejects only the refused append of a group; the others are stored', async () => {
    const d = tempDir();
    try {
      const inner = new SqliteDocStorage(`${d.dir}/docs.db`, { durability: 'normal' });
      const storage = new GroupCommitStorage(inner);
      const good = storage.appendUpdates({ workspace: 'acme', branch: 'ok' }, [update('fine')]);
      const bad = storage.appendUpdates({ workspace: 'acme', branch: 'bad' }, [new Uint8Array(0)]);
      const badKey = storage.appendUpdates({ workspace: '', branch: '' }, [update('x')]);
      await expect(good).resolves.toEqual({ seq: 1 });
      await expect(bad).rejects.toMatchObject({ code: 'STORAGE_INVALID_UPDATE' });
      await expect(badKey).rejects.toBeTruthy();
      expect(storage.commits).toBe(1);
      expect((await storage.loadDoc({ workspace: 'acme', branch: 'ok' })).updates).toHaveLength(1);
      expect((await storage.loadDoc({ workspace: 'acme', branch: 'bad' })).updates).toHaveLength(0);
      await storage.close();
    } finally {
      d.cleanup();
    }
  });

  it('commits what is still queued when closed', async () => {
    const d = tempDir();
    try {
      const storage = new GroupCommitStorage(openServerStorage({ dataDir: d.dir, durability: 'normal' }));
      const pending = storage.appendUpdates({ workspace: 'acme', branch: 'late' }, [update('late')]);
      await storage.close();
      await expect(pending).resolves.toEqual({ seq: 1 });
      const reopened = openServerStorage({ dataDir: d.dir, durability: 'normal' });
      expect((await reopened.loadDoc({ workspace: 'acme', branch: 'late' })).updates).toHaveLength(1);
      await reopened.close();
    } finally {
      d.cleanup();
    }
  });
});
