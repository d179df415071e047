/**
 * Group commit across rooms for SQLite: every append requested during one event-loop turn (each
 * room flushes its own batch) is written in one transaction, so one fsync makes all of them durable
 * instead of one fsync per room. With `durability: full` the fsync is the cost of a durable batch;
 * ten busy rooms then pay for one.
 *
 * Each room's append is a savepoint inside the shared transaction (better-sqlite3 nests
 * transactions that way): a refused append (bad key, empty update) rolls back alone and rejects only
 * its caller; a failed COMMIT (disk full, I/O error) rejects every caller of the group, and nothing
 * of the group is stored. Callers are answered only after COMMIT returned: durable means committed.
 */
import type { AppendResult, CompactResult, DocKey, DocStorage, StoredDocState } from '../../core/storage/doc-storage';
import type { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';

interface PendingAppend {
  key: DocKey;
  updates: readonly Uint8Array[];
  resolve: (r: AppendResult) => void;
  reject: (err: unknown) => void;
}

export class GroupCommitStorage implements DocStorage {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  /** Transactions committed and appends they carried (tests and metrics: appends / commits = group size). */
  commits = 0;
  appends = 0;

  constructor(readonly inner: SqliteDocStorage) {}

  appendUpdates(key: DocKey, updates: readonly Uint8Array[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ key, updates, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(this.commit);
    });
  }

  private readonly commit = (): void => {
    this.scheduled = false;
    const group = this.queue;
    this.queue = [];
    const results: Array<Promise<AppendResult>> = [];
    try {
      this.inner.db.transaction(() => {
        // SqliteDocStorage.appendUpdates runs its transaction synchronously (a savepoint here) and
        // settles its promise before returning; its errors arrive as rejections, not throws.
        for (const a of group) results.push(this.inner.appendUpdates(a.key, a.updates));
      })();
    } catch (err) {
      for (const a of group) a.reject(err);
      return;
    }
    this.commits++;
    this.appends += group.length;
    group.forEach((a, i) => results[i]!.then(a.resolve, a.reject));
  };

  loadDoc(key: DocKey): Promise<StoredDocState> {
    return this.inner.loadDoc(key);
  }

  compactDoc(key: DocKey): Promise<CompactResult> {
    return this.inner.compactDoc(key);
  }

  docSize(key: DocKey): Promise<{ bytes: number; updates: number }> {
    return this.inner.docSize(key);
  }

  deleteDoc(key: DocKey): Promise<void> {
    return this.inner.deleteDoc(key);
  }

  listDocs(workspace?: string): Promise<DocKey[]> {
    return this.inner.listDocs(workspace);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** Appends still queued are committed first: close never drops an acknowledged-to-be write. */
  async close(): Promise<void> {
    if (this.queue.length > 0) this.commit();
    await this.inner.close();
  }
}
