/**
 * Which elements a transaction changed, for incremental validation and UI refresh: top-level ids
 * and, for changes inside nested children, the child ids too (with their parent).
 */
import type * as Y from 'yjs';
import { KIND_FIELD, childKindOf, entitiesMap, isTopLevelKind } from './layout';
import { originName, type Origin } from './origins';

export interface ChangedIds {
  /** Top-level ids added, removed or changed (a nested change also lists its parent). */
  ids: Set<string>;
  /** Nested ids added, removed or changed. */
  nestedIds: Set<string>;
  origin: Origin | undefined;
}

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
      const id = String(path[0]);
      ids.add(id);
      if (path.length < 2) continue;
      // An interface's `properties` is an id set, not children: only children fields count here.
      const kind = entities.get(id)?.get(KIND_FIELD);
      if (!isTopLevelKind(kind) || !childKindOf(kind, String(path[1]))) continue;
      // path [entity, childField] → the children map itself changed: its keys are child ids.
      if (path.length === 2) for (const key of event.changes.keys.keys()) nestedIds.add(key);
      else nestedIds.add(String(path[2]));
    }
    if (ids.size > 0) cb({ ids, nestedIds, origin: originName(tx.origin) });
  };
  entities.observeDeep(handler);
  return () => entities.unobserveDeep(handler);
}
