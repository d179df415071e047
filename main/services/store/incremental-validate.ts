/**
 * Validation in proportion to a change: the findings of a result that differs from a base snapshot
 * (whose findings are known) in a few top-level elements, without validating the result whole.
 * Used by a live branch's commit (workspace.ts) and by the proportional merge preview.
 *
 * - changed: the elements whose result may differ from the base (a superset is safe).
 * - A, the elements whose findings can change: changed, everything that mentions an element of A
 *   (transitively: a subtype of a subtype, an implementer of an interface extending a changed one),
 *   everything named like a changed element and everything holding one of its ids.
 * - W, what judging A needs: A, everything named like or sharing an id with A, and everything A
 *   mentions, transitively (ancestors, interfaces, shared properties, value and struct types).
 *
 * The result's findings are the base's findings on elements outside A, plus what validation reports
 * on A (and on the ontology itself) when run on the result restricted to W. Lookups go through the
 * entity index of the base snapshot; an element's base and result versions are both followed, so
 * what a change adds (a new reference, a new name) is found as well as what it removes.
 */
import { entityKeys } from '../../../core/merge/entity-keys';
import { COLLECTIONS, type Collection, type Ontology } from '../../../core/model';
import { validate, type Diagnostic } from '../../../core/validate';
import { entityKey, splitKey, type EntityKey, type ManifestReader } from './changed-ids';
import type { EntityIndex } from './entity-index';
import { bucketOf, type SnapshotPatch } from './snapshots';

/**
 * The index cannot decide which findings a change touches (the caller validates whole instead).
 * Internal to the store and merge: never leaves them.
 */
export class IncrementalUnsupported extends Error {}

const HEADER: EntityKey = '\u0000header';
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The top-level element a finding is about (HEADER for ontology-level findings). */
function ownerOf(path: string): EntityKey {
  for (const c of COLLECTIONS) {
    if (!path.startsWith(`${c}/`)) continue;
    const rest = path.slice(c.length + 1);
    const slash = rest.indexOf('/');
    return entityKey(c, slash < 0 ? rest : rest.slice(0, slash));
  }
  return HEADER;
}

/** An element's version on each side; undefined where that side lacks it. */
export interface Sides {
  base: (key: EntityKey) => unknown;
  result: (key: EntityKey) => unknown;
}

export interface AffectedSets {
  affected: Set<EntityKey>;
  judged: Set<EntityKey>;
}

/** A and W (see the header comment) for `changed`, looked up in the index of snapshot `base`. */
export function affectedAndJudged(index: EntityIndex, base: string, changed: ReadonlySet<EntityKey>, sides: Sides): AffectedSets {
  const versions = (key: EntityKey): unknown[] => [sides.base(key), sides.result(key)].filter((v) => v !== undefined);
  const keysOf = (key: EntityKey, v: unknown): ReturnType<typeof entityKeys> => {
    const [c, id] = splitKey(key);
    if (id.includes('/')) throw new IncrementalUnsupported(`element id ${JSON.stringify(id)} contains "/", so findings cannot be told apart by path`);
    return entityKeys(c, id, v);
  };
  const sameNameOrId = (key: EntityKey, into: Set<EntityKey>): void => {
    const [c] = splitKey(key);
    for (const v of versions(key)) {
      const k = keysOf(key, v);
      if (k.name !== undefined) for (const x of index.named(base, c, k.name)) into.add(x);
      for (const id of k.ids) for (const x of index.holders(base, id)) into.add(x);
    }
  };
  /** Grow `set` to a fixed point: every member's versions lead, through `step`, to more members. */
  const closeOver = (set: Set<EntityKey>, step: (keys: ReturnType<typeof entityKeys>) => Iterable<EntityKey>): void => {
    let frontier = [...set];
    while (frontier.length > 0) {
      const next: EntityKey[] = [];
      for (const key of frontier) {
        for (const v of versions(key)) for (const x of step(keysOf(key, v))) if (!set.has(x)) { set.add(x); next.push(x); }
      }
      frontier = next;
    }
  };
  const each = function* <T>(items: readonly T[], f: (t: T) => readonly EntityKey[]): Generator<EntityKey> {
    for (const t of items) yield* f(t);
  };
  const affected = new Set(changed);
  // Whatever mentions an affected element may judge differently now: referrers, transitively.
  closeOver(affected, (k) => each(k.ids, (id) => index.mentioning(base, id)));
  for (const key of changed) sameNameOrId(key, affected);

  // Judging the affected needs what they mention, transitively, and their namesakes and id-sharers.
  const judged = new Set(affected);
  for (const key of affected) sameNameOrId(key, judged);
  closeOver(judged, (k) => each(k.mentions, (m) => index.holders(base, m)));
  return { affected, judged };
}

/** The base's findings outside `affected`, and validation's findings on `affected` (and the header) in `restrictedResult`. */
export function combineFindings(baseFindings: readonly Diagnostic[], affected: ReadonlySet<EntityKey>, restrictedResult: Ontology): Diagnostic[] {
  const isAffected = (d: Diagnostic): boolean => {
    const owner = ownerOf(d.path);
    return owner === HEADER || affected.has(owner);
  };
  return [
    ...baseFindings.filter((d) => !isAffected(d)),
    ...validate(restrictedResult).filter(isAffected),
  ].sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code) || compare(a.message, b.message));
}

/**
 * An ontology of `header` and the elements `keys` name, in the order the whole one lists them:
 * ids stored in the snapshot it is built on by (bucket, id) as a whole read does, then ids a merge
 * added, in the order the merge appended them (`appendedFrom`). A snapshot-backed result (a live
 * commit) counts every id as stored.
 */
export function restricted(header: Record<string, unknown>, keys: ReadonlySet<EntityKey>, valueOf: (k: EntityKey) => unknown, stored: (k: EntityKey) => boolean, appendedFrom: Ontology | undefined): Ontology {
  const o: Record<string, unknown> = { ...header };
  for (const c of COLLECTIONS) o[c] = {};
  const inPlace: Array<{ c: Collection; id: string; bucket: number }> = [];
  for (const k of keys) {
    if (!stored(k)) continue;
    const [c, id] = splitKey(k);
    inPlace.push({ c, id, bucket: bucketOf(id) });
  }
  inPlace.sort((x, y) => x.bucket - y.bucket || compare(x.id, y.id));
  for (const { c, id } of inPlace) {
    const v = valueOf(entityKey(c, id));
    if (v !== undefined) (o[c] as Record<string, unknown>)[id] = v;
  }
  if (appendedFrom) {
    for (const c of COLLECTIONS) {
      for (const [id, v] of Object.entries(appendedFrom[c] as Record<string, unknown>)) {
        const k = entityKey(c, id);
        if (keys.has(k) && !stored(k)) (o[c] as Record<string, unknown>)[id] = v;
      }
    }
  }
  return o as unknown as Ontology;
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
