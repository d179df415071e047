/**
 * Which elements a transaction changed, for incremental validation and UI refresh: top-level ids
 * and, for changes inside nested children, the child ids too (with their parent).
 */
import type * as Y from 'yjs';
import { entitiesMap } from './layout';
import { originName, type Origin } from './origins';

export interface ChangedIds {
  /** Top-level ids added, removed or changed (a nested change also lists its parent). */
  ids: Set<string>;
  /** Nested ids added, removed or changed. */
  nestedIds: Set<string>;
  origin: Origin | undefined;
}

const CHILD_FIELDS = new Set(['properties', 'fields', 'parameters', 'rules']);

/** Calls `cb` once per transaction that touched entities; returns the unsubscribe function. */
export function observeChangedIds(doc: Y.Doc, cb: (changed: ChangedIds) => void): () => void {
  const entities = entitiesMap(doc);
  const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tx: Y.Transaction): void => {
    const ids = new Set<string>();
    const nestedIds = new Set<string>();
    for (const event of events) {
      const path = event.path;
      if (path.length === 0) {
        for (const key of event.changes.keys.keys()) ids.add(key);
        continue;
      }
      ids.add(String(path[0]));
      // path [entity, childField] → the children map itself changed: its keys are child ids.
      if (path.length === 2 && CHILD_FIELDS.has(String(path[1]))) for (const key of event.changes.keys.keys()) nestedIds.add(key);
      else if (path.length >= 3 && CHILD_FIELDS.has(String(path[1]))) nestedIds.add(String(path[2]));
    }
    if (ids.size > 0) cb({ ids, nestedIds, origin: originName(tx.origin) });
  };
  entities.observeDeep(handler);
  return () => entities.unobserveDeep(handler);
}
