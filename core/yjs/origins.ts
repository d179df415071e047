/**
 * Named transaction origins. Every write to a branch doc says where it came from, so undo, audit
 * and sync can tell a user's keystroke from a peer's update, a merge result or an import.
 */
import * as Y from 'yjs';
import { ENTITIES_MAP, ROOT_MAP } from './layout';

export const ORIGIN = {
  /** The local user's edit: the only origin on the undo stack. */
  local: 'local',
  /** An update received from a peer or the sync server. */
  remote: 'remote',
  /** A merge result, revert or restore applied to a live doc. */
  merge: 'merge',
  /** A file import or initial load. */
  import: 'import',
  /** Undo/redo; Yjs runs those with the UndoManager itself as origin (see originName). */
  undo: 'undo',
} as const;

export type Origin = (typeof ORIGIN)[keyof typeof ORIGIN];

/** The named origin of a transaction (an UndoManager counts as `undo`), or undefined for foreign ones. */
export function originName(origin: unknown): Origin | undefined {
  if (origin instanceof Y.UndoManager) return ORIGIN.undo;
  return typeof origin === 'string' && (Object.values(ORIGIN) as string[]).includes(origin) ? (origin as Origin) : undefined;
}

/**
 * Undo/redo for the local user: tracks only `local` transactions, so remote, merge and import
 * changes are never undone by Ctrl+Z (but local edits made on top of them are). Undo of a field
 * restores the value the user saw before their edit, even over a concurrent peer's write.
 */
export function createUndoManager(doc: Y.Doc, options: { captureTimeout?: number } = {}): Y.UndoManager {
  return new Y.UndoManager([doc.getMap(ROOT_MAP), doc.getMap(ENTITIES_MAP)], {
    trackedOrigins: new Set<unknown>([ORIGIN.local]),
    captureTimeout: options.captureTimeout ?? 500,
    // Undoing a field change restores the user's previous value even if a peer wrote the field
    // concurrently. With the default, undoing a write that beat a concurrent remote write deletes it
    // without restoring anything, leaving a required field (apiName, order, baseType…) with no value.
    ignoreRemoteMapChanges: true,
  });
}
