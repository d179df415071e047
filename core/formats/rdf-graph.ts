/**
 * Subject-indexed triples with "consumed" marks: the mapper marks every (subject, predicate) it
 * reads, and whatever is left unmarked ends up in the import report, so nothing is dropped silently.
 */
import { nodeKey, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, type Term, type Triple } from './rdf';

export function sameTerm(a: Term, b: Term): boolean {
  if (a === b) return true; // interned IRI terms (interop/parse.ts) are shared objects
  if (a.t !== b.t || a.v !== b.v) return false;
  return a.t !== 'literal' || (b.t === 'literal' && a.lang === b.lang && a.dt === b.dt);
}

interface Slot {
  /**
   * The one object, or the objects once there are several: nearly every (subject, predicate)
   * holds one, and an array for each was a fifth of an OBO-scale graph's memory.
   */
  o: Term | Term[];
  used: boolean;
  /** Position of each object by key, built only once a slot grows large (linear scans would go quadratic). */
  keys?: Map<string, number>;
  /** Bit i: objects[i] is marked kept (see markKept); positions from 30 on live in keptHigh. */
  kept: number;
  keptHigh?: Set<number>;
}

const LARGE_SLOT = 16;
const KEPT_BITS = 30;
const objectKey = (t: Term) => (t.t === 'literal' ? `"${t.v}"@${t.lang}^^${t.dt}` : nodeKey(t));

/** The slot's objects as a list (a new one for a single object: readers only read it). */
const objectsOf = (slot: Slot): Term[] => (Array.isArray(slot.o) ? slot.o : [slot.o]);

/** Position of `o` among the slot's objects, or -1. */
function indexIn(slot: Slot, o: Term): number {
  const objects = slot.o;
  if (!Array.isArray(objects)) return sameTerm(objects, o) ? 0 : -1;
  if (objects.length < LARGE_SLOT) {
    for (let i = 0; i < objects.length; i++) if (sameTerm(objects[i] as Term, o)) return i;
    return -1;
  }
  if (!slot.keys) {
    slot.keys = new Map();
    for (let i = 0; i < objects.length; i++) slot.keys.set(objectKey(objects[i] as Term), i);
  }
  return slot.keys.get(objectKey(o)) ?? -1;
}

function markIndex(slot: Slot, i: number): void {
  if (i < KEPT_BITS) slot.kept |= 1 << i;
  else (slot.keptHigh ??= new Set()).add(i);
}

function isMarked(slot: Slot, i: number): boolean {
  return i < KEPT_BITS ? (slot.kept & (1 << i)) !== 0 : slot.keptHigh?.has(i) === true;
}

/**
 * A subject's statements: its predicates and their slots as two parallel arrays, not a Map per
 * subject (an OBO import has ~10⁵ subjects of 2–8 predicates each; a Map costs several times the
 * memory, all of it copied by every young-generation GC while the graph fills). Lookup is a scan
 * until a subject has many predicates.
 */
interface SubjectEntry {
  term: Term;
  preds: string[];
  slots: Slot[];
  /** Position of each predicate, built once the subject has more than LARGE_SUBJECT of them. */
  index?: Map<string, number>;
  /** Statements added about this subject, duplicates included (what a list of triples would have held). */
  added: number;
}

const LARGE_SUBJECT = 12;

function slotOf(entry: SubjectEntry | undefined, p: string): Slot | undefined {
  if (!entry) return undefined;
  if (entry.index) {
    const i = entry.index.get(p);
    return i === undefined ? undefined : entry.slots[i];
  }
  const preds = entry.preds;
  for (let i = 0; i < preds.length; i++) if (preds[i] === p) return entry.slots[i];
  return undefined;
}

/**
 * Exact-size arrays once a subject's run of statements ends: an array grown by push reserves 17
 * elements at its second one, and an OBO-scale graph holds 10⁵ subjects of ~5 predicates each
 * (the spare room was a fifth of its memory). Statements about the subject that come later grow
 * the copies again.
 */
function seal(entry: SubjectEntry): void {
  if (entry.preds.length > 1) {
    entry.preds = entry.preds.slice();
    entry.slots = entry.slots.slice();
  }
  for (const slot of entry.slots) if (Array.isArray(slot.o) && slot.o.length > 2) slot.o = slot.o.slice();
}

function addSlot(entry: SubjectEntry, p: string, slot: Slot): void {
  entry.preds.push(p);
  entry.slots.push(slot);
  if (entry.index) entry.index.set(p, entry.preds.length - 1);
  else if (entry.preds.length > LARGE_SUBJECT) entry.index = new Map(entry.preds.map((x, i) => [x, i]));
}

export class RdfGraph {
  private readonly bySubject = new Map<string, SubjectEntry>();
  private readonly typeIndex = new Map<string, Set<string>>();
  /**
   * The two subjects looked up last: readers ask about one subject many times in a row (a class's
   * labels, comments, status, supertypes; the OWL view writes an element's statements together),
   * often alternating with one blank node below it (a restriction, an axiom), and a lookup in a
   * map of 10⁵ subjects mostly misses the cache. takeSubjects clears them.
   */
  private lastKey: string | undefined;
  private lastEntry: SubjectEntry | undefined;
  private prevKey: string | undefined;
  private prevEntry: SubjectEntry | undefined;
  /**
   * The subject term added to last: a parser emits a subject's statements in a row with the same
   * (interned) term object, so most statements find their entry without building a key string.
   */
  private addedTerm: Term | undefined;
  private addedEntry: SubjectEntry | undefined;

  private entry(s: string): SubjectEntry | undefined {
    if (s === this.lastKey) return this.lastEntry;
    if (s === this.prevKey) {
      const e = this.prevEntry;
      this.remember(s, e as SubjectEntry);
      return e;
    }
    const e = this.bySubject.get(s);
    if (e) this.remember(s, e);
    return e;
  }

  private remember(s: string, e: SubjectEntry): void {
    this.prevKey = this.lastKey;
    this.prevEntry = this.lastEntry;
    this.lastKey = s;
    this.lastEntry = e;
  }

  private forget(): void {
    this.lastKey = this.prevKey = undefined;
    this.lastEntry = this.prevEntry = undefined;
    this.addedTerm = this.addedEntry = undefined;
  }

  private count = 0;

  constructor(triples: readonly Triple[] = []) {
    for (const tr of triples) this.addStatement(tr.s, tr.p, tr.o);
  }

  /** Distinct triples held. */
  get size(): number {
    return this.count;
  }

  /** Adds a triple; false when the graph holds it already. */
  add(tr: Triple): boolean {
    return this.addStatement(tr.s, tr.p, tr.o);
  }

  /** add() without a Triple object: a parser streams statements straight in (interop/parse.ts). */
  addStatement(s: Term, p: string, o: Term): boolean {
    let entry = s === this.addedTerm ? this.addedEntry : undefined;
    if (!entry) {
      if (this.addedEntry) seal(this.addedEntry);
      const sk = nodeKey(s);
      entry = this.entry(sk);
      if (!entry) {
        this.bySubject.set(sk, (entry = { term: s, preds: [], slots: [], added: 0 }));
        this.remember(sk, entry);
      }
      this.addedTerm = s;
      this.addedEntry = entry;
    }
    entry.added++;
    const slot = slotOf(entry, p);
    if (!slot) {
      addSlot(entry, p, { o, used: false, kept: 0 });
    } else {
      // Duplicates are found within the (subject, predicate) slot: slots are small, and no key string per triple is built.
      if (indexIn(slot, o) >= 0) return false;
      const held = slot.o;
      if (Array.isArray(held)) {
        slot.keys?.set(objectKey(o), held.length);
        held.push(o);
      } else slot.o = [held, o]; // exact size; a pushed-to empty array reserves 17 elements
    }
    this.count++;
    if (p === RDF_TYPE && o.t === 'iri') {
      let set = this.typeIndex.get(o.v);
      if (!set) this.typeIndex.set(o.v, (set = new Set()));
      set.add(nodeKey(s));
    }
    return true;
  }

  /**
   * Moves the statements of `keys` into a graph of their own (in this graph's subject order, as
   * building one from the triples of those subjects would), and how many statements they were,
   * duplicates included. The rest of this graph is left as if those subjects never were in it.
   */
  takeSubjects(keys: ReadonlySet<string>): { graph: RdfGraph; added: number } {
    const graph = new RdfGraph();
    let added = 0;
    for (const [key, entry] of this.bySubject) {
      if (!keys.has(key)) continue;
      added += entry.added;
      for (let j = 0; j < entry.preds.length; j++) {
        const p = entry.preds[j] as string;
        const slot = entry.slots[j] as Slot;
        const objects = objectsOf(slot);
        for (const o of objects) graph.addStatement(entry.term, p, o);
        this.count -= objects.length;
        if (p === RDF_TYPE) for (const o of objects) if (o.t === 'iri') this.typeIndex.get(o.v)?.delete(key);
      }
      this.bySubject.delete(key);
    }
    this.forget();
    return { graph, added };
  }

  subjects(): IterableIterator<string> {
    return this.bySubject.keys();
  }

  term(key: string): Term | undefined {
    return this.entry(key)?.term;
  }

  /** Objects of (s, p); marks them consumed unless `peek`. */
  objects(s: string, p: string, peek = false): Term[] {
    const slot = slotOf(this.entry(s), p);
    if (!slot) return [];
    if (!peek) slot.used = true;
    return objectsOf(slot);
  }

  /** Predicates of a subject (peek: marks nothing). */
  predicates(s: string): string[] {
    return this.entry(s)?.preds.slice() ?? [];
  }

  predicateCount(s: string): number {
    return this.entry(s)?.preds.length ?? 0;
  }

  has(s: string, p: string): boolean {
    return slotOf(this.entry(s), p) !== undefined;
  }

  use(s: string, p: string): void {
    const slot = slotOf(this.entry(s), p);
    if (slot) slot.used = true;
  }

  /** Subjects typed `type` (keys), in a stable order. */
  ofType(type: string): string[] {
    return [...(this.typeIndex.get(type) ?? [])].sort();
  }

  typesOf(s: string): string[] {
    return this.objects(s, RDF_TYPE, true).flatMap((t) => (t.t === 'iri' ? [t.v] : []));
  }

  /** Whether `s rdf:type type` is stated (peek), without the type list typesOf copies for each subject asked. */
  hasType(s: string, type: string): boolean {
    const slot = slotOf(this.entry(s), RDF_TYPE);
    if (!slot) return false;
    const o = slot.o;
    if (!Array.isArray(o)) return o.t === 'iri' && o.v === type;
    for (const t of o) if (t.t === 'iri' && t.v === type) return true;
    return false;
  }

  /** Items of an RDF collection, or undefined when `head` is not a well-formed list. Marks list nodes used. */
  list(head: Term): Term[] | undefined {
    const out: Term[] = [];
    let node = head;
    const guard = new Set<string>();
    while (!(node.t === 'iri' && node.v === RDF_NIL)) {
      const key = nodeKey(node);
      if (node.t !== 'blank' || guard.has(key)) return undefined;
      guard.add(key);
      const first = this.objects(key, RDF_FIRST);
      const rest = this.objects(key, RDF_REST);
      if (first.length !== 1 || rest.length !== 1) return undefined;
      out.push(first[0] as Term);
      node = rest[0] as Term;
    }
    return out;
  }

  /**
   * Marks the statement (s, p, o) kept, when the graph holds it; `o` compares by value. The
   * unmodelled pass marks what the model's OWL view writes back (owl-unmodelled.ts).
   */
  markKept(s: string, p: string, o: Term): void {
    const slot = slotOf(this.entry(s), p);
    if (!slot) return;
    const i = indexIn(slot, o);
    if (i >= 0) markIndex(slot, i);
  }

  /** Marks kept the objects of (s, p) that `pick` chooses (blank nodes, matched by structure). */
  markKeptWhere(s: string, p: string, pick: (o: Term) => boolean): void {
    const slot = slotOf(this.entry(s), p);
    if (!slot) return;
    const objects = objectsOf(slot);
    for (let i = 0; i < objects.length; i++) if (pick(objects[i] as Term)) markIndex(slot, i);
  }

  /** Statements not marked kept, in subject, predicate, object order; `keepSubject` marks a whole subject kept. */
  *unkept(keepSubject: (s: Term, key: string) => boolean): Generator<Triple> {
    for (const [key, { term, preds, slots }] of this.bySubject) {
      if (keepSubject(term, key)) continue;
      for (let j = 0; j < preds.length; j++) {
        const p = preds[j] as string;
        const slot = slots[j] as Slot;
        const objects = slot.o;
        if (!Array.isArray(objects)) {
          if (!isMarked(slot, 0)) yield { s: term, p, o: objects };
          continue;
        }
        for (let i = 0; i < objects.length; i++) if (!isMarked(slot, i)) yield { s: term, p, o: objects[i] as Term };
      }
    }
  }

  /** Every (subject, predicate, object) nobody consumed. */
  *unused(): Generator<{ s: Term; p: string; objects: Term[] }> {
    for (const { term, preds, slots } of this.bySubject.values()) {
      for (let j = 0; j < preds.length; j++) {
        const slot = slots[j] as Slot;
        if (!slot.used) yield { s: term, p: preds[j] as string, objects: objectsOf(slot) };
      }
    }
  }
}
