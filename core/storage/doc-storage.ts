/**
 * The storage contract for live Yjs state, shared by the desktop's local store and oms-sync's
 * backends (SQLite, later PostgreSQL). Pure types: implementations live in main/services/store and
 * sync-server/storage; test/contract runs one suite against every implementation.
 *
 * Async on purpose: better-sqlite3 is synchronous, PostgreSQL is not, and callers must not care.
 */
export interface DocKey {
  workspace: string;
  branch: string;
}

export interface StoredDocState {
  /** Compacted state (Y.encodeStateAsUpdate of everything up to `snapshotSeq`), if any. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, in append order. */
  updates: Uint8Array[];
  /** Sequence number of the last update included (snapshot or tail); 0 for an empty doc. */
  seq: number;
}

export interface AppendResult {
  /** Sequence number of the last appended update. Resolving means durable (committed and synced per the configured level). */
  seq: number;
}

export interface CompactResult {
  updatesBefore: number;
  updatesAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

export interface DocStorage {
  /** Append a batch durably in one transaction; empty batches are a no-op returning the current seq. */
  appendUpdates(key: DocKey, updates: readonly Uint8Array[]): Promise<AppendResult>;
  /** Snapshot + tail. A doc never written loads as `{ snapshot: null, updates: [], seq: 0 }`. */
  loadDoc(key: DocKey): Promise<StoredDocState>;
  /**
   * Fold the tail into the snapshot (load-and-re-encode in bounded chunks, never one flat
   * Y.mergeUpdates). Updates appended concurrently with compaction must survive it.
   */
  compactDoc(key: DocKey): Promise<CompactResult>;
  /** Total bytes and update rows currently stored for a doc (for limits and metrics). */
  docSize(key: DocKey): Promise<{ bytes: number; updates: number }>;
  deleteDoc(key: DocKey): Promise<void>;
  listDocs(workspace?: string): Promise<DocKey[]>;
  /** Cheap liveness probe for /health/ready. Throws when storage is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
