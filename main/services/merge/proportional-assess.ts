/**
 * What a proportional merge means for the target, without reading the target whole: validation,
 * the diff and the change analysis of the result against the target, on a view.
 *
 * - D, the elements the merge changes in the target: what differs between the target's snapshot
 *   and the snapshot the result is built on (itself for a merge, the source for a fast-forward),
 *   plus the merged ids whose result differs from the target.
 * - A, the elements whose findings can change: D, everything that mentions an element of A
 *   (transitively: a subtype of a subtype, an implementer of an interface extending a changed one),
 *   everything named like an element of D and everything holding one of D's ids.
 * - W, what judging A needs: A, everything named like or sharing an id with A, and everything A
 *   mentions, transitively (ancestors, interfaces, shared properties, value and struct types).
 *
 * The result's findings are then the target's stored findings on elements outside A, plus the
 * findings validation reports on A when run on the result restricted to W. diff and analysis run
 * on the target and the result restricted to W (elements outside D are equal on both, so they add
 * nothing; those inside D find their ancestors and referenced names in W).
 */
import { analyzeChanges } from '../../../core/changes';
import { diffOntologies } from '../../../core/diff';
import { deepEqual } from '../../../core/diff/values';
import { entityKeys } from '../../../core/merge/entity-keys';
import { COLLECTIONS, type Collection, type Ontology } from '../../../core/model';
import { validate, type Diagnostic } from '../../../core/validate';
import { bucketOf } from '../store/snapshots';
import { entityKey, splitKey, type EntityKey, type ManifestReader } from '../store/changed-ids';
import type { EntityIndex } from '../store/entity-index';
import type { OntologyDiff } from '../../../core/diff';
import type { ChangeReport } from '../../../core/changes';
import { ProportionalUnsupported, type ProportionalMerge } from './proportional';

export interface ProportionalAnalysis {
  diagnostics: Diagnostic[];
  diff: OntologyDiff;
  changes: ChangeReport;
  /** Sizes of the sets above, for the preview's report of what was read. */
  sizes: { differs: number; affected: number; judged: number };
}

const HEADER = '\u0000header';
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

export function proportionalAnalysis(
  reader: ManifestReader, index: EntityIndex, pm: ProportionalMerge,
  snaps: { ours: string; resultBase: string }, oursDiagnostics: readonly Diagnostic[],
): ProportionalAnalysis {
  const valueIn = (snapshot: string, key: EntityKey): unknown => {
    const [c, id] = splitKey(key);
    const h = reader.hashOf(snapshot, c, id);
    return h === undefined ? undefined : reader.entity(snapshot, h);
  };
  const oursOf = (key: EntityKey): unknown => valueIn(snaps.ours, key);
  const resultOf = (key: EntityKey): unknown => {
    if (!pm.view.keys.has(key)) return valueIn(snaps.resultBase, key);
    const [c, id] = splitKey(key);
    return (pm.partialResult[c] as Record<string, unknown>)[id];
  };
  const versions = (key: EntityKey): unknown[] => [oursOf(key), resultOf(key)].filter((v) => v !== undefined);
  const keysOf = (key: EntityKey, v: unknown): ReturnType<typeof entityKeys> => {
    const [c, id] = splitKey(key);
    if (id.includes('/')) throw new ProportionalUnsupported(`element id ${JSON.stringify(id)} contains "/", so findings cannot be told apart by path`);
    return entityKeys(c, id, v);
  };

  const changed = new Set(reader.changedKeys(snaps.ours, snaps.resultBase));
  for (const key of pm.view.keys) if (!deepEqual(oursOf(key), resultOf(key))) changed.add(key);

  const affected = new Set(changed);
  const sameNameOrId = (key: EntityKey, into: Set<EntityKey>): void => {
    const [c] = splitKey(key);
    for (const v of versions(key)) {
      const k = keysOf(key, v);
      if (k.name !== undefined) for (const x of index.named(snaps.ours, c, k.name)) into.add(x);
      for (const id of k.ids) for (const x of index.holders(snaps.ours, id)) into.add(x);
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
  // Whatever mentions an affected element may judge differently now: referrers, transitively.
  closeOver(affected, (k) => each(k.ids, (id) => index.mentioning(snaps.ours, id)));
  for (const key of changed) sameNameOrId(key, affected);

  // Judging the affected needs what they mention, transitively, and their namesakes and id-sharers.
  const judged = new Set(affected);
  for (const key of affected) sameNameOrId(key, judged);
  closeOver(judged, (k) => each(k.mentions, (m) => index.holders(snaps.ours, m)));

  const ours = restricted(reader.header(snaps.ours), judged, oursOf, (k) => reader.hashOf(snaps.ours, ...splitKey(k)) !== undefined, undefined);
  const result = restricted(headerOf(pm.partialResult), judged, resultOf, (k) => reader.hashOf(snaps.resultBase, ...splitKey(k)) !== undefined, pm.partialResult);
  const isAffected = (d: Diagnostic): boolean => {
    const owner = ownerOf(d.path);
    return owner === HEADER || affected.has(owner);
  };
  const diagnostics = [
    ...oursDiagnostics.filter((d) => !isAffected(d)),
    ...validate(result).filter(isAffected),
  ].sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code) || compare(a.message, b.message));
  const diff = diffOntologies(ours, result);
  return { diagnostics, diff, changes: analyzeChanges(ours, result, diff), sizes: { differs: changed.size, affected: affected.size, judged: judged.size } };
}

function headerOf(o: Ontology): Record<string, unknown> {
  const h: Record<string, unknown> = { ...o };
  for (const c of COLLECTIONS) delete h[c];
  return h;
}

/**
 * An ontology of `header` and the elements `keys` name, in the order the whole one lists them:
 * ids stored in the snapshot it is built on by (bucket, id) as a whole read does, then ids the merge
 * added, in the order the merge appended them (`appendedFrom`).
 */
function restricted(header: Record<string, unknown>, keys: ReadonlySet<EntityKey>, valueOf: (k: EntityKey) => unknown, stored: (k: EntityKey) => boolean, appendedFrom: Ontology | undefined): Ontology {
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
