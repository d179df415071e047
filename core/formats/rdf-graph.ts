/**
 * Subject-indexed triples with "consumed" marks: the mapper marks every (subject, predicate) it
 * reads, and whatever is left unmarked ends up in the import report, so nothing is dropped silently.
 */
import { nodeKey, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, type Term, type Triple } from './rdf';

interface Slot {
  objects: Term[];
  used: boolean;
}

export class RdfGraph {
  private readonly bySubject = new Map<string, { term: Term; preds: Map<string, Slot> }>();
  private readonly typeIndex = new Map<string, Set<string>>();
  readonly size: number;

  constructor(triples: readonly Triple[]) {
    let size = 0;
    const seen = new Set<string>();
    for (const tr of triples) {
      const o = tr.o;
      const dedupe = `${nodeKey(tr.s)}\u0000${tr.p}\u0000${o.t === 'literal' ? `"${o.v}"@${o.lang}^^${o.dt}` : nodeKey(o)}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      size++;
      const sk = nodeKey(tr.s);
      let entry = this.bySubject.get(sk);
      if (!entry) this.bySubject.set(sk, (entry = { term: tr.s, preds: new Map() }));
      let slot = entry.preds.get(tr.p);
      if (!slot) entry.preds.set(tr.p, (slot = { objects: [], used: false }));
      slot.objects.push(o);
      if (tr.p === RDF_TYPE && o.t === 'iri') {
        let set = this.typeIndex.get(o.v);
        if (!set) this.typeIndex.set(o.v, (set = new Set()));
        set.add(sk);
      }
    }
    this.size = size;
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
