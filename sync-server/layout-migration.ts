/**
 * Start-up migration from the name-keyed layout (live rooms stored under `{workspace, branch}`
 * names) to id keys (live-doc-key.ts), in place, on SQLite and PostgreSQL alike: it speaks only the
 * DocStorage contract.
 *
 * Resumable rather than one big transaction (a room may be large, and the branch ids live in other
 * files): per room, (1) its ids are created in the workspace's file, committed; (2) the part of
 * its state the id key lacks is appended there, in one append transaction; (3) the name-keyed doc
 * is deleted. A kill -9 between any two steps leaves the name-keyed doc in place, so the next start
 * does the room again: step 1 finds the same ids, step 2 appends only what is still missing (Yjs
 * updates are idempotent; nothing already copied is duplicated but the delete set), step 3 finishes.
 * Never copied-and-skipped on a guess: a doc is deleted only after its state is known to be there.
 */
import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { DocKey, DocStorage, StoredDocState } from '../core/storage/doc-storage';
import type { HistoryStore } from './history/history-store';
import { isLiveDocKey, liveDocKey } from './live-doc-key';
import { isValidBranch, isValidWorkspace } from './paths';

export interface LayoutMigrationResult {
  /** Name-keyed rooms moved to their id keys. */
  migrated: number;
  /** Name-keyed docs left as they are: their names are not valid room names (never reachable). */
  skipped: DocKey[];
}

export type MigrationStep = 'ids' | 'copied' | 'deleted';

export interface LayoutMigrationOptions {
  /** Called after each step of each room (progress logs; the crash test stops a child here). */
  onStep?: (step: MigrationStep, key: DocKey, index: number) => void | Promise<void>;
}

function docOf(state: StoredDocState): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(doc, u);
  });
  return doc;
}

/** What of `from` the doc at `to` lacks, as one update (all of it when `to` is empty). */
async function missingPart(storage: DocStorage, from: DocKey, to: DocKey): Promise<Uint8Array | null> {
  const source = docOf(await storage.loadDoc(from));
  try {
    const target = await storage.loadDoc(to);
    const sv = target.seq === 0 ? undefined : (() => {
      const t = docOf(target);
      try {
        return Y.encodeStateVector(t);
      } finally {
        t.destroy();
      }
    })();
    const update = Y.encodeStateAsUpdate(source, sv);
    // An empty doc encodes as two zero bytes (no structs, no deletes): nothing to append.
    return update.byteLength <= 2 ? null : update;
  } finally {
    source.destroy();
  }
}

export async function migrateLiveDocs(storage: DocStorage, history: HistoryStore, logger: Logger, options: LayoutMigrationOptions = {}): Promise<LayoutMigrationResult> {
  const old = (await storage.listDocs()).filter((k) => !isLiveDocKey(k));
  const result: LayoutMigrationResult = { migrated: 0, skipped: [] };
  if (old.length === 0) return result;
  logger.info({ rooms: old.length }, 'migrating live rooms from name keys to id keys');
  for (const [index, key] of old.entries()) {
    if (!isValidWorkspace(key.workspace) || !isValidBranch(key.branch)) {
      result.skipped.push(key);
      logger.warn({ workspace: key.workspace.slice(0, 200), branch: key.branch.slice(0, 200) }, 'left a stored doc whose names no room can have');
      continue;
    }
    const target = liveDocKey(history.roomIds(key.workspace, key.branch));
    await options.onStep?.('ids', key, index);
    const missing = await missingPart(storage, key, target);
    if (missing) await storage.appendUpdates(target, [missing]);
    await options.onStep?.('copied', key, index);
    await storage.deleteDoc(key);
    await options.onStep?.('deleted', key, index);
    result.migrated++;
  }
  logger.info({ migrated: result.migrated, skipped: result.skipped.length }, 'live rooms migrated');
  return result;
}
