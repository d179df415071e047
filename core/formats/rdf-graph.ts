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

const LARGE_SLOT = 16;
/** Bit 0 of a slot's flags: read by the mapper (objects, use). Bits 1–29: objects 0–28 marked kept. */
const USED = 1;
const KEPT_BITS = 29;
const objectKey = (t: Term) => (t.t === 'literal' ? `"${t.v}"@${t.lang}^^${t.dt}` : nodeKey(t));

/** What only a large slot needs (rare): its objects' positions by key, kept marks past KEPT_BITS. */
interface SlotExtra {
  /** Position of each object by key, built once a slot grows large (linear scans would go quadratic). */
  keys?: Map<string, number>;
  keptHigh?: Set<number>;
}

/**
 * A subject's statements as parallel arrays, one position per predicate (a "slot"): the
 * predicate, its one object or its objects once there are several (nearly every (subject,
 * predicate) holds one; an array for each was a fifth of an OBO-scale graph's memory), and its
 * used/kept flags as a small integer. Not a Map per subject nor an object per slot: an OBO import
 * has ~10⁵ subjects of 2–8 predicates each, and every object the graph holds is copied by each
 * young-generation GC while the graph fills. Lookup is a scan until a subject has many predicates.
 */
interface SubjectEntry {
  term: Term;
  preds: string[];
  objs: Array<Term | Term[]>;
  flags: number[];
  /** Position of each predicate, built once the subject has more than LARGE_SUBJECT of them. */
  index?: Map<string, number>;
  extra?: Map<number, SlotExtra>;
  /** Statements added about this subject, duplicates included (what a list of triples would have held). */
  added: number;
}

const LARGE_SUBJECT = 12;

/** The slot of `p` in `entry`, or -1. */
function slotOf(entry: SubjectEntry | undefined, p: string): number {
  if (!entry) return -1;
  if (entry.index) return entry.index.get(p) ?? -1;
  const preds = entry.preds;
  for (let i = 0; i < preds.length; i++) if (preds[i] === p) return i;
  return -1;
}

/** A slot's objects as a list (a new one for a single object: readers only read it). */
function objectsAt(entry: SubjectEntry, j: number): Term[] {
  const o = entry.objs[j] as Term | Term[];
  return Array.isArray(o) ? o : [o];
}

/** Position of `o` among slot j's objects, or -1. */
function indexIn(entry: SubjectEntry, j: number, o: Term): number {
  const objects = entry.objs[j] as Term | Term[];
  if (!Array.isArray(objects)) return sameTerm(objects, o) ? 0 : -1;
  if (objects.length < LARGE_SLOT) {
    for (let i = 0; i < objects.length; i++) if (sameTerm(objects[i] as Term, o)) return i;
    return -1;
  }
  const extra = extraOf(entry, j);
  if (!extra.keys) {
    extra.keys = new Map();
    for (let i = 0; i < objects.length; i++) extra.keys.set(objectKey(objects[i] as Term), i);
  }
  return extra.keys.get(objectKey(o)) ?? -1;
}

function extraOf(entry: SubjectEntry, j: number): SlotExtra {
  const all = (entry.extra ??= new Map());
  let extra = all.get(j);
  if (!extra) all.set(j, (extra = {}));
  return extra;
}

function markIndex(entry: SubjectEntry, j: number, i: number): void {
  if (i < KEPT_BITS) entry.flags[j] = (entry.flags[j] as number) | (2 << i);
  else (extraOf(entry, j).keptHigh ??= new Set()).add(i);
}

function isMarked(entry: SubjectEntry, j: number, i: number): boolean {
  return i < KEPT_BITS ? ((entry.flags[j] as number) & (2 << i)) !== 0 : entry.extra?.get(j)?.keptHigh?.has(i) === true;
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
    entry.objs = entry.objs.slice();
    entry.flags = entry.flags.slice();
  }
  const objs = entry.objs;
  for (let j = 0; j < objs.length; j++) {
    const o = objs[j] as Term | Term[];
    if (Array.isArray(o) && o.length > 2) objs[j] = o.slice();
  }
}

function addSlot(entry: SubjectEntry, p: string, o: Term): void {
  entry.preds.push(p);
  entry.objs.push(o);
  entry.flags.push(0);
  if (entry.index) entry.index.set(p, entry.preds.length - 1);
  else if (entry.preds.length > LARGE_SUBJECT) entry.index = new Map(entry.preds.map((x, i) => [x, i]));
}

export class RdfGraph {
  private readonly bySubject = new Map<string, SubjectEntry>();
  /**
   * Subjects by rdf:type (keys), built when first asked and dropped when a type statement comes or
   * goes: the mapper asks for a few types after the graph is complete, and keeping it current
   * while statements stream in cost a set insert with a fresh key string per typed subject.
   */
  private typeIndex: Map<string, string[]> | undefined;
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
        this.bySubject.set(sk, (entry = { term: s, preds: [], objs: [], flags: [], added: 0 }));
        this.remember(sk, entry);
      }
      this.addedTerm = s;
      this.addedEntry = entry;
    }
    entry.added++;
    const j = slotOf(entry, p);
    if (j < 0) {
      addSlot(entry, p, o);
    } else {
      // Duplicates are found within the (subject, predicate) slot: slots are small, and no key string per triple is built.
      if (indexIn(entry, j, o) >= 0) return false;
      const held = entry.objs[j] as Term | Term[];
      if (Array.isArray(held)) {
        entry.extra?.get(j)?.keys?.set(objectKey(o), held.length);
        held.push(o);
      } else entry.objs[j] = [held, o]; // exact size; a pushed-to empty array reserves 17 elements
    }
    this.count++;
    if (this.typeIndex && p === RDF_TYPE) this.typeIndex = undefined;
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
        const objects = objectsAt(entry, j);
        for (const o of objects) graph.addStatement(entry.term, p, o);
        this.count -= objects.length;
      }
      this.bySubject.delete(key);
    }
    this.forget();
    this.typeIndex = undefined;
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
    const entry = this.entry(s);
    const j = slotOf(entry, p);
    if (j < 0) return [];
    const e = entry as SubjectEntry;
    if (!peek) e.flags[j] = (e.flags[j] as number) | USED;
    return objectsAt(e, j);
  }

  /** Calls `fn` with each (predicate, object) of a subject, in statement order (peek: marks nothing; no lists built). */
  eachObject(s: string, fn: (p: string, o: Term) => void): void {
    const entry = this.entry(s);
    if (!entry) return;
    // Locals: `fn` may ask about other subjects (a hash recursing into blank nodes), which moves the lookup cache.
    const { preds, objs } = entry;
    for (let j = 0; j < preds.length; j++) {
      const p = preds[j] as string;
      const o = objs[j] as Term | Term[];
      if (!Array.isArray(o)) fn(p, o);
      else for (const x of o) fn(p, x);
    }
  }

  /** Predicates of a subject (peek: marks nothing). */
  predicates(s: string): string[] {
    return this.entry(s)?.preds.slice() ?? [];
  }

  predicateCount(s: string): number {
    return this.entry(s)?.preds.length ?? 0;
  }

  has(s: string, p: string): boolean {
    return slotOf(this.entry(s), p) >= 0;
  }

  use(s: string, p: string): void {
    const entry = this.entry(s);
    const j = slotOf(entry, p);
    if (j >= 0) (entry as SubjectEntry).flags[j] = ((entry as SubjectEntry).flags[j] as number) | USED;
  }

  /** Subjects typed `type` (keys), in a stable order. */
  ofType(type: string): string[] {
    return [...(this.types().get(type) ?? [])].sort();
  }

  private types(): Map<string, string[]> {
    if (this.typeIndex) return this.typeIndex;
    const index = new Map<string, string[]>();
    for (const [key, entry] of this.bySubject) {
      const j = slotOf(entry, RDF_TYPE);
      if (j < 0) continue;
      for (const o of objectsAt(entry, j)) {
        if (o.t !== 'iri') continue;
        const keys = index.get(o.v);
        if (keys) keys.push(key);
        else index.set(o.v, [key]);
      }
    }
    return (this.typeIndex = index);
  }

  typesOf(s: string): string[] {
    return this.objects(s, RDF_TYPE, true).flatMap((t) => (t.t === 'iri' ? [t.v] : []));
  }

  /** Whether `s rdf:type type` is stated (peek), without the type list typesOf copies for each subject asked. */
  hasType(s: string, type: string): boolean {
    const entry = this.entry(s);
    const j = slotOf(entry, RDF_TYPE);
    if (j < 0) return false;
    const o = (entry as SubjectEntry).objs[j] as Term | Term[];
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
    const entry = this.entry(s);
    const j = slotOf(entry, p);
    if (j < 0) return;
    const i = indexIn(entry as SubjectEntry, j, o);
    if (i >= 0) markIndex(entry as SubjectEntry, j, i);
  }

  /** Marks kept the objects of (s, p) that `pick` chooses (blank nodes, matched by structure). */
  markKeptWhere(s: string, p: string, pick: (o: Term) => boolean): void {
    const entry = this.entry(s);
    const j = slotOf(entry, p);
    if (j < 0) return;
    const objects = objectsAt(entry as SubjectEntry, j);
    for (let i = 0; i < objects.length; i++) if (pick(objects[i] as Term)) markIndex(entry as SubjectEntry, j, i);
  }

  /** Statements not marked kept, in subject, predicate, object order; `keepSubject` marks a whole subject kept. */
  unkept(keepSubject: (s: Term, key: string) => boolean): Triple[] {
    // A list, not a generator: an OBO import leaves ~10⁵ statements unkept, and each yield cost a step object.
    const out: Triple[] = [];
    for (const [key, entry] of this.bySubject) {
      const { term, preds, objs } = entry;
      if (keepSubject(term, key)) continue;
      for (let j = 0; j < preds.length; j++) {
        const p = preds[j] as string;
        const objects = objs[j] as Term | Term[];
        if (!Array.isArray(objects)) {
          if (!isMarked(entry, j, 0)) out.push({ s: term, p, o: objects });
          continue;
        }
        for (let i = 0; i < objects.length; i++) if (!isMarked(entry, j, i)) out.push({ s: term, p, o: objects[i] as Term });
      }
    }
    return out;
  }


  /** Every (subject, predicate, object) nobody consumed. */
  *unused(): Generator<{ s: Term; p: string; objects: Term[] }> {
    for (const entry of this.bySubject.values()) {
      const { term, preds, flags } = entry;
      for (let j = 0; j < preds.length; j++) {
        if (((flags[j] as number) & USED) === 0) yield { s: term, p: preds[j] as string, objects: objectsAt(entry, j) };
      }
    }
  }
}
