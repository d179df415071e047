/**
 * The second half of an OWL import: whatever the mapped model would not write back is kept.
 * The model's own OWL view is matched against the source (blank nodes structurally, see
 * owl-view-match.ts); every source statement the view does not write becomes
 *  - an annotation on the element it is about, when its subject is an element's IRI (or the
 *    ontology's) and its object a literal or IRI: definitions, synonyms, other-language labels,
 *    rdfs:isDefinedBy, extra rdf:types, …; owl:Axiom nodes that only add xrefs to one such
 *    statement become that value's `xrefs`;
 *  - otherwise (individuals, SHACL shapes, class expressions the model has no construct for, …)
 *    a statement kept verbatim in meta `rdf:unmodelled`, written back unchanged on export and
 *    listed in the report by predicate.
 * So a re-export reproduces the source, and the report says which part went through the model.
 */
import { canonicalView, type Annotations, type Ontology } from '../model';
import type { ReportBuilder } from './import-report';
import { addAnnotation, annotationOf, readXrefAxiom } from './rdf-annotations';
import { encodeUnmodelled, META_UNMODELLED } from './owl-view';
import { statementsOutsideView } from './owl-view-match';
import { curie, nodeKey, type Triple } from './rdf';
import type { RdfGraph } from './rdf-graph';
import { BlankHasher } from './rdf-roundtrip';

type Holder = { annotations?: Annotations | undefined };

/**
 * The element that carries the annotations of an IRI: the first of its elements by kind, then id
 * (properties: by object type id, then property id). Without sorting anything: within one kind
 * the smallest id wins, and a kind only claims IRIs no earlier kind holds (only lookups follow).
 */
function homes(o: Ontology): Map<string, Holder> {
  const out = new Map<string, Holder>();
  const base = o.meta['rdf:base'];
  if (base) out.set(base, o);
  let kind = new Map<string, string>();
  const claim = (iri: string | undefined, h: Holder, rank: string) => {
    if (!iri) return;
    const held = kind.get(iri);
    if (held === undefined ? out.has(iri) : held <= rank) return;
    kind.set(iri, rank);
    out.set(iri, h);
  };
  const collections: ReadonlyArray<Readonly<Record<string, Holder & { iri?: string | undefined }>>> = [o.objectTypes, o.interfaces, o.sharedProperties, o.linkTypes, o.valueTypes];
  for (const coll of collections) {
    kind = new Map();
    for (const id in coll) claim(coll[id]?.iri, coll[id] as Holder, id);
  }
  kind = new Map();
  for (const otId in o.objectTypes) {
    const properties = (o.objectTypes[otId] as Ontology['objectTypes'][string]).properties;
    for (const pid in properties) claim(properties[pid]?.iri, properties[pid] as Holder, `${otId}\u0000${pid}`);
  }
  return out;
}

/**
 * Mutates the freshly mapped `o` (nobody else holds it) and returns it in canonical form (the
 * import's only canonicalisation). canonicalView, not canonicalize: `o` is discarded, so what is
 * canonical already in it is handed over, not copied (the copy was ~7% of a 10k-class import).
 */
export function keepUnmodelled(source: RdfGraph, o: Ontology, report: ReportBuilder, prefixes: Readonly<Record<string, string>>): Ontology {
  const hasher = new BlankHasher(source);
  const missing = statementsOutsideView(source, o, hasher);
  if (missing.length === 0) return canonicalView(o);
  // Memoised: every remaining statement names its predicate in the report, and curie scans all prefixes.
  const curies = new Map<string, string>();
  const c = (i: string) => curies.get(i) ?? (curies.set(i, curie(i, prefixes)).get(i) as string);
  const home = homes(o);
  const byBlank = new Map<string, Triple[]>();
  const referenced = new Set<string>();
  for (const t of missing) {
    if (t.o.t === 'blank') referenced.add(nodeKey(t.o));
    if (t.s.t !== 'blank') continue;
    const k = nodeKey(t.s);
    const group = byBlank.get(k);
    if (group) group.push(t);
    else byBlank.set(k, [t]);
  }

  const residue: Triple[] = [];
  const axioms = new Set<string>();
  for (const [key, statements] of byBlank) {
    if (referenced.has(key)) continue;
    const ax = readXrefAxiom(statements);
    const holder = ax ? home.get(ax.source) : undefined;
    const a = ax ? annotationOf(ax.property, ax.target) : undefined;
    if (!ax || !holder || !a) continue;
    const value = addAnnotation(holder, a.key, a.value);
    value.xrefs = [...new Set([...(value.xrefs ?? []), ...ax.xrefs])].sort();
    axioms.add(key);
    report.mapped('owl:Axiom with oboInOwl:hasDbXref → annotation xrefs', () => `${c(ax.source)} ${c(ax.property)}`);
  }
  // One report key per predicate, not one string built per statement (an OBO import has ~10⁵ of them).
  const annotationKeys = new Map<string, string>();
  for (const t of missing) {
    if (t.s.t === 'blank') {
      if (!axioms.has(nodeKey(t.s))) residue.push(t);
      continue;
    }
    const holder = home.get(t.s.v);
    const a = holder ? annotationOf(t.p, t.o) : undefined;
    if (holder && a) {
      addAnnotation(holder, a.key, a.value);
      let key = annotationKeys.get(t.p);
      if (key === undefined) annotationKeys.set(t.p, (key = `${c(t.p)} → annotations`));
      const s = t.s.v;
      report.mapped(key, () => c(s));
    } else residue.push(t);
  }
  // A kept statement needs the whole blank subtree below it, even parts the view happens to hold
  // elsewhere (the same restriction on another class): blank nodes are not shared across files.
  const expanded = new Set(residue.filter((t) => t.s.t === 'blank').map((t) => nodeKey(t.s)));
  for (let i = 0; i < residue.length; i++) {
    const o2 = (residue[i] as Triple).o;
    if (o2.t !== 'blank' || expanded.has(nodeKey(o2))) continue;
    expanded.add(nodeKey(o2));
    const k = nodeKey(o2);
    for (const p of source.predicates(k)) for (const x of source.objects(k, p, true)) residue.push({ s: o2, p, o: x });
  }
  if (residue.length > 0) {
    const relabel = (t: Triple['s']) => (t.t === 'blank' ? { t: 'blank' as const, v: hasher.label(t) } : t);
    o.meta[META_UNMODELLED] = encodeUnmodelled(residue.map((t) => ({ s: relabel(t.s), p: t.p, o: relabel(t.o) })));
    for (const t of residue) report.unmapped(`kept verbatim (not modelled): ${c(t.p)}`, () => (t.s.t === 'iri' ? c(t.s.v) : '[]'));
  }
  return canonicalView(o);
}
