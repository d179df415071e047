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
  objects: Term[];
  used: boolean;
  /** Keys of the objects, built only once a slot grows large (linear scans would go quadratic). */
  keys?: Set<string>;
}

function includesTerm(objects: readonly Term[], o: Term): boolean {
  for (let i = 0; i < objects.length; i++) if (sameTerm(objects[i] as Term, o)) return true;
  return false;
}

function seenInLargeSlot(slot: Slot, o: Term): boolean {
  const key = (t: Term) => (t.t === 'literal' ? `"${t.v}"@${t.lang}^^${t.dt}` : nodeKey(t));
  slot.keys ??= new Set(slot.objects.map(key));
  const k = key(o);
  if (slot.keys.has(k)) return true;
  slot.keys.add(k);
  return false;
}

export class RdfGraph {
  private readonly bySubject = new Map<string, { term: Term; preds: Map<string, Slot> }>();
  private readonly typeIndex = new Map<string, Set<string>>();

  private count = 0;

  constructor(triples: readonly Triple[] = []) {
    for (const tr of triples) this.add(tr);
  }

  /** Distinct triples held. */
  get size(): number {
    return this.count;
  }

  /** Adds a triple; false when the graph holds it already. */
  add(tr: Triple): boolean {
    const o = tr.o;
    const sk = nodeKey(tr.s);
    let entry = this.bySubject.get(sk);
    if (!entry) this.bySubject.set(sk, (entry = { term: tr.s, preds: new Map() }));
    let slot = entry.preds.get(tr.p);
    if (!slot) entry.preds.set(tr.p, (slot = { objects: [], used: false }));
    // Duplicates are found within the (subject, predicate) slot: slots are small, and no key string per triple is built.
    const objects = slot.objects;
    if (objects.length >= 16 ? seenInLargeSlot(slot, o) : includesTerm(objects, o)) return false;
    this.count++;
    slot.objects.push(o);
    if (tr.p === RDF_TYPE && o.t === 'iri') {
      let set = this.typeIndex.get(o.v);
      if (!set) this.typeIndex.set(o.v, (set = new Set()));
      set.add(sk);
    }
    return true;
  }

  subjects(): IterableIterator<string> {
    return this.bySubject.keys();
  }

  term(key: string): Term | undefined {
    return this.bySubject.get(key)?.term;
  }

  /** Objects of (s, p); marks them consumed unless `peek`. */
  objects(s: string, p: string, peek = false): Term[] {
    const slot = this.bySubject.get(s)?.preds.get(p);
    if (!slot) return [];
    if (!peek) slot.used = true;
    return slot.objects;
  }

  /** Predicates of a subject (peek: marks nothing). */
  predicates(s: string): string[] {
    return [...(this.bySubject.get(s)?.preds.keys() ?? [])];
  }

  has(s: string, p: string): boolean {
    return this.bySubject.get(s)?.preds.has(p) ?? false;
  }

  use(s: string, p: string): void {
    const slot = this.bySubject.get(s)?.preds.get(p);
    if (slot) slot.used = true;
  }

  /** Subjects typed `type` (keys), in a stable order. */
  ofType(type: string): string[] {
    return [...(this.typeIndex.get(type) ?? [])].sort();
  }

  typesOf(s: string): string[] {
    return this.objects(s, RDF_TYPE, true).flatMap((t) => (t.t === 'iri' ? [t.v] : []));
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

  /** Every (subject, predicate, object) nobody consumed. */
  *unused(): Generator<{ s: Term; p: string; objects: Term[] }> {
    for (const { term, preds } of this.bySubject.values()) {
      for (const [p, slot] of preds) if (!slot.used) yield { s: term, p, objects: slot.objects };
    }
  }
}
