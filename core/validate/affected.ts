/**
 * Which findings a change can touch, and how to combine findings of a changed state from the old
 * state's findings: the one set of rules behind every validation in proportion to a change — a
 * live branch's commit and the proportional merge preview (store/incremental-validate.ts, whose
 * neighbours come from the SQLite entity index of a snapshot) and the studio's background
 * validation (incremental.ts, whose neighbours come from an in-memory index of the state).
 *
 * - changed: the top-level elements whose value may differ between base and result (a superset is safe).
 * - A, the elements whose findings can change: changed, everything that mentions an element of A
 *   (transitively: a subtype of a subtype, an implementer of an interface extending a changed one),
 *   everything named like a changed element and everything holding one of its ids.
 * - W, what judging A needs: A, everything named like A, and, transitively, everything a member of
 *   W mentions (ancestors, interfaces, shared properties, value and struct types) or shares an id with.
 *
 * The result's findings are the base's findings on elements outside A, plus what validation reports
 * on A (and on the ontology itself) when run on the result restricted to W. Neighbours are looked
 * up in the base; an element's base and result versions are both followed, so what a change adds
 * (a new reference, a new name) is found as well as what it removes.
 */
import { OmsError } from '../errors';
import { entityKeys, type EntityKeys } from '../merge/entity-keys';
import { COLLECTIONS, type Collection } from '../model';
import type { Diagnostic } from './diagnostics';
import { validate } from './validate';
import type { Ontology } from '../model';

/** A top-level element, as `<collection>\u0000<id>` (an id may sit in two collections: DUPLICATE_ID). */
export type EntityKey = string;
export const entityKey = (collection: Collection, id: string): EntityKey => `${collection}\u0000${id}`;
export function splitKey(key: EntityKey): [Collection, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at) as Collection, key.slice(at + 1)];
}

/**
 * The rules cannot decide which findings a change touches; the caller validates whole instead.
 * Internal to validation in proportion to a change: callers catch it and fall back, it never
 * reaches a person.
 */
export class IncrementalUnsupported extends OmsError {
  constructor(message: string) {
    super('INCREMENTAL_UNSUPPORTED', message);
  }
}

/** Where the base finds elements by the keys of core/merge/entity-keys.ts. */
export interface NeighbourSource {
  /** Top-level elements of `collection` whose apiName folds to `folded`. */
  named(collection: Collection, folded: string): Iterable<EntityKey>;
  /** Top-level elements holding an element (themselves or a nested child) with this id. */
  holders(id: string): Iterable<EntityKey>;
  /** Top-level elements that mention this id anywhere (theirs or their children's references). */
  mentioning(id: string): Iterable<EntityKey>;
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

/**
 * The index keys of one version of an element, refusing what the rules cannot follow: ids that
 * paths could not tell apart, and an id held twice. Which holder of a duplicated id validation
 * indexes (and so whose children it knows, whose name messages use) depends on the walk over the
 * whole ontology, and a holder mentioning the id counts as holding it rather than referring to it;
 * such a state has a DUPLICATE_ID (BLOCK) and is validated whole until it is repaired.
 */
export function keysOfElement(key: EntityKey, value: unknown): EntityKeys {
  const [c, id] = splitKey(key);
  if (id.includes('/')) throw new IncrementalUnsupported(`element id ${JSON.stringify(id)} contains "/", so findings cannot be told apart by path`);
  const keys = entityKeys(c, id, value);
  if (new Set(keys.ids).size !== keys.ids.length) throw new IncrementalUnsupported(`element ${id} holds one id twice`);
  return keys;
}

/** The one holder of an id; two or more are a duplicate id, which the rules do not follow (see keysOfElement). */
function soleHolder(neighbours: NeighbourSource, id: string): Iterable<EntityKey> {
  const found = [...neighbours.holders(id)];
  if (found.length > 1) throw new IncrementalUnsupported(`id ${id} is held by ${found.length} elements`);
  return found;
}

/** A and W (see the header comment) for `changed`, with neighbours looked up in the base. */
export function affectedAndJudged(neighbours: NeighbourSource, changed: ReadonlySet<EntityKey>, sides: Sides): AffectedSets {
  const versions = (key: EntityKey): unknown[] => [sides.base(key), sides.result(key)].filter((v) => v !== undefined);
  const sameNameOrId = (key: EntityKey, into: Set<EntityKey>): void => {
    const [c] = splitKey(key);
    for (const v of versions(key)) {
      const k = keysOfElement(key, v);
      if (k.name !== undefined) for (const x of neighbours.named(c, k.name)) into.add(x);
      for (const id of k.ids) for (const x of soleHolder(neighbours, id)) into.add(x);
    }
  };
  /** Grow `set` to a fixed point: every member's versions lead, through `step`, to more members. */
  const closeOver = (set: Set<EntityKey>, step: (keys: EntityKeys) => Iterable<EntityKey>): void => {
    let frontier = [...set];
    while (frontier.length > 0) {
      const next: EntityKey[] = [];
      for (const key of frontier) {
        for (const v of versions(key)) for (const x of step(keysOfElement(key, v))) if (!set.has(x)) { set.add(x); next.push(x); }
      }
      frontier = next;
    }
  };
  const each = function* (items: readonly string[], f: (id: string) => Iterable<EntityKey>): Generator<EntityKey> {
    for (const t of items) yield* f(t);
  };
  const affected = new Set(changed);
  // Whatever mentions an affected element may judge differently now: referrers, transitively.
  closeOver(affected, (k) => each(k.ids, (id) => neighbours.mentioning(id)));
  for (const key of changed) sameNameOrId(key, affected);

  // Judging the affected needs what they mention, transitively, and their namesakes and id-sharers.
  const judged = new Set(affected);
  for (const key of affected) sameNameOrId(key, judged);
  // Every member's own ids are looked up too, so a duplicate id anywhere near the change is refused.
  closeOver(judged, (k) => each([...k.mentions, ...k.ids], (m) => soleHolder(neighbours, m)));
  return { affected, judged };
}

const HEADER: EntityKey = '\u0000header';
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** validate()'s order: path, then code, then message. */
const compareFindings = (a: Diagnostic, b: Diagnostic): number => compare(a.path, b.path) || compare(a.code, b.code) || compare(a.message, b.message);

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

/**
 * The base's findings outside `affected`, and validation's findings on `affected` (and the header)
 * in `restrictedResult`, in validate()'s order. `baseFindings` must be in that order (validate()'s
 * own output, or an earlier answer of this function): the two sorted lists are merged, not re-sorted.
 */
export function combineFindings(baseFindings: readonly Diagnostic[], affected: ReadonlySet<EntityKey>, restrictedResult: Ontology): Diagnostic[] {
  const isAffected = (d: Diagnostic): boolean => {
    const owner = ownerOf(d.path);
    return owner === HEADER || affected.has(owner);
  };
  const kept = baseFindings.filter((d) => !isAffected(d));
  // Findings kept by an older store may predate this order: sort those once rather than mis-merge.
  if (kept.some((d, i) => i > 0 && compareFindings(kept[i - 1] as Diagnostic, d) > 0)) kept.sort(compareFindings);
  const fresh = validate(restrictedResult).filter(isAffected);
  const out: Diagnostic[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < fresh.length) out.push(compareFindings(kept[i] as Diagnostic, fresh[j] as Diagnostic) <= 0 ? (kept[i++] as Diagnostic) : (fresh[j++] as Diagnostic));
  while (i < kept.length) out.push(kept[i++] as Diagnostic);
  while (j < fresh.length) out.push(fresh[j++] as Diagnostic);
  return out;
}
