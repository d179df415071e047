/**
 * OMS ontology → OBO 1.4, the inverse of obo-import.ts: the ontology's OWL view (owl-view.ts) read
 * back through the OBO→OWL mapping, so what OBO can say (terms, is_a, someValuesFrom
 * relationships, definitions and synonyms with xrefs, obsolescence, typedefs) comes out as tags.
 * OWL statements OBO has no tag for (other class expressions, datatypes, individuals) are left
 * out; other annotations on a term become `property_value:` clauses.
 */
import type { Ontology } from '../model';
import { OBO_HEADER_TAGS, OBO_LITERAL_TAGS, OBO_TYPEDEF_FLAGS } from './obo-import';
import { iriToOboId, quote } from './obo-syntax';
import { writeOwlView } from './owl-view';
import { IAO_DEFINITION, IAO_REPLACED_BY, OBO, OIO } from './rdf-annotations';
import { nodeKey, NS, RDF_TYPE, type Term, type Triple } from './rdf';

const { rdfs, owl } = NS;
const SYNONYMS: Record<string, string> = {
  [`${OIO}hasExactSynonym`]: 'EXACT', [`${OIO}hasBroadSynonym`]: 'BROAD', [`${OIO}hasNarrowSynonym`]: 'NARROW', [`${OIO}hasRelatedSynonym`]: 'RELATED',
};
const LITERAL_TAG_OF = new Map(Object.entries(OBO_LITERAL_TAGS).map(([tag, p]) => [p, tag]));
const HEADER_TAG_OF = new Map(Object.entries(OBO_HEADER_TAGS).map(([tag, p]) => [p, tag]));
const FLAG_OF = new Map(Object.entries(OBO_TYPEDEF_FLAGS).map(([tag, p]) => [p, tag]));
/** Tag order of OBO 1.4 §3.5 (serialisers write them in this order). */
const TAG_ORDER = [
  'id', 'is_anonymous', 'name', 'namespace', 'alt_id', 'def', 'comment', 'subset', 'synonym', 'xref', 'property_value',
  ...Object.keys(OBO_TYPEDEF_FLAGS), 'domain', 'range', 'is_a', 'intersection_of', 'union_of', 'disjoint_from', 'inverse_of',
  'relationship', 'is_obsolete', 'replaced_by', 'consider', 'created_by', 'creation_date',
];
const rank = (tag: string): number => {
  const i = TAG_ORDER.indexOf(tag);
  return i < 0 ? TAG_ORDER.length : i;
};

class Graph {
  readonly out = new Map<string, Triple[]>();

  constructor(triples: readonly Triple[]) {
    for (const t of triples) (this.out.get(nodeKey(t.s)) ?? this.out.set(nodeKey(t.s), []).get(nodeKey(t.s)) as Triple[]).push(t);
  }

  of(s: string, p?: string): Triple[] {
    const all = this.out.get(s) ?? [];
    return p ? all.filter((t) => t.p === p) : all;
  }

  one(s: string, p: string): Term | undefined {
    return this.of(s, p)[0]?.o;
  }
}

/** The ontology's short name: from the owl:Ontology IRI (obo/go.owl → go), else its name. */
function ontologyName(o: Ontology): string {
  const m = /\/([A-Za-z][\w-]*)\.owl$/.exec(o.meta['rdf:base'] ?? '');
  return m ? (m[1] as string) : o.name.replace(/\s+/g, '_').toLowerCase();
}

export function exportObo(o: Ontology): string {
  const view = writeOwlView(o);
  const g = new Graph(view.triples);
  const name = ontologyName(o);
  const idOf = (t: Term): string => (t.t === 'iri' ? (g.one(t.v, `${OIO}id`)?.v ?? iriToOboId(t.v, name)) : '');
  const curie = (i: string): string => (i.startsWith(OBO) ? iriToOboId(i, name) : i);

  // Axiom xrefs by (source, property, target text).
  const axiomXrefs = new Map<string, string[]>();
  for (const [, ts] of g.out) {
    if (!ts.some((t) => t.p === RDF_TYPE && t.o.t === 'iri' && t.o.v === `${owl}Axiom`)) continue;
    const src = ts.find((t) => t.p === `${owl}annotatedSource`)?.o;
    const prop = ts.find((t) => t.p === `${owl}annotatedProperty`)?.o;
    const target = ts.find((t) => t.p === `${owl}annotatedTarget`)?.o;
    if (!src || !prop || !target) continue;
    axiomXrefs.set(`${src.v}\u0000${prop.v}\u0000${target.v}`, ts.filter((t) => t.p === `${OIO}hasDbXref`).map((t) => t.o.v));
  }
  const xrefsOf = (s: string, p: string, target: string) => {
    const xs = axiomXrefs.get(`${s}\u0000${p}\u0000${target}`) ?? [];
    return `[${[...xs].sort().join(', ')}]`;
  };

  const lines: string[] = ['format-version: 1.4'];
  const onto = view.baseIri;
  for (const t of g.of(onto)) {
    const tag = HEADER_TAG_OF.get(t.p) ?? (t.p.startsWith(OIO) ? t.p.slice(OIO.length) : undefined);
    if (tag && tag !== 'format-version' && t.o.t === 'literal') lines.push(`${tag}: ${t.o.v}`);
  }
  lines.splice(1, 0, `ontology: ${name}`);

  const stanzas: Array<{ type: 'Term' | 'Typedef'; id: string; clauses: Array<[string, string]> }> = [];
  for (const [s, ts] of g.out) {
    if (s.startsWith('_:') || s === onto) continue;
    const types = new Set(ts.filter((t) => t.p === RDF_TYPE).map((t) => t.o.v));
    const isTerm = types.has(`${owl}Class`) || types.has(`${rdfs}Class`);
    const isTypedef = !isTerm && (types.has(`${owl}ObjectProperty`) || types.has(`${NS.rdf}Property`));
    if (!isTerm && !isTypedef) continue;
    const clauses: Array<[string, string]> = [];
    const id = idOf({ t: 'iri', v: s });
    let labelled = false;
    // The view writes a description as rdfs:comment; when it is the definition, OBO has it as def only.
    const defs = new Set(ts.filter((t) => t.p === IAO_DEFINITION).map((t) => t.o.v));
    for (const t of ts) {
      if (t.p === `${rdfs}comment` && defs.has(t.o.v)) continue;
      const o = t.o;
      const literalTag = LITERAL_TAG_OF.get(t.p);
      if (t.p === `${OIO}id` || t.p === RDF_TYPE && !FLAG_OF.has(o.v)) continue;
      if (t.p === RDF_TYPE) clauses.push([FLAG_OF.get(o.v) as string, 'true']);
      else if (literalTag && o.t === 'literal') {
        if (literalTag === 'name' && labelled) continue; // one name; other labels are lost in OBO
        if (literalTag === 'name') labelled = true;
        clauses.push([literalTag, o.v]);
      } else if (t.p === IAO_DEFINITION && o.t === 'literal') clauses.push(['def', `${quote(o.v)} ${xrefsOf(s, t.p, o.v)}`]);
      else if (SYNONYMS[t.p] && o.t === 'literal') clauses.push(['synonym', `${quote(o.v)} ${SYNONYMS[t.p] as string} ${xrefsOf(s, t.p, o.v)}`]);
      else if ((t.p === `${rdfs}subClassOf` || t.p === `${rdfs}subPropertyOf`) && o.t === 'iri') clauses.push(['is_a', idOf(o)]);
      else if (t.p === `${rdfs}subClassOf` && o.t === 'blank') {
        const r = nodeKey(o);
        const prop = g.one(r, `${owl}onProperty`);
        const some = g.one(r, `${owl}someValuesFrom`);
        if (prop?.t === 'iri' && some?.t === 'iri' && g.of(r).length <= 3) clauses.push(['relationship', `${idOf(prop)} ${idOf(some)}`]);
      } else if (t.p === `${owl}deprecated` && o.v === 'true') clauses.push(['is_obsolete', 'true']);
      else if (t.p === IAO_REPLACED_BY) clauses.push(['replaced_by', o.t === 'iri' ? idOf(o) : o.v]);
      else if (t.p === `${owl}disjointWith` && o.t === 'iri') clauses.push(['disjoint_from', idOf(o)]);
      else if (t.p === `${owl}inverseOf` && o.t === 'iri') clauses.push(['inverse_of', idOf(o)]);
      else if ((t.p === `${rdfs}domain` || t.p === `${rdfs}range`) && o.t === 'iri' && isTypedef) clauses.push([t.p.slice(rdfs.length), idOf(o)]);
      else if (t.p.startsWith(OIO) && o.t === 'literal') clauses.push([t.p.slice(OIO.length), o.v]);
      else if (o.t === 'literal' && t.p !== `${rdfs}label`) clauses.push(['property_value', `${curie(t.p)} ${quote(o.v)} ${o.lang ? 'xsd:string' : curie(o.dt).replace(`${NS.xsd}`, 'xsd:')}`]);
      else if (o.t === 'iri' && t.p !== `${rdfs}label`) clauses.push(['property_value', `${curie(t.p)} ${curie(o.v)}`]);
    }
    stanzas.push({ type: isTerm ? 'Term' : 'Typedef', id, clauses: clauses.sort((a, b) => rank(a[0]) - rank(b[0])) });
  }
  // OBO files list terms, then typedefs, each by id.
  stanzas.sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type === 'Term' ? -1 : 1));
  for (const st of stanzas) {
    lines.push('', `[${st.type}]`, `id: ${st.id}`);
    for (const [tag, value] of st.clauses) lines.push(`${tag}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
