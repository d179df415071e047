/**
 * OMS ontology → RDF triples: an OWL view that other tools (Protégé, triple stores) understand,
 * written so that our own OWL import maps it back to the same ontology, plus the lossless
 * oms: records (see oms-records.ts). Serialising the triples (Turtle, JSON-LD) is the Node side's job.
 */
import { ordered, type Ontology } from '../model';
import { xsdFor } from './datatypes';
import { keyPropertyIdFor, mintedBaseIri } from './iri-ids';
import { recordTriples } from './oms-records';
import { importRdf, WRITER_PREFIXES } from './owl-import';
import { blank, iri, literal, nodeKey, NS, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, type Term, type Triple } from './rdf';

export interface RdfExport {
  triples: Triple[];
  prefixes: Record<string, string>;
  baseIri: string;
}

const { rdfs, owl, schema } = NS;

export function baseIriOf(o: Ontology): string {
  return o.meta['rdf:base'] ?? mintedBaseIri(o.name);
}

/** An `iri` a user typed may not be one; such elements get a minted IRI (the records keep the text). */
const usable = (v: string | undefined): v is string => v !== undefined && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(v);

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
  const tops: Array<[string, { apiName: string; iri?: string | undefined }]> = [];
  for (const coll of [o.objectTypes, o.interfaces, o.linkTypes, o.sharedProperties, o.valueTypes, o.structTypes, o.actionTypes]) {
    tops.push(...Object.entries(coll as Record<string, { apiName: string; iri?: string }>));
  }
  for (const [, e] of tops) if (usable(e.iri)) used.add(e.iri);
  for (const [id, e] of tops.sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (usable(e.iri)) out.set(id, e.iri);
    else mint(id, e.apiName);
  }
  for (const [, ot] of Object.entries(o.objectTypes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [pid, p] of ordered(ot.properties)) {
      if (usable(p.iri)) out.set(pid, p.iri);
      else mint(pid, `${ot.apiName}.${p.apiName}`);
    }
  }
  return out;
}

class TripleSink {
  readonly triples: Triple[] = [];
  private readonly seen = new Set<string>();
  private lists = 0;

  add(s: Term, p: string, o: Term): void {
    const k = `${nodeKey(s)} ${p} ${o.t === 'literal' ? `"${o.v}"@${o.lang}^^${o.dt}` : nodeKey(o)}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.triples.push({ s, p, o });
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
}

export function exportRdf(o: Ontology, options: { records?: boolean } = {}): RdfExport {
  const base = baseIriOf(o);
  const iris = assignIris(o, base);
  const lang = o.meta['rdf:lang'] ?? 'en';
  const out = new TripleSink();
  const I = (id: string): Term => iri(iris.get(id) as string);
  const type = (s: Term, t: string) => out.add(s, RDF_TYPE, iri(t));
  const describe = (s: Term, e: { displayName: string; description: string; status: string }) => {
    if (e.displayName) out.add(s, `${rdfs}label`, literal(e.displayName, { lang }));
    if (e.description) out.add(s, `${rdfs}comment`, literal(e.description, { lang }));
    if (e.status === 'deprecated') out.add(s, `${owl}deprecated`, literal('true', { dt: `${NS.xsd}boolean` }));
  };
  /** One domain → rdfs:domain (OWL reads several as an intersection); several → schema:domainIncludes. */
  const domains = (s: Term, ds: Set<string>, single: string, multi: string) => {
    for (const d of ds) out.add(s, ds.size === 1 ? single : multi, iri(d));
  };

  const onto = iri(base);
  type(onto, `${owl}Ontology`);
  out.add(onto, `${rdfs}label`, literal(o.name, { lang }));
  if (o.description) out.add(onto, `${rdfs}comment`, literal(o.description, { lang }));

  const sharedDomains = new Map<string, Set<string>>();
  const addShared = (sp: string, d: string) => (sharedDomains.get(sp) ?? sharedDomains.set(sp, new Set()).get(sp) as Set<string>).add(d);
  for (const [id, itf] of Object.entries(o.interfaces)) {
    const s = I(id);
    type(s, `${owl}Class`);
    describe(s, itf);
    for (const e of itf.extends) if (iris.has(e)) out.add(s, `${rdfs}subClassOf`, I(e));
    for (const sp of itf.properties) addShared(sp, iris.get(id) as string);
  }

  const dataDomains = new Map<string, { domains: Set<string>; first: { displayName: string; description: string; status: string; baseType: Ontology['sharedProperties'][string]['baseType']; valueTypeId?: string | undefined } }>();
  for (const [id, ot] of Object.entries(o.objectTypes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const s = I(id);
    type(s, `${owl}Class`);
    describe(s, ot);
    for (const itf of ot.implements) {
      // A class implementing the interface made from itself shares its IRI: no self-edge.
      if (iris.has(itf) && iris.get(itf) !== iris.get(id)) out.add(s, `${rdfs}subClassOf`, I(itf));
    }
    const viaInterfaces = new Set(ot.implements.flatMap((i) => o.interfaces[i]?.properties ?? []));
    const keyId = ot.iri ? keyPropertyIdFor(ot.iri) : undefined;
    for (const [pid, p] of ordered(ot.properties)) {
      if (pid === keyId) continue; // synthesised on import; a re-import synthesises it again
      if (p.sharedPropertyId && o.sharedProperties[p.sharedPropertyId]) {
        if (!viaInterfaces.has(p.sharedPropertyId)) addShared(p.sharedPropertyId, iris.get(id) as string);
        continue;
      }
      const piri = iris.get(pid) as string;
      const entry = dataDomains.get(piri) ?? dataDomains.set(piri, { domains: new Set(), first: p }).get(piri);
      entry?.domains.add(iris.get(id) as string);
    }
  }
  for (const [id, sp] of Object.entries(o.sharedProperties)) {
    dataDomains.set(iris.get(id) as string, { domains: sharedDomains.get(id) ?? new Set(), first: sp });
  }
  for (const [piri, { domains: ds, first }] of dataDomains) {
    const s = iri(piri);
    type(s, `${owl}DatatypeProperty`);
    describe(s, first);
    domains(s, ds, `${rdfs}domain`, `${schema}domainIncludes`);
    const vt = first.valueTypeId ? iris.get(first.valueTypeId) : undefined;
    out.add(s, `${rdfs}range`, iri(vt ?? xsdFor(first.baseType)));
  }

  const links = new Map<string, { from: Set<string>; to: Set<string>; first: Ontology['linkTypes'][string] }>();
  for (const [id, lt] of Object.entries(o.linkTypes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const piri = iris.get(id) as string;
    const entry = links.get(piri) ?? links.set(piri, { from: new Set(), to: new Set(), first: lt }).get(piri);
    if (iris.has(lt.fromObjectTypeId)) entry?.from.add(iris.get(lt.fromObjectTypeId) as string);
    if (iris.has(lt.toObjectTypeId)) entry?.to.add(iris.get(lt.toObjectTypeId) as string);
  }
  for (const [piri, { from, to, first }] of links) {
    const s = iri(piri);
    type(s, `${owl}ObjectProperty`);
    if (first.cardinality === 'MANY_TO_ONE' || first.cardinality === 'ONE_TO_ONE') type(s, `${owl}FunctionalProperty`);
    if (first.cardinality === 'ONE_TO_MANY' || first.cardinality === 'ONE_TO_ONE') type(s, `${owl}InverseFunctionalProperty`);
    describe(s, first);
    domains(s, from, `${rdfs}domain`, `${schema}domainIncludes`);
    domains(s, to, `${rdfs}range`, `${schema}rangeIncludes`);
  }

  for (const [id, vt] of Object.entries(o.valueTypes)) {
    const s = I(id);
    describe(s, vt);
    const values = vt.constraints.enum;
    if (values && values.every((v) => typeof v === 'string')) {
      // String enums read as a closed class of named individuals (schema.org's Enumeration style).
      type(s, `${owl}Class`);
      const ns = (iris.get(id) as string).replace(/[^#/:]*$/, '');
      out.add(s, `${owl}oneOf`, out.list(values.map((v) => iri(`${ns}${encodeURIComponent(String(v))}`))));
    } else if (values) {
      type(s, `${rdfs}Datatype`);
      const dt = xsdFor(vt.baseType);
      out.add(s, `${owl}oneOf`, out.list(values.map((v) => literal(String(v), { dt }))));
    } else if (Object.keys(vt.constraints).length > 0) {
      type(s, `${rdfs}Datatype`);
      out.add(s, `${owl}onDatatype`, iri(xsdFor(vt.baseType)));
      const facets: Term[] = [];
      const c = vt.constraints;
      const facet = (p: string, v: string, dt: string) => {
        const f = blank(`f${id}${facets.length}`);
        out.add(f, `${NS.xsd}${p}`, literal(v, { dt }));
        facets.push(f);
      };
      if (c.min !== undefined) facet('minInclusive', String(c.min), xsdFor(vt.baseType));
      if (c.max !== undefined) facet('maxInclusive', String(c.max), xsdFor(vt.baseType));
      if (c.regex !== undefined) facet('pattern', c.regex, `${NS.xsd}string`);
      if (c.minLength !== undefined) facet('minLength', String(c.minLength), `${NS.xsd}nonNegativeInteger`);
      if (c.maxLength !== undefined) facet('maxLength', String(c.maxLength), `${NS.xsd}nonNegativeInteger`);
      out.add(s, `${owl}withRestrictions`, out.list(facets));
    } else {
      // No constraints: an empty closed class is how our import reads "enumeration without members".
      type(s, `${owl}Class`);
      out.add(s, `${owl}oneOf`, iri(RDF_NIL));
    }
  }

  const prefixes: Record<string, string> = { ...WRITER_PREFIXES };
  for (const [k, v] of Object.entries(o.meta)) if (k.startsWith('rdf:prefix:')) prefixes[k.slice('rdf:prefix:'.length)] = v;
  if (options.records !== false) {
    // What would a reader of the view alone get? Record exactly the difference.
    const derived = importRdf(out.triples, { format: 'oms-view', name: o.name }).ontology;
    for (const t of recordTriples(o, derived, (id) => iris.get(id))) out.triples.push(t);
  }
  return { triples: out.triples, prefixes, baseIri: base };
}
