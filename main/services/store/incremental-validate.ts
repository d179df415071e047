/**
 * Validation in proportion to a change, in the store: the findings of a result that differs from a
 * base snapshot (whose findings are known) in a few top-level elements, without validating the
 * result whole. Used by a live branch's commit (workspace.ts) and by the proportional merge preview.
 * The rules (which elements can judge differently, what judging them needs, how findings combine)
 * are core/validate/affected.ts, shared with the studio's in-memory incremental validation; here
 * the neighbours come from the entity index of the base snapshot.
 */
import { COLLECTIONS, type Collection, type Ontology } from '../../../core/model';
import {
  affectedAndJudged as affectedAndJudgedBy, combineFindings, IncrementalUnsupported, type AffectedSets, type Sides,
} from '../../../core/validate/affected';
import type { Diagnostic } from '../../../core/validate';
import { restrictedView } from '../../../core/validate/incremental';
import { entityKey, splitKey, type EntityKey, type ManifestReader } from './changed-ids';
import type { EntityIndex } from './entity-index';
import { bucketOf, type SnapshotPatch } from './snapshots';

export { combineFindings, IncrementalUnsupported, type AffectedSets, type Sides };

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A and W (core/validate/affected.ts) for `changed`, looked up in the index of snapshot `base`. */
export function affectedAndJudged(index: EntityIndex, base: string, changed: ReadonlySet<EntityKey>, sides: Sides): AffectedSets {
  return affectedAndJudgedBy({
    named: (c, folded) => index.named(base, c, folded),
    holders: (id) => index.holders(base, id),
    mentioning: (id) => index.mentioning(base, id),
  }, changed, sides);
}

/**
 * An ontology of `header` and the elements `keys` name, in the order the whole one lists them:
 * ids stored in the snapshot it is built on by (bucket, id) as a whole read does, then ids a merge
 * added, in the order the merge appended them (`appendedFrom`). A snapshot-backed result (a live
 * commit) counts every id as stored.
 */
export function restricted(header: Record<string, unknown>, keys: ReadonlySet<EntityKey>, valueOf: (k: EntityKey) => unknown, stored: (k: EntityKey) => boolean, appendedFrom: Ontology | undefined): Ontology {
  // Appended ids keep the merge's order: their rank in `appendedFrom`, after every stored id.
  const appended = new Map<EntityKey, number>();
  if (appendedFrom) {
    for (const c of COLLECTIONS) {
      for (const id of Object.keys(appendedFrom[c] as Record<string, unknown>)) {
        const k = entityKey(c, id);
        if (keys.has(k) && !stored(k)) appended.set(k, appended.size);
      }
    }
  }
  const inView = [...keys].filter((k) => stored(k) || appended.has(k));
  const rank = (c: Collection, id: string): number | undefined => appended.get(entityKey(c, id));
  return restrictedView(header, inView, valueOf, (c, a, b) => {
    const ra = rank(c, a);
    const rb = rank(c, b);
    if (ra !== undefined || rb !== undefined) return ra === undefined ? -1 : rb === undefined ? 1 : ra - rb;
    return bucketOf(a) - bucketOf(b) || compare(a, b);
  });
}

export interface PatchFindings {
  diagnostics: Diagnostic[];
  sizes: { changed: number; affected: number; judged: number };
}

/**
 * Findings of snapshot `base` patched with `patch` (a live doc's changed entities, live-patch.ts),
 * from `baseFindings` (the base's own). A patched snapshot reads every element by (bucket, id), so
 * the restricted result does too.
 */
export function patchFindings(reader: ManifestReader, index: EntityIndex, base: string, baseFindings: readonly Diagnostic[], patch: SnapshotPatch): PatchFindings {
  const baseOf = (key: EntityKey): unknown => {
    const [c, id] = splitKey(key);
    const h = reader.hashOf(base, c, id);
    return h === undefined ? undefined : reader.entity(base, h);
  };
  const parsed = new Map<EntityKey, unknown>();
  const changed = new Set<EntityKey>();
  for (const [id, e] of patch.entities) {
    // The id under every collection the base holds it in (a patch may move it) and where it is now.
    for (const c of COLLECTIONS) if (reader.hashOf(base, c, id) !== undefined) changed.add(entityKey(c, id));
    if (e) {
      const key = entityKey(e.collection, id);
      changed.add(key);
      parsed.set(key, JSON.parse(e.body) as unknown);
    }
  }
  const resultOf = (key: EntityKey): unknown => {
    if (parsed.has(key)) return parsed.get(key);
    const [, id] = splitKey(key);
    return patch.entities.has(id) ? undefined : baseOf(key);
  };
  const { affected, judged } = affectedAndJudged(index, base, changed, { base: baseOf, result: resultOf });
  const header = patch.header === undefined ? reader.header(base) : (JSON.parse(patch.header) as Record<string, unknown>);
  const diagnostics = combineFindings(baseFindings, affected, restricted(header, judged, resultOf, () => true, undefined));
  return { diagnostics, sizes: { changed: changed.size, affected: affected.size, judged: judged.size } };
}
