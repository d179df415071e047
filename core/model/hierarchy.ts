/**
 * The object type hierarchy: what a type inherits from its supertypes. The one place that defines
 * inheritance, so validation, change analysis, the generators and the UI agree on it.
 *
 * Rules (also checked by core/validate):
 * - A type inherits every property of every ancestor and every interface an ancestor implements.
 *   Its effective properties are its own, then its ancestors' nearest first (breadth-first over
 *   `supertypes` in sorted order), one per apiName: the first met wins. Two different properties with
 *   one apiName are a conflict (INHERITED_PROPERTY_CONFLICT) or a shadowing (PROPERTY_SHADOWS_INHERITED)
 *   that validation reports; this module just picks deterministically so generators stay usable.
 * - Primary key: a subtype inherits its supertypes' key when it declares none. Along each upward path
 *   the nearest type that declares a key decides; all paths must agree (else ambiguous). A subtype may
 *   declare a key only when it inherits none, or declare exactly the inherited one (redundant, allowed).
 *   So every object of a subtype is identified like the objects of its supertypes, and polymorphic
 *   references (a link to a supertype) keep working.
 * - Cycles and dangling supertypes are ignored here (validation reports them): every walk keeps a
 *   visited set and skips ids that are not object types.
 */
import type { ObjectType, Ontology, Property } from './schema';
import { ordered } from './elements';

export interface EffectiveProperty {
  id: string;
  /** The object type that declares the property (the type itself, or an ancestor). */
  ownerId: string;
  property: Property;
}

export interface PrimaryKeyResolution {
  /** The effective key property id, or undefined (none anywhere, or ambiguous). */
  propertyId: string | undefined;
  /** Whether the type declares `primaryKey` itself. */
  declared: boolean;
  /** Distinct keys the nearest declaring ancestors give (empty: nothing inherited). */
  inherited: string[];
}

export class TypeHierarchy {
  private readonly ancestorMemo = new Map<string, readonly string[]>();
  private readonly propertyMemo = new Map<string, readonly EffectiveProperty[]>();
  private readonly ownMemo = new Map<string, ReadonlyArray<[string, Property]>>();
  private readonly keyMemo = new Map<string, readonly string[]>();
  private readonly titleMemo = new Map<string, boolean>();
  private childIndex: Map<string, string[]> | undefined;

  constructor(private readonly objectTypes: Readonly<Record<string, ObjectType>>) {}

  private get(id: string): ObjectType | undefined {
    return Object.hasOwn(this.objectTypes, id) ? this.objectTypes[id] : undefined;
  }

  /** Direct supertypes that exist, sorted (canonical order), the type itself excluded. */
  parents(id: string): readonly string[] {
    const s = this.get(id)?.supertypes;
    return s === undefined ? [] : s.filter((p) => p !== id && this.get(p) !== undefined);
  }

  /** Every ancestor once, nearest first (breadth-first), never the type itself even on a cycle. */
  ancestors(id: string): readonly string[] {
    const memo = this.ancestorMemo.get(id);
    if (memo) return memo;
    const out = breadthFirst(id, (a) => this.parents(a));
    this.ancestorMemo.set(id, out);
    return out;
  }

  /** Whether `id` is `ancestorId` or one of its (transitive) subtypes. */
  isSubtypeOf(id: string, ancestorId: string): boolean {
    return id === ancestorId || this.ancestors(id).includes(ancestorId);
  }

  /** Direct subtypes, sorted. */
  children(id: string): readonly string[] {
    if (!this.childIndex) {
      this.childIndex = new Map();
      for (const cid of Object.keys(this.objectTypes).sort()) {
        for (const p of this.parents(cid)) {
          const list = this.childIndex.get(p);
          if (list) list.push(cid);
          else this.childIndex.set(p, [cid]);
        }
      }
    }
    return this.childIndex.get(id) ?? [];
  }

  /** Every transitive subtype once, nearest first. */
  descendants(id: string): string[] {
    return breadthFirst(id, (d) => this.children(d));
  }

  /** Own properties (in order), then inherited ones nearest ancestor first; one per apiName (case-insensitive). */
  properties(id: string): readonly EffectiveProperty[] {
    const memo = this.propertyMemo.get(id);
    if (memo) return memo;
    const out: EffectiveProperty[] = [];
    const names = new Set<string>();
    for (const ownerId of [id, ...this.ancestors(id)]) {
      for (const [pid, property] of this.ownProperties(ownerId)) {
        const name = property.apiName.toLowerCase();
        if (names.has(name)) continue;
        names.add(name);
        out.push({ id: pid, ownerId, property });
      }
    }
    this.propertyMemo.set(id, out);
    return out;
  }

  /** The type's own properties in order (memoized: every descendant walks them). */
  ownProperties(id: string): ReadonlyArray<[string, Property]> {
    let own = this.ownMemo.get(id);
    if (!own) {
      const ot = this.get(id);
      own = ot ? ordered(ot.properties) : [];
      this.ownMemo.set(id, own);
    }
    return own;
  }

  /** Inherited properties only (what `properties` adds to the type's own). */
  inheritedProperties(id: string): EffectiveProperty[] {
    return this.properties(id).filter((p) => p.ownerId !== id);
  }

  /** The effective property with this id, if the type has it (own or inherited). */
  property(id: string, propertyId: string): EffectiveProperty | undefined {
    for (const ownerId of [id, ...this.ancestors(id)]) {
      const p = this.get(ownerId)?.properties;
      if (p && Object.hasOwn(p, propertyId)) return { id: propertyId, ownerId, property: p[propertyId] as Property };
    }
    return undefined;
  }

  /** Interfaces the type implements itself or through an ancestor, sorted. */
  interfaces(id: string): string[] {
    const out = new Set(this.get(id)?.implements ?? []);
    for (const a of this.ancestors(id)) for (const i of this.get(a)?.implements ?? []) out.add(i);
    return [...out].sort();
  }

  /**
   * A value computed bottom-up over the supertypes: `combine(id, values of its parents)`, memoized in
   * `memo`. Iterative with an explicit stack, so a 10,000-deep chain neither overflows nor costs more
   * than one visit per type; on a cycle, a type sees only the parents not already in progress.
   */
  foldUp<T>(id: string, memo: Map<string, T>, combine: (id: string, parentValues: T[]) => T): T {
    const done = memo.get(id);
    if (done !== undefined) return done;
    const onStack = new Set<string>();
    const stack: Array<{ id: string; expanded: boolean }> = [{ id, expanded: false }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { id: string; expanded: boolean };
      if (memo.has(frame.id)) {
        stack.pop();
        continue;
      }
      const parents = this.parents(frame.id);
      if (!frame.expanded) {
        frame.expanded = true;
        onStack.add(frame.id);
        for (const p of parents) if (!memo.has(p) && !onStack.has(p)) stack.push({ id: p, expanded: false });
        continue;
      }
      stack.pop();
      onStack.delete(frame.id);
      const values: T[] = [];
      for (const p of parents) {
        const v = memo.get(p);
        if (v !== undefined) values.push(v);
      }
      memo.set(frame.id, combine(frame.id, values));
    }
    return memo.get(id) as T;
  }

  /** The keys a type passes down: its own, or else what its supertypes pass down. */
  private keysOf(id: string): readonly string[] {
    return this.foldUp(id, this.keyMemo, (t, parents) => {
      const declared = this.get(t)?.primaryKey;
      return declared !== undefined ? [declared] : [...new Set(parents.flat())].sort();
    });
  }

  /** The keys inherited along each upward path from the nearest ancestor that declares one. */
  private inheritedKeys(id: string): string[] {
    return [...new Set(this.parents(id).flatMap((p) => this.keysOf(p)))].sort();
  }

  /** Whether the type itself or an ancestor declares a title key. */
  hasTitleKey(id: string): boolean {
    return this.foldUp(id, this.titleMemo, (t, parents) => this.get(t)?.titleKey !== undefined || parents.includes(true));
  }

  primaryKey(id: string): PrimaryKeyResolution {
    const declared = this.get(id)?.primaryKey;
    const inherited = this.parents(id).length === 0 ? [] : this.inheritedKeys(id);
    if (declared !== undefined) return { propertyId: declared, declared: true, inherited };
    return { propertyId: inherited.length === 1 ? inherited[0] : undefined, declared: false, inherited };
  }

  /** The effective primary key property (undefined when none, ambiguous, or dangling). */
  primaryKeyProperty(id: string): EffectiveProperty | undefined {
    const pk = this.primaryKey(id).propertyId;
    return pk === undefined ? undefined : this.property(id, pk);
  }
}

/**
 * The hierarchy of `o`'s object types. Walks are memoized inside the returned object, so build one
 * per ontology value and reuse it for a pass; not cached globally because callers (tests, editors)
 * may change an ontology object in place between passes.
 */
export function typeHierarchy(o: Pick<Ontology, 'objectTypes'>): TypeHierarchy {
  return new TypeHierarchy(o.objectTypes);
}

/** Every node reachable from `start` once, nearest first, never `start` itself (even on a cycle). */
function breadthFirst(start: string, next: (id: string) => readonly string[]): string[] {
  const seen = new Set<string>([start]);
  const out: string[] = [];
  for (let queue = [...next(start)], i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(v);
    for (const w of next(v)) if (!seen.has(w)) queue.push(w);
  }
  return out;
}
