/**
 * A parser-independent RDF triple model, so the OWL mapping in core stays pure: the Node side
 * (main/services/interop) turns n3 / RDF/XML / JSON-LD output into these plain objects.
 */
export type Term =
  | { t: 'iri'; v: string }
  | { t: 'blank'; v: string }
  | { t: 'literal'; v: string; lang: string; dt: string };

export interface Triple {
  s: Term;
  p: string;
  o: Term;
}

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  schema: 'http://schema.org/',
  /** Our own annotation vocabulary: carries what OWL cannot say, so our exports round-trip losslessly. */
  oms: 'https://oms-studio.dev/ns#',
} as const;

export const RDF_TYPE = `${NS.rdf}type`;
export const RDF_FIRST = `${NS.rdf}first`;
export const RDF_REST = `${NS.rdf}rest`;
export const RDF_NIL = `${NS.rdf}nil`;
export const RDF_LANG_STRING = `${NS.rdf}langString`;
export const XSD_STRING = `${NS.xsd}string`;

export const iri = (v: string): Term => ({ t: 'iri', v });
export const blank = (v: string): Term => ({ t: 'blank', v });
export const literal = (v: string, dtOrLang: { lang?: string; dt?: string } = {}): Term => ({
  t: 'literal',
  v,
  lang: dtOrLang.lang ?? '',
  dt: dtOrLang.lang ? RDF_LANG_STRING : (dtOrLang.dt ?? XSD_STRING),
});

/** Map key of a subject/object node; blank nodes get the `_:` prefix IRIs never have in practice. */
export function nodeKey(t: Term): string {
  return t.t === 'blank' ? `_:${t.v}` : t.v;
}

/** The part after the last `#` or `/` (or `:` for URNs), used for names; never empty. */
export function localName(iriValue: string): string {
  // What /[^#/:]+$/ finds after trailing '#' and '/' are cut, by two scans back: an import names
  // every class and property with it, and the regex pair built a copy of each IRI first.
  let end = iriValue.length;
  for (let c = iriValue.charCodeAt(end - 1); end > 0 && (c === 0x23 || c === 0x2f); c = iriValue.charCodeAt(end - 1)) end--;
  let start = end;
  for (let c = iriValue.charCodeAt(start - 1); start > 0 && c !== 0x23 && c !== 0x2f && c !== 0x3a; c = iriValue.charCodeAt(start - 1)) start--;
  return start === end ? iriValue : iriValue.slice(start, end);
}

export function namespaceOf(iriValue: string): string {
  return iriValue.slice(0, iriValue.length - localName(iriValue).length);
}

/** prefix:local when a prefix matches (longest namespace wins), else <iri>; for reports and messages. */
export function curie(iriValue: string, prefixes: Readonly<Record<string, string>>): string {
  let best: [string, string] | undefined;
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iriValue.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? `${best[0]}:${iriValue.slice(best[1].length)}` : `<${iriValue}>`;
}
