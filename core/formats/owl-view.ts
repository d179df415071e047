/**
 * OMS ontology → its OWL view: the triples other tools (Protégé, triple stores) read, written so
 * that our OWL import maps them back to the same ontology. Hierarchy (rdfs:subClassOf, owl:
 * equivalentClass, owl:disjointWith, rdfs:subPropertyOf), restriction link types (as owl:Restriction
 * blank nodes on their `from` class), owl:inverseOf, annotations (with owl:Axiom xrefs) and the
 * statements an import kept verbatim (meta `rdf:unmodelled`) are all written here. The lossless
 * oms: records are added on top by owl-export.ts.
 */
import { ModelError, errorMessage } from '../errors';
import { ordered, type Annotations, type LinkType, type Ontology } from '../model';
import { xsdFor } from './datatypes';
import { keyPropertyIdFor, mintedBaseIri } from './iri-ids';
import { annotationTriples, DCT, IAO_DEFINITION, SKOS } from './rdf-annotations';
import { RdfGraph } from './rdf-graph';
import { OWL_CLASS, OWL_DATATYPE_PROPERTY, OWL_DEPRECATED, OWL_DISJOINT_WITH, OWL_EQUIVALENT_CLASS, OWL_FUNCTIONAL_PROPERTY, OWL_INVERSE_FUNCTIONAL_PROPERTY, OWL_INVERSE_OF, OWL_OBJECT_PROPERTY, OWL_ONE_OF, OWL_ONTOLOGY, OWL_ON_CLASS, OWL_ON_DATATYPE, OWL_ON_PROPERTY, OWL_RESTRICTION, OWL_WITH_RESTRICTIONS, RDFS_CLASS, RDFS_DATATYPE, RDFS_DOMAIN, RDFS_RANGE, RDFS_SUB_CLASS_OF, RDFS_SUB_PROPERTY_OF, RDF_PROPERTY, SCHEMA_DOMAIN_INCLUDES, SCHEMA_RANGE_INCLUDES } from './owl-iris';
import { blank, iri, literal, NS, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, type Term, type Triple } from './rdf';

export interface RdfExport {
  triples: Triple[];
  prefixes: Record<string, string>;
  baseIri: string;
}

const { rdf, rdfs, owl, schema } = NS;

// Predicate and class IRIs as module constants: a template evaluated per call builds a new string, which every map lookup then hashes afresh.
const DCT_DESCRIPTION = `${DCT}description`;
const OWL_HAS_VALUE = `${owl}hasValue`;
const RDFS_COMMENT = `${rdfs}comment`;
const RDFS_LABEL = `${rdfs}label`;
const SKOS_DEFINITION = `${SKOS}definition`;
const SKOS_PREF_LABEL = `${SKOS}prefLabel`;
const XSD_BOOLEAN = `${NS.xsd}boolean`;
const XSD_NON_NEGATIVE_INTEGER = `${NS.xsd}nonNegativeInteger`;
const XSD_STRING = `${NS.xsd}string`;

/** Prefixes our export always declares; not stored in meta, so a re-import does not grow meta. */
export const WRITER_PREFIXES: Readonly<Record<string, string>> = { rdf, rdfs, owl, xsd: NS.xsd, schema, oms: NS.oms };
/** Where displayName and description come from on import (first match of the language preference wins). */
export const LABEL_PREDICATES = [RDFS_LABEL, SKOS_PREF_LABEL];
export const COMMENT_PREDICATES = [RDFS_COMMENT, SKOS_DEFINITION, DCT_DESCRIPTION, IAO_DEFINITION];
/** meta keys: the declaration style of the source, so a re-export declares classes and properties the same way. */
export const META_LANG = 'rdf:lang';
export const META_CLASS_TYPE = 'rdf:classType';
export const META_PROPERTY_TYPE = 'rdf:propertyType';
/** meta key of the statements an import kept verbatim (JSON array of [s, p, o] terms). */
export const META_UNMODELLED = 'rdf:unmodelled';

const QUANTIFIER_PREDICATE = { some: 'someValuesFrom', only: 'allValuesFrom', value: 'hasValue' } as const;
const CARDINALITY_PREDICATE = { min: 'minCardinality', max: 'maxCardinality', exactly: 'cardinality' } as const;
const QUALIFIED_PREDICATE = { min: 'minQualifiedCardinality', max: 'maxQualifiedCardinality', exactly: 'qualifiedCardinality' } as const;
export const RESTRICTION_DEFAULT_DATATYPE = XSD_NON_NEGATIVE_INTEGER;

export function baseIriOf(o: Ontology): string {
  return o.meta['rdf:base'] ?? mintedBaseIri(o.name);
}

/** An `iri` a user typed may not be one; such elements get a minted IRI (the records keep the text). */
const usable = (v: string | undefined): v is string => v !== undefined && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(v);

/** Whether a record has no members, without building its key list (asked once per class of a large import). */
function isEmpty(r: Readonly<Record<string, unknown>>): boolean {
  for (const _ in r) return false;
  return true;
}

/** Entries in id (code unit) order; keys sorted by `.sort()` itself, not a JS comparator over entries (faster on 10⁵ ids). */
function sortedEntries<T>(r: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.keys(r).sort().map((k) => [k, r[k] as T]);
}

/** IRIs of elements that have none: base + apiName (or + id when that name is already used). */
function assignIris(o: Ontology, base: string): Map<string, string> {
  const sep = /[#/:]$/.test(base) ? '' : '#';
  const out = new Map<string, string>();
  const used = new Set<string>();
  const mint = (id: string, local: string) => {
    let v = `${base}${sep}${encodeURIComponent(local)}`;
    if (used.has(v)) v = `${base}${sep}${id}`;
    used.add(v);
    out.set(id, v);
  };
  // Every usable IRI is claimed before anything is minted, so only the minting order (ids in code
  // unit order) decides collisions: the elements that keep their IRI need no sort (an OBO import
  // has ~10⁵ of them), and callers only look ids up.
  const toMint: Array<[string, string]> = [];
  for (const coll of [o.objectTypes, o.interfaces, o.linkTypes, o.sharedProperties, o.valueTypes, o.structTypes, o.actionTypes]) {
    const elements = coll as Record<string, { apiName: string; iri?: string | undefined }>;
    for (const id in elements) {
      const e = elements[id] as { apiName: string; iri?: string | undefined };
      if (usable(e.iri)) {
        used.add(e.iri);
        out.set(id, e.iri);
      } else toMint.push([id, e.apiName]);
    }
  }
  const byId = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : 1);
  for (const [id, apiName] of toMint.sort(byId)) mint(id, apiName);
  const withProperties: Array<[string, Ontology['objectTypes'][string]]> = [];
  for (const id in o.objectTypes) {
    const ot = o.objectTypes[id] as Ontology['objectTypes'][string];
    if (!isEmpty(ot.properties)) withProperties.push([id, ot]);
  }
  for (const [, ot] of withProperties.sort(byId)) {
    for (const [pid, p] of ordered(ot.properties)) {
      if (usable(p.iri)) out.set(pid, p.iri);
      else mint(pid, `${ot.apiName}.${p.apiName}`);
    }
  }
  return out;
}

/** Where the view's statements go: collected for an export, or matched against an import's source (owl-unmodelled.ts). */
export interface ViewSink {
  add(s: Term, p: string, o: Term): void;
}

/** The statements of an export, each once. */
class CollectingSink implements ViewSink {
  readonly triples: Triple[] = [];
  private readonly graph = new RdfGraph();

  add(s: Term, p: string, o: Term): void {
    const t = { s, p, o };
    if (this.graph.add(t)) this.triples.push(t);
  }
}

class TripleSink {
  private lists = 0;
  private anon = 0;

  constructor(private readonly sink: ViewSink) {}

  add(s: Term, p: string, o: Term): void {
    this.sink.add(s, p, o);
  }

  list(items: Term[]): Term {
    if (items.length === 0) return iri(RDF_NIL);
    const nodes = items.map(() => blank(`l${this.lists++}`));
    items.forEach((item, i) => {
      const node = nodes[i] as Term;
      this.add(node, RDF_FIRST, item);
      this.add(node, RDF_REST, nodes[i + 1] ?? iri(RDF_NIL));
    });
    return nodes[0] as Term;
  }

  /** A fresh blank-node label for restrictions and axioms (never clashes with lists, facets or records). */
  label(prefix: string): string {
    return `${prefix}${this.anon++}`;
  }
}

type Term3 = { t: 'iri' | 'blank' | 'literal'; v: string; lang?: string; dt?: string };

/** Statements an import kept verbatim; a malformed value is refused, not skipped (it would lose them silently). */
export function unmodelledTriples(o: Ontology): Triple[] {
  const text = o.meta[META_UNMODELLED];
  if (text === undefined) return [];
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (err) {
    throw new ModelError('RDF_UNMODELLED_INVALID', `meta ${META_UNMODELLED} is not valid JSON: ${errorMessage(err)}`);
  }
  if (!Array.isArray(rows)) throw new ModelError('RDF_UNMODELLED_INVALID', `meta ${META_UNMODELLED} is not a JSON array`);
  const term = (x: unknown, where: number): Term => {
    const t = x as Term3;
    if (!t || typeof t !== 'object' || typeof t.v !== 'string') throw new ModelError('RDF_UNMODELLED_INVALID', `meta ${META_UNMODELLED}[${where}] holds a malformed term`);
    if (t.t === 'iri') return iri(t.v);
    if (t.t === 'blank') return blank(t.v);
    if (t.t === 'literal') return t.lang ? literal(t.v, { lang: t.lang }) : literal(t.v, { dt: t.dt ?? XSD_STRING });
    throw new ModelError('RDF_UNMODELLED_INVALID', `meta ${META_UNMODELLED}[${where}] holds a term of unknown type`);
  };
  return rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== 3 || typeof row[1] !== 'string') throw new ModelError('RDF_UNMODELLED_INVALID', `meta ${META_UNMODELLED}[${i}] is not an [s, p, o] triple`);
    return { s: term(row[0], i), p: row[1] as string, o: term(row[2], i) };
  });
}

/** The inverse of unmodelledTriples: compact terms (literal `dt` left out when it is xsd:string). */
export function encodeUnmodelled(triples: readonly Triple[]): string {
  const enc = (t: Term): Term3 => (t.t === 'literal' ? (t.lang ? { t: 'literal', v: t.v, lang: t.lang } : t.dt === XSD_STRING ? { t: 'literal', v: t.v } : { t: 'literal', v: t.v, dt: t.dt }) : { t: t.t, v: t.v });
  // Sorted and deduplicated, so the same statements give the same text whatever order they came in.
  const rows = [...new Set(triples.map((t) => JSON.stringify([enc(t.s), t.p, enc(t.o)])))].sort();
  return `[${rows.join(',')}]`;
}

/** The view's triples and the IRI each element id was written as (minted for elements that had none). */
export interface OwlView extends RdfExport {
  iris: ReadonlyMap<string, string>;
}

export function writeOwlView(o: Ontology): OwlView {
  const sink = new CollectingSink();
  return { ...writeOwlViewTo(o, sink), triples: sink.triples };
}

/** Writes the view's statements to `sink` (duplicates included: a sink that needs them once dedupes). */
export function writeOwlViewTo(o: Ontology, sink: ViewSink): Omit<OwlView, 'triples'> {
  const base = baseIriOf(o);
  const iris = assignIris(o, base);
  const lang = o.meta[META_LANG] ?? 'en';
  const classType = o.meta[META_CLASS_TYPE] === 'rdfs' ? RDFS_CLASS : OWL_CLASS;
  const rdfProperties = o.meta[META_PROPERTY_TYPE] === 'rdf';
  const out = new TripleSink(sink);
  const I = (id: string): Term => iri(iris.get(id) as string);
  /** An id-or-IRI reference (supertypes, equivalentTo, …) as a term; a dangling id is left out. */
  const ref = (r: string): Term | undefined => (r.includes(':') ? iri(r) : iris.has(r) ? I(r) : undefined);
  const type = (s: Term, t: string) => out.add(s, RDF_TYPE, iri(t));
  const annotate = (s: Term, a: Annotations | undefined) => {
    for (const t of annotationTriples(s, a, () => out.label('a'))) out.add(t.s, t.p, t.o);
  };
  const describe = (s: Term, e: { displayName: string; description: string; status: string; annotations?: Annotations | undefined }) => {
    if (e.displayName) out.add(s, RDFS_LABEL, literal(e.displayName, { lang }));
    if (e.description) out.add(s, RDFS_COMMENT, literal(e.description, { lang }));
    if (e.status === 'deprecated') out.add(s, OWL_DEPRECATED, literal('true', { dt: XSD_BOOLEAN }));
    annotate(s, e.annotations);
  };
  const subProperties = (s: Term, refs: readonly string[] | undefined) => {
    for (const r of refs ?? []) {
      const t = ref(r);
      if (t) out.add(s, RDFS_SUB_PROPERTY_OF, t);
    }
  };
  /** One domain → rdfs:domain (OWL reads several as an intersection); several → schema:domainIncludes. */
  const domains = (s: Term, ds: Set<string>, single: string, multi: string) => {
    for (const d of ds) out.add(s, ds.size === 1 ? single : multi, iri(d));
  };

  const onto = iri(base);
  type(onto, OWL_ONTOLOGY);
  out.add(onto, RDFS_LABEL, literal(o.name, { lang }));
  if (o.description) out.add(onto, RDFS_COMMENT, literal(o.description, { lang }));
  annotate(onto, o.annotations);

  const sharedDomains = new Map<string, Set<string>>();
  const addShared = (sp: string, d: string) => (sharedDomains.get(sp) ?? sharedDomains.set(sp, new Set()).get(sp) as Set<string>).add(d);
  // An interface made from a class shares its IRI; that class's supertypes already say the hierarchy
  // (its `extends` lists every interface ancestor, which as direct subClassOf edges would be new ones).
  const classIris = new Set<string | undefined>();
  for (const id in o.objectTypes) {
    const ot = o.objectTypes[id] as Ontology['objectTypes'][string];
    if (ot.supertypes?.length) classIris.add(ot.iri);
  }
  for (const [id, itf] of Object.entries(o.interfaces)) {
    const s = I(id);
    type(s, classType);
    describe(s, itf);
    if (!classIris.has(iris.get(id))) for (const e of itf.extends) if (iris.has(e)) out.add(s, RDFS_SUB_CLASS_OF, I(e));
    for (const sp of itf.properties) addShared(sp, iris.get(id) as string);
  }

  type DataFirst = { displayName: string; description: string; status: string; baseType: Ontology['sharedProperties'][string]['baseType']; valueTypeId?: string | undefined; annotations?: Annotations | undefined; subPropertyOf?: string[] | undefined };
  const dataDomains = new Map<string, { domains: Set<string>; first: DataFirst; subs: Set<string> }>();
  for (const [id, ot] of sortedEntries(o.objectTypes)) {
    const s = I(id);
    type(s, classType);
    describe(s, ot);
    for (const itf of ot.implements) {
      // A class implementing the interface made from itself shares its IRI: no self-edge.
      if (iris.has(itf) && iris.get(itf) !== iris.get(id)) out.add(s, RDFS_SUB_CLASS_OF, I(itf));
    }
    for (const sup of ot.supertypes ?? []) if (iris.has(sup)) out.add(s, RDFS_SUB_CLASS_OF, I(sup));
    for (const r of ot.equivalentTo ?? []) {
      const t = ref(r);
      if (t) out.add(s, OWL_EQUIVALENT_CLASS, t);
    }
    for (const r of ot.disjointWith ?? []) {
      const t = ref(r);
      if (t) out.add(s, OWL_DISJOINT_WITH, t);
    }
    // Most classes of a large hierarchy hold no properties: no key id hash, interface set or sort for them.
    if (isEmpty(ot.properties)) continue;
    const viaInterfaces = new Set(ot.implements.flatMap((i) => o.interfaces[i]?.properties ?? []));
    const keyId = ot.iri ? keyPropertyIdFor(ot.iri) : undefined;
    for (const [pid, p] of ordered(ot.properties)) {
      if (pid === keyId) continue; // synthesised on import; a re-import synthesises it again
      if (p.sharedPropertyId && o.sharedProperties[p.sharedPropertyId]) {
        if (!viaInterfaces.has(p.sharedPropertyId)) addShared(p.sharedPropertyId, iris.get(id) as string);
        annotate(iri(iris.get(p.sharedPropertyId) as string), p.annotations);
        subProperties(iri(iris.get(p.sharedPropertyId) as string), p.subPropertyOf);
        continue;
      }
      const piri = iris.get(pid) as string;
      const entry = dataDomains.get(piri) ?? dataDomains.set(piri, { domains: new Set(), first: p, subs: new Set() }).get(piri);
      entry?.domains.add(iris.get(id) as string);
      annotate(iri(piri), p.annotations);
      for (const r of p.subPropertyOf ?? []) entry?.subs.add(r);
    }
  }
  for (const [id, sp] of Object.entries(o.sharedProperties)) {
    dataDomains.set(iris.get(id) as string, { domains: sharedDomains.get(id) ?? new Set(), first: sp, subs: new Set(sp.subPropertyOf ?? []) });
  }
  for (const [piri, { domains: ds, first, subs }] of dataDomains) {
    const s = iri(piri);
    type(s, rdfProperties ? RDF_PROPERTY : OWL_DATATYPE_PROPERTY);
    describe(s, first);
    subProperties(s, [...subs]);
    domains(s, ds, RDFS_DOMAIN, SCHEMA_DOMAIN_INCLUDES);
    const vt = first.valueTypeId ? iris.get(first.valueTypeId) : undefined;
    out.add(s, RDFS_RANGE, iri(vt ?? xsdFor(first.baseType)));
  }

  const links = new Map<string, { from: Set<string>; to: Set<string>; first: LinkType; restrictionsOnly: boolean }>();
  for (const [id, lt] of sortedEntries(o.linkTypes)) {
    const piri = iris.get(id) as string;
    const entry = links.get(piri) ?? links.set(piri, { from: new Set(), to: new Set(), first: lt, restrictionsOnly: true }).get(piri) as NonNullable<ReturnType<typeof links.get>>;
    if (lt.restriction) {
      writeRestriction(out, iris, I(id), lt);
      annotate(iri(piri), lt.annotations);
      subProperties(iri(piri), lt.subPropertyOf);
      continue;
    }
    if (entry.restrictionsOnly) {
      entry.first = lt;
      entry.restrictionsOnly = false;
    }
    if (iris.has(lt.fromObjectTypeId)) entry.from.add(iris.get(lt.fromObjectTypeId) as string);
    if (iris.has(lt.toObjectTypeId)) entry.to.add(iris.get(lt.toObjectTypeId) as string);
    annotate(iri(piri), lt.annotations);
    subProperties(iri(piri), lt.subPropertyOf);
    if (lt.inverseIri) writeInverse(out, lt, piri, iris, lang, rdfProperties);
  }
  for (const [piri, { from, to, first, restrictionsOnly }] of links) {
    const s = iri(piri);
    type(s, rdfProperties ? RDF_PROPERTY : OWL_OBJECT_PROPERTY);
    describe(s, first);
    if (restrictionsOnly) continue; // declared here, used in restrictions: no domain, range or functional-ness of its own
    if (first.cardinality === 'MANY_TO_ONE' || first.cardinality === 'ONE_TO_ONE') type(s, OWL_FUNCTIONAL_PROPERTY);
    if (first.cardinality === 'ONE_TO_MANY' || first.cardinality === 'ONE_TO_ONE') type(s, OWL_INVERSE_FUNCTIONAL_PROPERTY);
    domains(s, from, RDFS_DOMAIN, SCHEMA_DOMAIN_INCLUDES);
    domains(s, to, RDFS_RANGE, SCHEMA_RANGE_INCLUDES);
  }

  for (const [id, vt] of Object.entries(o.valueTypes)) {
    const s = I(id);
    describe(s, vt);
    const values = vt.constraints.enum;
    if (values && values.every((v) => typeof v === 'string')) {
      // String enums read as a closed class of named individuals (schema.org's Enumeration style).
      type(s, classType);
      const ns = (iris.get(id) as string).replace(/[^#/:]*$/, '');
      out.add(s, OWL_ONE_OF, out.list(values.map((v) => iri(`${ns}${encodeURIComponent(String(v))}`))));
    } else if (values) {
      type(s, RDFS_DATATYPE);
      const dt = xsdFor(vt.baseType);
      out.add(s, OWL_ONE_OF, out.list(values.map((v) => literal(String(v), { dt }))));
    } else if (Object.keys(vt.constraints).length > 0) {
      type(s, RDFS_DATATYPE);
      out.add(s, OWL_ON_DATATYPE, iri(xsdFor(vt.baseType)));
      const facets: Term[] = [];
      const c = vt.constraints;
      const facet = (p: string, v: string, dt: string) => {
        const f = blank(`f${id}${facets.length}`);
        out.add(f, `${NS.xsd}${p}`, literal(v, { dt }));
        facets.push(f);
      };
      if (c.min !== undefined) facet('minInclusive', String(c.min), xsdFor(vt.baseType));
      if (c.max !== undefined) facet('maxInclusive', String(c.max), xsdFor(vt.baseType));
      if (c.regex !== undefined) facet('pattern', c.regex, XSD_STRING);
      if (c.minLength !== undefined) facet('minLength', String(c.minLength), XSD_NON_NEGATIVE_INTEGER);
      if (c.maxLength !== undefined) facet('maxLength', String(c.maxLength), XSD_NON_NEGATIVE_INTEGER);
      out.add(s, OWL_WITH_RESTRICTIONS, out.list(facets));
    } else {
      // No constraints: an empty closed class is how our import reads "enumeration without members".
      type(s, classType);
      out.add(s, OWL_ONE_OF, iri(RDF_NIL));
    }
  }

  for (const t of unmodelledTriples(o)) out.add(t.s, t.p, t.o);

  const prefixes: Record<string, string> = { ...WRITER_PREFIXES };
  for (const [k, v] of Object.entries(o.meta)) if (k.startsWith('rdf:prefix:')) prefixes[k.slice('rdf:prefix:'.length)] = v;
  return { prefixes, baseIri: base, iris };
}

/** `from ⊑ [ a owl:Restriction; owl:onProperty P; owl:someValuesFrom to ]` and the cardinality forms. */
function writeRestriction(out: TripleSink, iris: Map<string, string>, prop: Term, lt: LinkType): void {
  const r = lt.restriction;
  const from = iris.get(lt.fromObjectTypeId);
  const to = iris.get(lt.toObjectTypeId);
  if (!r || !from || !to) return;
  const node = blank(out.label('r'));
  out.add(iri(from), RDFS_SUB_CLASS_OF, node);
  out.add(node, RDF_TYPE, iri(OWL_RESTRICTION));
  out.add(node, OWL_ON_PROPERTY, r.property ? iri(r.property) : prop);
  if (r.quantifier === 'some' || r.quantifier === 'only') {
    out.add(node, `${owl}${QUANTIFIER_PREDICATE[r.quantifier]}`, iri(to));
    return;
  }
  if (r.quantifier === 'value') {
    out.add(node, OWL_HAS_VALUE, iri(r.value ?? to));
    return;
  }
  const n = r.quantifier === 'max' ? lt.maxCardinality : lt.minCardinality;
  const pred = (r.qualified ? QUALIFIED_PREDICATE : CARDINALITY_PREDICATE)[r.quantifier];
  out.add(node, `${owl}${pred}`, literal(String(n ?? 0), { dt: r.datatype ?? RESTRICTION_DEFAULT_DATATYPE }));
  if (r.qualified) out.add(node, OWL_ON_CLASS, iri(to));
}

/** The inverse side of a link type: `Q owl:inverseOf P`, declared with the link's ends swapped. */
function writeInverse(out: TripleSink, lt: LinkType, piri: string, iris: Map<string, string>, lang: string, rdfProperties: boolean): void {
  const q = iri(lt.inverseIri as string);
  out.add(iri(piri), OWL_INVERSE_OF, q);
  out.add(q, RDF_TYPE, iri(rdfProperties ? RDF_PROPERTY : OWL_OBJECT_PROPERTY));
  if (lt.toDisplayName) out.add(q, RDFS_LABEL, literal(lt.toDisplayName, { lang }));
  const from = iris.get(lt.fromObjectTypeId);
  const to = iris.get(lt.toObjectTypeId);
  if (to) out.add(q, RDFS_DOMAIN, iri(to));
  if (from) out.add(q, RDFS_RANGE, iri(from));
}
