/**
 * Persistence through a DocStorage (SQLite by default), under the room's id key (`docKey`), never
 * its names: a renamed branch keeps its stored state. Loads snapshot + tail into the room's doc,
 * appends each durable batch, and compacts in the background once a document's log grows past the
 * threshold (on unload, and on a timer for documents that stay open).
 */
import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { DocKey, DocStorage } from '../../core/storage/doc-storage';
import type { Extension, LoadContext, LoadResult, StoreContext, UnloadContext } from './types';

export interface PersistenceOptions {
  compactThresholdUpdates: number;
  compactIntervalMs: number;
  logger: Logger;
}

const keyOf = (k: DocKey): string => `${k.workspace}\u0000${k.branch}`;

export class PersistenceExtension implements Extension {
  readonly name = 'persistence';
  readonly stage = 'persistence' as const;
  /** Log rows past the snapshot, per document seen by this process. */
  private readonly tail = new Map<string, { key: DocKey; updates: number }>();
  private readonly compacting = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly storage: DocStorage,
    private readonly options: PersistenceOptions,
  ) {
    this.timer = setInterval(() => this.compactDue(), options.compactIntervalMs);
    this.timer.unref();
  }

  async onLoadDocument({ docKey: key, doc }: LoadContext): Promise<LoadResult> {
    const state = await this.storage.loadDoc(key);
    let bytes = 0;
    // One transaction: observers (none yet) and the update event fire once, not per row.
    Y.transact(doc, () => {
      if (state.snapshot) {
        Y.applyUpdate(doc, state.snapshot);
        bytes += state.snapshot.byteLength;
      }
      for (const u of state.updates) {
        Y.applyUpdate(doc, u);
        bytes += u.byteLength;
      }
    });
    this.tail.set(keyOf(key), { key, updates: state.updates.length });
    return { storedBytes: bytes };
  }

  async onStoreDocument({ docKey: key, update }: StoreContext): Promise<void> {
    await this.storage.appendUpdates(key, [update]);
    const t = this.tail.get(keyOf(key));
    if (t) t.updates++;
    else this.tail.set(keyOf(key), { key, updates: 1 });
  }

  onUnloadDocument({ docKey: key }: UnloadContext): void {
    const k = keyOf(key);
    const t = this.tail.get(k);
    this.tail.delete(k);
    if (t && t.updates >= this.options.compactThresholdUpdates) void this.compact(key);
  }

  private compactDue(): void {
    for (const t of this.tail.values()) if (t.updates >= this.options.compactThresholdUpdates) void this.compact(t.key);
  }

  /** Background compaction: failures are logged and retried on the next trigger, never thrown. */
  async compact(key: DocKey): Promise<void> {
    const k = keyOf(key);
    if (this.compacting.has(k)) return;
    this.compacting.add(k);
    try {
      const r = await this.storage.compactDoc(key);
      const t = this.tail.get(k);
      if (t) t.updates = r.updatesAfter;
      this.options.logger.info({ doc: `${key.workspace}/${key.branch}`, ...r }, 'compacted');
    } catch (err) {
      this.options.logger.error({ doc: `${key.workspace}/${key.branch}`, err: (err as Error).message }, 'compaction failed');
    } finally {
      this.compacting.delete(k);
    }
  }

  async onShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
