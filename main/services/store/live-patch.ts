/**
 * The changed part of a live doc as a snapshot patch: the listed top-level elements (and, when asked,
 * the root fields) read from the Y.Doc, schema-checked and canonicalised exactly as readDoc does it
 * for the whole doc, so patching the base snapshot gives the rows a full read would have written.
 */
import type * as Y from 'yjs';
import { ModelError } from '../../../core/errors';
import { Ontology, type Collection } from '../../../core/model';
import { ELEMENT_SCHEMA, entitiesMap, readEntity, readRoot } from '../../../core/yjs';
import { patchFromPartial, type SnapshotPatch } from './snapshots';

function invalid(path: string, message: string): ModelError {
  return new ModelError('DOC_INVALID', `document does not hold a valid ontology: ${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * Read `ids` (and the header when `header`) from `doc`. Throws DOC_INVALID where readDoc would; the
 * caller falls back to the full read for a doc with a gap (readDoc is lenient there).
 */
export function readLivePatch(doc: Y.Doc, ids: Iterable<string>, header: boolean): SnapshotPatch {
  const entities = entitiesMap(doc);
  const repaired: string[] = [];
  const root = Ontology.safeParse(readRoot(doc, repaired));
  if (!root.success) throw invalid(root.error.issues[0]?.path.map(String).join('/') || '(root)', root.error.issues[0]?.message ?? 'invalid root');
  // One canonicalize over just the changed elements (patchFromPartial): each comes out as it would
  // inside the whole ontology.
  const partial: Ontology = { ...root.data };
  const listed: Array<[Collection | undefined, string]> = [];
  for (const id of ids) {
    const m = entities.get(id);
    if (m === undefined) {
      listed.push([undefined, id]);
      continue;
    }
    const { collection, kind, value } = readEntity(id, m, repaired);
    if (!kind) throw invalid(id, 'unknown kind');
    const parsed = ELEMENT_SCHEMA[kind].safeParse(value);
    if (!parsed.success) throw invalid([id, ...(parsed.error.issues[0]?.path.map(String) ?? [])].join('/'), parsed.error.issues[0]?.message ?? 'invalid');
    const c = collection as Collection;
    (partial[c] as Record<string, unknown>)[id] = parsed.data;
    listed.push([c, id]);
  }
  return patchFromPartial(partial, listed, header);
}
