/**
 * Annotations ↔ RDF: which predicate a short annotation key stands for, how a value becomes a term
 * and back, and OWL axiom annotations (the xrefs OBO attaches to definitions and synonyms).
 * Keys that are not short names are predicate IRIs and map to themselves.
 */
import type { AnnotationValue, Annotations, SynonymScope } from '../model';
import { blank, iri, literal, NS, RDF_LANG_STRING, RDF_TYPE, XSD_STRING, type Term, type Triple } from './rdf';

export const OBO = 'http://purl.obolibrary.org/obo/';
export const OIO = 'http://www.geneontology.org/formats/oboInOwl#';
export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
export const DCT = 'http://purl.org/dc/terms/';
export const IAO_DEFINITION = `${OBO}IAO_0000115`;
export const IAO_REPLACED_BY = `${OBO}IAO_0100001`;

const { rdfs, owl } = NS;

// Predicate and class IRIs as module constants: a template evaluated per call builds a new string, which every map lookup then hashes afresh.
const DCT_SOURCE = `${DCT}source`;
const OIO_CONSIDER = `${OIO}consider`;
const OIO_HAS_BROAD_SYNONYM = `${OIO}hasBroadSynonym`;
const OIO_HAS_DB_XREF = `${OIO}hasDbXref`;
const OIO_HAS_EXACT_SYNONYM = `${OIO}hasExactSynonym`;
const OIO_HAS_NARROW_SYNONYM = `${OIO}hasNarrowSynonym`;
const OIO_HAS_RELATED_SYNONYM = `${OIO}hasRelatedSynonym`;
const OWL_ANNOTATED_PROPERTY = `${owl}annotatedProperty`;
const OWL_ANNOTATED_SOURCE = `${owl}annotatedSource`;
const OWL_ANNOTATED_TARGET = `${owl}annotatedTarget`;
const OWL_AXIOM = `${owl}Axiom`;
const OWL_DEPRECATED = `${owl}deprecated`;
const RDFS_COMMENT = `${rdfs}comment`;
const RDFS_LABEL = `${rdfs}label`;
const RDFS_SEE_ALSO = `${rdfs}seeAlso`;
const SKOS_EDITORIAL_NOTE = `${SKOS}editorialNote`;
const SKOS_EXAMPLE = `${SKOS}example`;

/** Short key → predicate. `synonym` is absent: its predicate depends on the scope. */
const SHORT_TO_PREDICATE: Readonly<Record<string, string>> = {
  label: RDFS_LABEL,
  definition: IAO_DEFINITION,
  xref: OIO_HAS_DB_XREF,
  comment: RDFS_COMMENT,
  seeAlso: RDFS_SEE_ALSO,
  editorialNote: SKOS_EDITORIAL_NOTE,
  replacedBy: IAO_REPLACED_BY,
  consider: OIO_CONSIDER,
  example: SKOS_EXAMPLE,
  source: DCT_SOURCE,
  deprecated: OWL_DEPRECATED,
};
const SYNONYM_PREDICATES: Readonly<Record<SynonymScope, string>> = {
  EXACT: OIO_HAS_EXACT_SYNONYM, BROAD: OIO_HAS_BROAD_SYNONYM, NARROW: OIO_HAS_NARROW_SYNONYM, RELATED: OIO_HAS_RELATED_SYNONYM,
};
const PREDICATE_TO_SHORT = new Map<string, { key: string; scope?: SynonymScope }>([
  ...Object.entries(SHORT_TO_PREDICATE).map(([key, p]) => [p, { key }] as const),
  ...Object.entries(SYNONYM_PREDICATES).map(([scope, p]) => [p, { key: 'synonym', scope: scope as SynonymScope }] as const),
]);

/** Predicate an annotation value is written with. */
export function predicateOf(key: string, value: AnnotationValue): string {
  if (key === 'synonym') return SYNONYM_PREDICATES[value.scope ?? 'RELATED'];
  return SHORT_TO_PREDICATE[key] ?? key;
}

/** The annotation a (predicate, object) statement becomes; blank-node objects have none. */
export function annotationOf(p: string, o: Term): { key: string; value: AnnotationValue } | undefined {
  if (o.t === 'blank') return undefined;
  const short = PREDICATE_TO_SHORT.get(p);
  const value: AnnotationValue = o.t === 'iri' ? { value: o.v, kind: 'iri' } : literalValue(o);
  if (short?.scope) value.scope = short.scope;
  return { key: short?.key ?? p, value };
}

function literalValue(o: Extract<Term, { t: 'literal' }>): AnnotationValue {
  const v: AnnotationValue = { value: o.v };
  if (o.lang) v.lang = o.lang;
  else if (o.dt !== XSD_STRING && o.dt !== RDF_LANG_STRING) v.datatype = o.dt;
  return v;
}

export function termOf(value: AnnotationValue): Term {
  if (value.kind === 'iri') return iri(value.value);
  return value.lang ? literal(value.value, { lang: value.lang }) : literal(value.value, { dt: value.datatype ?? XSD_STRING });
}

/** Adds one value (a set: an equal value is not added twice). */
export function addAnnotation(target: { annotations?: Annotations | undefined }, key: string, value: AnnotationValue): AnnotationValue {
  const annotations = (target.annotations ??= {});
  const list = annotations[key];
  // A new list starts as [value]: an empty one pushed to reserves 17 elements, and an OBO import holds ~10⁵ lists.
  if (!list) {
    annotations[key] = [value];
    return value;
  }
  const same = list.find((v) => sameValue(v, value));
  if (same) return same;
  list.push(value);
  return value;
}

export function sameValue(a: AnnotationValue, b: AnnotationValue): boolean {
  return a.value === b.value && (a.lang ?? '') === (b.lang ?? '') && (a.kind ?? 'literal') === (b.kind ?? 'literal')
    && (a.datatype ?? '') === (b.datatype ?? '') && (a.scope ?? '') === (b.scope ?? '');
}

/** Statements of an element's annotations, with an owl:Axiom carrying the xrefs of each value that has some. */
export function annotationTriples(subject: Term, annotations: Annotations | undefined, axiomLabel: () => string): Triple[] {
  const out: Triple[] = [];
  if (!annotations) return out;
  for (const [key, values] of Object.entries(annotations)) {
    for (const value of values) {
      const p = predicateOf(key, value);
      const o = termOf(value);
      out.push({ s: subject, p, o });
      if (!value.xrefs?.length) continue;
      const ax = blank(axiomLabel());
      out.push({ s: ax, p: RDF_TYPE, o: iri(OWL_AXIOM) });
      out.push({ s: ax, p: OWL_ANNOTATED_SOURCE, o: subject });
      out.push({ s: ax, p: OWL_ANNOTATED_PROPERTY, o: iri(p) });
      out.push({ s: ax, p: OWL_ANNOTATED_TARGET, o });
      for (const x of value.xrefs) out.push({ s: ax, p: OIO_HAS_DB_XREF, o: literal(x) });
    }
  }
  return out;
}

/** An owl:Axiom node that only adds plain-string xrefs to one annotation statement, read back into a value's `xrefs`. */
export interface XrefAxiom {
  source: string;
  property: string;
  target: Term;
  xrefs: string[];
}

const AXIOM_KNOWN = new Set([RDF_TYPE, OWL_ANNOTATED_SOURCE, OWL_ANNOTATED_PROPERTY, OWL_ANNOTATED_TARGET, OIO_HAS_DB_XREF]);

/** Reads `node`'s statements as an XrefAxiom, or undefined when it says anything else (then it is kept verbatim). */
export function readXrefAxiom(statements: readonly Triple[]): XrefAxiom | undefined {
  let source: string | undefined;
  let property: string | undefined;
  let target: Term | undefined;
  let typed = false;
  const xrefs: string[] = [];
  for (const t of statements) {
    if (!AXIOM_KNOWN.has(t.p)) return undefined;
    if (t.p === RDF_TYPE) {
      if (t.o.t !== 'iri' || t.o.v !== OWL_AXIOM || typed) return undefined;
      typed = true;
    } else if (t.p === OWL_ANNOTATED_SOURCE) {
      if (t.o.t !== 'iri' || source !== undefined) return undefined;
      source = t.o.v;
    } else if (t.p === OWL_ANNOTATED_PROPERTY) {
      if (t.o.t !== 'iri' || property !== undefined) return undefined;
      property = t.o.v;
    } else if (t.p === OWL_ANNOTATED_TARGET) {
      if (t.o.t === 'blank' || target !== undefined) return undefined;
      target = t.o;
    } else {
      if (t.o.t !== 'literal' || t.o.dt !== XSD_STRING) return undefined;
      xrefs.push(t.o.v);
    }
  }
  if (!typed || !source || !property || !target || xrefs.length === 0) return undefined;
  return { source, property, target, xrefs };
}
