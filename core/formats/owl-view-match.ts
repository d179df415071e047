/**
 * Which of an import's source statements the mapped model's OWL view writes back. The view is
 * streamed into marks on the source graph (RdfGraph.markKept) instead of being built as a second
 * graph and diffed with the source: an OBO-scale import holds one graph, not two.
 *
 * Blank nodes have no identity across the two, so they compare by structure (BlankHasher): a
 * source blank node is written back when the view writes one with the same hash, and then so is
 * every statement below it (equal hashes mean equal statement sets). The view's blank nodes are
 * few (restrictions, lists, facets), so only their statements are held until the view is complete.
 */
import type { Ontology } from '../model';
import { writeOwlViewTo, type ViewSink } from './owl-view';
import { nodeKey, type Term, type Triple } from './rdf';
import type { RdfGraph } from './rdf-graph';
import { BlankHasher, type BlankSource } from './rdf-roundtrip';

/** The view's blank-node statements, readable by a BlankHasher. */
class ViewBlanks implements BlankSource {
  readonly bySubject = new Map<string, Map<string, Term[]>>();

  add(s: string, p: string, o: Term): void {
    let preds = this.bySubject.get(s);
    if (!preds) this.bySubject.set(s, (preds = new Map()));
    const objects = preds.get(p);
    if (objects) objects.push(o);
    else preds.set(p, [o]);
  }

  eachObject(s: string, fn: (p: string, o: Term) => void): void {
    const preds = this.bySubject.get(s);
    if (preds) for (const [p, objects] of preds) for (const o of objects) fn(p, o);
  }
}

class SourceMarker implements ViewSink {
  readonly blanks = new ViewBlanks();
  /** (IRI subject, predicate, view blank key): matched once the view's blank nodes are complete. */
  readonly toBlank: Array<{ s: string; p: string; o: string }> = [];

  constructor(private readonly source: RdfGraph) {}

  add(s: Term, p: string, o: Term): void {
    if (s.t === 'blank') this.blanks.add(nodeKey(s), p, o);
    else if (o.t === 'blank') this.toBlank.push({ s: s.v, p, o: nodeKey(o) });
    else this.source.markKept(s.v, p, o);
  }
}

/**
 * The statements of `source` that the OWL view of `o` does not write, in the source graph's
 * order. `sourceHash` hashes the source's blank nodes (the caller reuses it for labels).
 */
export function statementsOutsideView(source: RdfGraph, o: Ontology, sourceHash: BlankHasher): Triple[] {
  const marker = new SourceMarker(source);
  writeOwlViewTo(o, marker);
  const viewHash = new BlankHasher(marker.blanks);
  const viewBlankHashes = new Set<string>();
  // Equal hashes mean equal predicate sets: a source blank node whose number of predicates no view
  // blank node has is not hashed here at all (an OBO axiom's definition text is long).
  const viewPredicateCounts = new Set<number>();
  for (const [k, preds] of marker.blanks.bySubject) {
    viewBlankHashes.add(viewHash.hash(k));
    viewPredicateCounts.add(preds.size);
  }
  const writtenBack = (key: string) => viewPredicateCounts.has(source.predicateCount(key)) && viewBlankHashes.has(sourceHash.hash(key));
  for (const { s, p, o: blank } of marker.toBlank) {
    const h = viewHash.hash(blank);
    source.markKeptWhere(s, p, (x) => x.t === 'blank' && sourceHash.hash(nodeKey(x)) === h);
  }
  return source.unkept((term, key) => term.t === 'blank' && writtenBack(key));
}
