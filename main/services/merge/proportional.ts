/**
 * The three-way merge of stored snapshots in proportion to the change (issue 10): instead of
 * merging three whole ontologies, find the entities that changed on either side since the merge
 * base from the manifests (changed-ids.ts), and run the same core merge (core/merge merge3) on a
 * *view*: the three snapshots restricted to one set of ids, where every id in the view is loaded
 * from all three. An id outside the view is equal on all three sides, so the primary pass skips
 * it either way; the view only has to hold the untouched elements a global check looks at:
 *
 * - name collisions: every element of the target named (case-folded) like a touched element on any
 *   side, or like a name a manual resolution types in (entity index `named`);
 * - dangling references and their resolutions: every element holding an id a touched element
 *   mentions (index `holders`), so a target is found in the view exactly when it exists;
 * - cycles made by combining the sides: the ancestors of every view element along each acyclic
 *   relation (followed edge by edge), so a cycle through a changed element lies inside the view.
 *
 * The view grows until a round adds nothing; the merge on the final view is the full merge
 * restricted to it (test/main/merge-proportional.test.ts checks that on seeded random scenarios).
 * The whole result is materialised only if someone reads `result` (the CLI's --json, apply).
 */
import { merge3, type MergeOptions, type MergeResult } from '../../../core/merge';
import { ACYCLIC_RELATIONS } from '../../../core/merge/cycles';
import { entityKeys, foldName } from '../../../core/merge/entity-keys';
import { isRecord } from '../../../core/diff/values';
import { COLLECTIONS, type Collection, type Ontology } from '../../../core/model';
import { entityKey, splitKey, type EntityKey, type ManifestReader } from '../store/changed-ids';
import type { EntityIndex } from '../store/entity-index';
import { IncrementalUnsupported } from '../store/incremental-validate';

/** A view larger than this many rounds of growth means a pathological reference web: the full merge is cheaper to trust. */
const MAX_ROUNDS = 64;

export interface SnapshotTriple {
  base: string;
  ours: string;
  theirs: string;
}

export interface MergeView {
  keys: ReadonlySet<EntityKey>;
  base: Ontology;
  ours: Ontology;
  theirs: Ontology;
}

export interface ProportionalMerge {
  /** `result` is computed on first read (it reads the target whole). */
  merge: MergeResult;
  view: MergeView;
  /** The merge restricted to the view: what the result holds at the view's ids, plus the header. */
  partialResult: Ontology;
  /** Ids changed since the base on either side. */
  changed: ReadonlySet<EntityKey>;
  rounds: number;
}

/** Why the proportional path stepped aside (the full merge runs instead). */
export class ProportionalUnsupported extends IncrementalUnsupported {}

const valuesAt = (key: EntityKey, sides: readonly Ontology[]): unknown[] => {
  const [c, id] = splitKey(key);
  const out: unknown[] = [];
  for (const o of sides) {
    const v = (o[c] as Record<string, unknown>)[id];
    if (v !== undefined) out.push(v);
  }
  return out;
};

/** Every string typed into a manual resolution: a custom apiName may collide with an untouched element. */
function typedStrings(v: unknown, out: Set<string>): void {
  if (typeof v === 'string') out.add(v);
  else if (Array.isArray(v)) for (const x of v) typedStrings(x, out);
  else if (isRecord(v)) for (const x of Object.values(v)) typedStrings(x, out);
}

/** Untouched elements the checks of a merge over `view` may look at (some may already be in the view). */
function needs(view: MergeView, changed: ReadonlySet<EntityKey>, result: Ontology, index: EntityIndex, snaps: SnapshotTriple, options: MergeOptions): Set<EntityKey> {
  const out = new Set<EntityKey>();
  const sides = [view.base, view.ours, view.theirs, result];
  const typed = new Set<string>();
  for (const r of Object.values(options.resolutions ?? {})) if (r.pick === 'custom') typedStrings(r.value, typed);
  const collections = new Set<Collection>();
  for (const key of changed) {
    const [c, id] = splitKey(key);
    collections.add(c);
    for (const v of valuesAt(key, sides)) {
      const keys = entityKeys(c, id, v);
      if (keys.name !== undefined) for (const k of index.named(snaps.ours, c, keys.name)) out.add(k);
      for (const m of keys.mentions) for (const k of index.holders(snaps.ours, m)) out.add(k);
    }
  }
  for (const name of typed) {
    const folded = foldName(name) as string;
    for (const c of collections) for (const k of index.named(snaps.ours, c, folded)) out.add(k);
  }
  for (const rel of ACYCLIC_RELATIONS) {
    for (const key of view.keys) {
      const [c] = splitKey(key);
      if (c !== rel.collection) continue;
      for (const v of valuesAt(key, sides)) {
        const targets = isRecord(v) ? v[rel.field] : undefined;
        if (Array.isArray(targets)) for (const t of targets) if (typeof t === 'string') out.add(entityKey(rel.collection, t));
      }
    }
  }
  return out;
}

function viewOf(reader: ManifestReader, snaps: SnapshotTriple, keys: ReadonlySet<EntityKey>): MergeView {
  return { keys, base: reader.partial(snaps.base, keys), ours: reader.partial(snaps.ours, keys), theirs: reader.partial(snaps.theirs, keys) };
}

/**
 * `readTarget` reads the snapshot the result is built on (the target's) whole: called only when
 * someone reads `merge.result`.
 */
export function proportionalMerge(reader: ManifestReader, index: EntityIndex, snaps: SnapshotTriple, options: MergeOptions, readTarget: () => Ontology): ProportionalMerge {
  const local = (options.rules ?? []).every((r) => r.local === true);
  if (!local) throw new ProportionalUnsupported('a resolution rule without `local: true` may read whole ontologies');
  const changed = new Set([...reader.changedKeys(snaps.base, snaps.ours), ...reader.changedKeys(snaps.base, snaps.theirs)]);
  let keys = new Set(changed);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const view = viewOf(reader, snaps, keys);
    const merged = merge3(view.base, view.ours, view.theirs, options);
    const more = [...needs(view, changed, merged.result, index, snaps, options)].filter((k) => !keys.has(k));
    if (more.length === 0) {
      const partialResult = merged.result;
      return { merge: withLazyResult(merged, () => patched(readTarget(), partialResult, keys)), view, partialResult, changed, rounds: round };
    }
    keys = new Set([...keys, ...more]);
  }
  throw new ProportionalUnsupported(`the elements the merge checks kept growing after ${MAX_ROUNDS} rounds`);
}

/** `full` (the target, read whole) with the view's ids replaced by the partial result's. */
export function patched(full: Ontology, partial: Ontology, keys: ReadonlySet<EntityKey>): Ontology {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(partial)) if (!(COLLECTIONS as readonly string[]).includes(k)) out[k] = v;
  for (const c of COLLECTIONS) {
    const merged: Record<string, unknown> = { ...(full[c] as Record<string, unknown>) };
    for (const key of keys) {
      const [kc, id] = splitKey(key);
      if (kc === c && !((partial[c] as Record<string, unknown>)[id] !== undefined)) delete merged[id];
    }
    for (const [id, v] of Object.entries(partial[c] as Record<string, unknown>)) merged[id] = v;
    out[c] = merged;
  }
  return out as unknown as Ontology;
}

function withLazyResult(m: MergeResult, materialise: () => Ontology): MergeResult {
  let memo: Ontology | undefined;
  const out = { ...m } as Partial<MergeResult>;
  delete out.result;
  Object.defineProperty(out, 'result', {
    enumerable: true,
    get: () => (memo ??= materialise()),
  });
  return out as MergeResult;
}
