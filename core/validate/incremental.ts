/**
 * validate() kept up to date in proportion to a change: an ontology held in memory with an
 * in-memory index of its elements (element-index.ts) and its current findings. Each update names
 * the elements that changed; only those the rules of affected.ts say can judge differently are
 * validated again, on a view restricted to what judging them needs, and combined with the
 * previous findings. The answer is exactly validate() of the whole current state (test/core/
 * validate-incremental.test.ts checks that on seeded random edit scripts).
 *
 * Used by the studio's background validation: the renderer's worker and the backend's.
 */
import { COLLECTIONS, type Collection, type Ontology } from '../model';
import { affectedAndJudged, combineFindings, entityKey, IncrementalUnsupported, splitKey, type EntityKey, type NeighbourSource } from './affected';
import type { Diagnostic } from './diagnostics';
import { ElementIndex } from './element-index';
import { validate } from './validate';

/** Where an element is after a change: only in `collection` with `value`; null: in no collection. */
export interface ElementPlacement {
  collection: Collection;
  value: unknown;
}
export type ElementChanges = ReadonlyMap<string, ElementPlacement | null>;

/**
 * The order validation sees a collection's elements in (the order a clash message names members
 * in). Default: the order a JS record keeps, i.e. insertion order, as the state itself is built.
 */
export type ElementOrder = (collection: Collection, a: string, b: string) => number;

export interface PassSizes {
  changed: number;
  affected: number;
  judged: number;
  /** True when the rules could not decide and the state was validated whole. */
  whole: boolean;
}

type Records = Record<Collection, Record<string, unknown>>;

/**
 * An ontology of `header` and the elements `keys` name, each collection listed in `order`: the
 * view the affected elements are judged on.
 */
export function restrictedView(header: Readonly<Record<string, unknown>>, keys: Iterable<EntityKey>, valueOf: (k: EntityKey) => unknown, order: ElementOrder): Ontology {
  const o: Record<string, unknown> = { ...header };
  const byCollection = new Map<Collection, string[]>(COLLECTIONS.map((c) => [c, []]));
  for (const k of keys) {
    const [c, id] = splitKey(k);
    byCollection.get(c)?.push(id);
  }
  for (const c of COLLECTIONS) {
    const ids = (byCollection.get(c) as string[]).sort((a, b) => order(c, a, b));
    const rec: Record<string, unknown> = {};
    for (const id of ids) {
      const v = valueOf(entityKey(c, id));
      if (v !== undefined) rec[id] = v;
    }
    o[c] = rec;
  }
  return o as unknown as Ontology;
}

export interface IncrementalOptions {
  order?: ElementOrder;
  /**
   * Wraps the neighbour lookups. Only for the tests that show each rule is needed (a lookup that
   * answers nothing must make the answer differ from validate()).
   */
  neighbours?: (own: NeighbourSource) => NeighbourSource;
}

const isCollection = (k: string): boolean => (COLLECTIONS as readonly string[]).includes(k);

export class IncrementalValidator {
  private readonly records: Records;
  private header: Record<string, unknown>;
  private readonly index = new ElementIndex();
  private indexed = false;
  /** Insertion ordinals per collection, when no explicit order is given. */
  private readonly ordinals = new Map<Collection, Map<string, number>>();
  private nextOrdinal = 0;
  private readonly order: ElementOrder;
  private readonly explicitOrder: boolean;
  private findings: Diagnostic[];
  private readonly neighbours: NeighbourSource;

  /** Takes `ontology`'s records over: they are updated in place from now on. */
  constructor(ontology: Ontology, options: IncrementalOptions = {}) {
    const o = ontology as unknown as Record<string, unknown>;
    this.header = {};
    for (const k of Object.keys(o)) if (!isCollection(k)) this.header[k] = o[k];
    this.records = {} as Records;
    for (const c of COLLECTIONS) {
      let rec = (o[c] ?? {}) as Record<string, unknown>;
      if (options.order) {
        const order = options.order;
        rec = Object.fromEntries(Object.keys(rec).sort((a, b) => order(c, a, b)).map((id) => [id, rec[id]]));
      }
      this.records[c] = rec;
      const ords = new Map<string, number>();
      this.ordinals.set(c, ords);
      for (const id in rec) ords.set(id, this.nextOrdinal++);
    }
    const ords = this.ordinals;
    this.explicitOrder = options.order !== undefined;
    this.neighbours = options.neighbours ? options.neighbours(this.index) : this.index;
    this.order = options.order ?? ((c, a, b) => (ords.get(c)?.get(a) ?? 0) - (ords.get(c)?.get(b) ?? 0));
    // The records are in validation order right now (sorted above where an order is given).
    this.findings = validate({ ...this.header, ...this.records } as unknown as Ontology);
  }

  /**
   * Build the element index now rather than on the first update (as long as a validation pass, so
   * a caller with findings to hand out first does that, then prepares).
   */
  prepare(): void {
    if (this.indexed) return;
    for (const c of COLLECTIONS) {
      const rec = this.records[c];
      for (const id in rec) this.index.add(entityKey(c, id), rec[id]);
    }
    this.indexed = true;
  }

  /** The current findings, as validate() of ontology() gives them. */
  get diagnostics(): Diagnostic[] {
    return this.findings;
  }

  /** The current state, each collection in validation order (a fresh record; elements are shared, not copied). */
  ontology(): Ontology {
    // The records are in insertion order already; an explicit order must be imposed.
    if (!this.explicitOrder) return { ...this.header, ...this.records } as unknown as Ontology;
    return restrictedView(this.header, this.keys(), (k) => this.valueAt(k), this.order);
  }

  /** The ontology's own fields (everything but the collections). */
  headerFields(): Readonly<Record<string, unknown>> {
    return this.header;
  }

  private *keys(): Generator<EntityKey> {
    for (const c of COLLECTIONS) for (const id in this.records[c]) yield entityKey(c, id);
  }

  private valueAt(k: EntityKey): unknown {
    const [c, id] = splitKey(k);
    const rec = this.records[c];
    return Object.hasOwn(rec, id) ? rec[id] : undefined;
  }

  /**
   * Apply `changes` (and, when given, the new header: every non-collection field) and return the
   * findings of the new state. Values are taken over, not copied: callers must not mutate them later.
   */
  update(changes: ElementChanges, header?: Readonly<Record<string, unknown>>): { diagnostics: Diagnostic[]; sizes: PassSizes } {
    this.prepare();
    const before = new Map<EntityKey, unknown>();
    const after = new Map<EntityKey, unknown>();
    for (const [id, place] of changes) {
      for (const c of COLLECTIONS) {
        const k = entityKey(c, id);
        const was = this.valueAt(k);
        const now = place?.collection === c ? place.value : undefined;
        if (was === undefined && now === undefined) continue;
        if (was === now) continue;
        before.set(k, was);
        after.set(k, now);
      }
    }
    const changed = new Set(before.keys());
    let sets: ReturnType<typeof affectedAndJudged> | undefined;
    try {
      sets = affectedAndJudged(this.neighbours, changed, {
        base: (k) => (before.has(k) ? before.get(k) : this.valueAt(k)),
        result: (k) => (after.has(k) ? after.get(k) : this.valueAt(k)),
      });
    } catch (err) {
      if (!(err instanceof IncrementalUnsupported)) throw err;
    }
    for (const [k, was] of before) this.place(k, was, after.get(k));
    if (header) this.header = { ...header };
    this.findings = sets
      ? combineFindings(this.findings, sets.affected, restrictedView(this.header, sets.judged, (k) => this.valueAt(k), this.order))
      : validate(this.ontology());
    return {
      diagnostics: this.findings,
      sizes: { changed: changed.size, affected: sets?.affected.size ?? 0, judged: sets?.judged.size ?? 0, whole: sets === undefined },
    };
  }

  /** Replace `was` by `now` at `k` in the records, the ordinals and the index. */
  private place(k: EntityKey, was: unknown, now: unknown): void {
    const [c, id] = splitKey(k);
    const rec = this.records[c];
    if (was !== undefined) this.index.remove(k, was);
    if (now === undefined) {
      delete rec[id];
      this.ordinals.get(c)?.delete(id);
      return;
    }
    // Assigning an existing key keeps its place in the record, as the ordinal does.
    if (was === undefined) this.ordinals.get(c)?.set(id, this.nextOrdinal++);
    rec[id] = now;
    this.index.add(k, now);
  }
}
