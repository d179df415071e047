/**
 * OBO 1.4 → OMS ontology, through the OBO→OWL mapping of the OBO 1.4 specification: each stanza
 * becomes the OWL statements the OBO Foundry tools write (is_a → rdfs:subClassOf, relationship →
 * an owl:someValuesFrom restriction, def/synonym xrefs → owl:Axiom annotations, …), and the OWL
 * import maps those. One mapping for both syntaxes, so an OBO file and its OWL conversion map
 * alike. Tags without a fixed mapping become oboInOwl:<tag> annotations.
 */
import { ModelError } from '../errors';
import type { ImportResult } from './owl-import';
import { importRdf } from './owl-import';
import { OBO, IAO_DEFINITION, IAO_REPLACED_BY, OIO } from './rdf-annotations';
import { blank, iri, literal, NS, RDF_TYPE, type Term, type Triple } from './rdf';
import { oboIdToIri, parseOboDocument, readQuoted, readXrefList, type OboClause, type OboStanza } from './obo-syntax';

const { rdfs, owl, xsd } = NS;
const SYNONYM_SCOPES: Record<string, string> = {
  EXACT: `${OIO}hasExactSynonym`, BROAD: `${OIO}hasBroadSynonym`, NARROW: `${OIO}hasNarrowSynonym`, RELATED: `${OIO}hasRelatedSynonym`,
};
/** Tags whose value is a plain literal on one fixed predicate. */
export const OBO_LITERAL_TAGS: Readonly<Record<string, string>> = {
  name: `${rdfs}label`,
  comment: `${rdfs}comment`,
  namespace: `${OIO}hasOBONamespace`,
  alt_id: `${OIO}hasAlternativeId`,
  xref: `${OIO}hasDbXref`,
  consider: `${OIO}consider`,
  created_by: `${OIO}created_by`,
  creation_date: `${OIO}creation_date`,
};
/** Header tags with a fixed predicate on the owl:Ontology. */
export const OBO_HEADER_TAGS: Readonly<Record<string, string>> = {
  'format-version': `${OIO}hasOBOFormatVersion`,
  'data-version': `${owl}versionInfo`,
  'default-namespace': `${OIO}default-namespace`,
  remark: `${rdfs}comment`,
};
/** Boolean tags of typedefs → the OWL property characteristic they declare. */
export const OBO_TYPEDEF_FLAGS: Readonly<Record<string, string>> = {
  is_transitive: `${owl}TransitiveProperty`, is_symmetric: `${owl}SymmetricProperty`, is_asymmetric: `${owl}AsymmetricProperty`,
  is_reflexive: `${owl}ReflexiveProperty`, is_functional: `${owl}FunctionalProperty`, is_inverse_functional: `${owl}InverseFunctionalProperty`,
};

export interface OboImportOptions {
  name?: string;
  lang?: readonly string[];
}

class OboToOwl {
  readonly triples: Triple[] = [];
  private anon = 0;
  private readonly relationIris = new Map<string, string>();

  constructor(private readonly ontology: string) {}

  private add(s: Term, p: string, o: Term): void {
    this.triples.push({ s, p, o });
  }

  private node(): Term {
    return blank(`obo${this.anon++}`);
  }

  /** A typedef id used in relationship:/is_a: of typedefs: its own IRI, or the IRI of the xref OBO files name it by (part_of → BFO:0000050). */
  relationIri(id: string): string {
    return this.relationIris.get(id) ?? oboIdToIri(id, this.ontology);
  }

  learnTypedef(stanza: OboStanza): void {
    const id = stanza.clauses.find((c) => c.tag === 'id')?.value;
    if (!id || id.includes(':')) return;
    const xref = stanza.clauses.find((c) => c.tag === 'xref' && /^[A-Za-z]+:\d+$/.test(c.value.split(/\s/)[0] ?? ''));
    if (xref) this.relationIris.set(id, oboIdToIri((xref.value.split(/\s/)[0] as string), this.ontology));
  }

  private annotated(s: Term, p: string, o: Term, xrefs: readonly string[], synonymType?: string): void {
    this.add(s, p, o);
    if (xrefs.length === 0 && !synonymType) return;
    const ax = this.node();
    this.add(ax, RDF_TYPE, iri(`${owl}Axiom`));
    this.add(ax, `${owl}annotatedSource`, s);
    this.add(ax, `${owl}annotatedProperty`, iri(p));
    this.add(ax, `${owl}annotatedTarget`, o);
    for (const x of xrefs) this.add(ax, `${OIO}hasDbXref`, literal(x));
    if (synonymType) this.add(ax, `${OIO}hasSynonymType`, iri(oboIdToIri(synonymType, this.ontology)));
  }

  header(clauses: readonly OboClause[]): void {
    const onto = iri(`${OBO}${this.ontology}.owl`);
    this.add(onto, RDF_TYPE, iri(`${owl}Ontology`));
    for (const c of clauses) {
      if (c.tag === 'ontology') continue;
      this.add(onto, OBO_HEADER_TAGS[c.tag] ?? `${OIO}${c.tag}`, literal(c.value));
    }
  }

  stanza(stanza: OboStanza): void {
    const idClause = stanza.clauses.find((c) => c.tag === 'id');
    if (!idClause) throw new ModelError('OBO_PARSE_ERROR', `line ${stanza.line}: [${stanza.type}] without an id`, { line: stanza.line });
    const isTerm = stanza.type === 'Term';
    const s = iri(isTerm ? oboIdToIri(idClause.value, this.ontology) : this.relationIri(idClause.value));
    this.add(s, RDF_TYPE, iri(isTerm ? `${owl}Class` : `${owl}ObjectProperty`));
    this.add(s, `${OIO}id`, literal(idClause.value));
    for (const c of stanza.clauses) {
      if (c.tag !== 'id') this.clause(s, c, isTerm);
    }
  }

  private clause(s: Term, c: OboClause, isTerm: boolean): void {
    const id = (v: string) => iri(isTerm ? oboIdToIri(v.split(/\s/)[0] as string, this.ontology) : this.relationIri(v.split(/\s/)[0] as string));
    const literalTag = OBO_LITERAL_TAGS[c.tag];
    if (literalTag) {
      this.add(s, literalTag, literal(c.tag === 'xref' ? (c.value.split(/\s/)[0] as string) : c.value));
      return;
    }
    switch (c.tag) {
      case 'def': {
        const { text, rest } = readQuoted(c.value, c.line);
        this.annotated(s, IAO_DEFINITION, literal(text), readXrefList(rest, c.line).xrefs);
        return;
      }
      case 'synonym': {
        const { text, rest } = readQuoted(c.value, c.line);
        const { xrefs, rest: after } = readXrefList(rest, c.line);
        const [scope = 'RELATED', type] = after.split(/\s+/).filter(Boolean);
        const p = SYNONYM_SCOPES[scope];
        if (!p) throw new ModelError('OBO_PARSE_ERROR', `line ${c.line}: synonym scope "${scope}" is not EXACT, BROAD, NARROW or RELATED`, { line: c.line });
        this.annotated(s, p, literal(text), xrefs, type); // a typed synonym's axiom is kept verbatim, not modelled
        return;
      }
      case 'is_a':
        this.add(s, isTerm ? `${rdfs}subClassOf` : `${rdfs}subPropertyOf`, id(c.value));
        return;
      case 'relationship': {
        const [rel, target] = c.value.split(/\s+/);
        if (!rel || !target) throw new ModelError('OBO_PARSE_ERROR', `line ${c.line}: relationship needs a relation and a target`, { line: c.line });
        const r = this.node();
        this.add(s, `${rdfs}subClassOf`, r);
        this.add(r, RDF_TYPE, iri(`${owl}Restriction`));
        this.add(r, `${owl}onProperty`, iri(this.relationIri(rel)));
        this.add(r, `${owl}someValuesFrom`, iri(oboIdToIri(target, this.ontology)));
        return;
      }
      case 'is_obsolete':
        if (c.value === 'true') this.add(s, `${owl}deprecated`, literal('true', { dt: `${xsd}boolean` }));
        return;
      case 'replaced_by':
        this.add(s, IAO_REPLACED_BY, id(c.value));
        return;
      case 'disjoint_from':
        this.add(s, `${owl}disjointWith`, id(c.value));
        return;
      case 'inverse_of':
        this.add(s, `${owl}inverseOf`, iri(this.relationIri(c.value)));
        return;
      case 'domain':
      case 'range':
        this.add(s, `${rdfs}${c.tag}`, iri(oboIdToIri(c.value, this.ontology)));
        return;
      default: {
        const flag = OBO_TYPEDEF_FLAGS[c.tag];
        if (flag) {
          if (c.value === 'true') this.add(s, RDF_TYPE, iri(flag));
          return;
        }
        this.add(s, `${OIO}${c.tag}`, literal(c.value));
      }
    }
  }
}

/** The OWL statements an OBO document stands for. */
export function oboToTriples(text: string): { triples: Triple[]; ontology: string; skipped: number } {
  const doc = parseOboDocument(text);
  const ontology = doc.header.find((c) => c.tag === 'ontology')?.value ?? 'ontology';
  const owlDoc = new OboToOwl(ontology);
  for (const s of doc.stanzas) if (s.type === 'Typedef') owlDoc.learnTypedef(s);
  owlDoc.header(doc.header);
  let skipped = 0;
  for (const s of doc.stanzas) {
    if (s.type === 'Term' || s.type === 'Typedef') owlDoc.stanza(s);
    else skipped++;
  }
  return { triples: owlDoc.triples, ontology, skipped };
}

/** `source`: the OWL statements the file stands for (what a round trip is measured against). */
export function importObo(text: string, options: OboImportOptions = {}): ImportResult & { source: Triple[] } {
  const { triples, ontology, skipped } = oboToTriples(text);
  const result = importRdf(triples, {
    format: 'obo', prefixes: { obo: OBO, oboInOwl: OIO }, ...(options.lang ? { lang: options.lang } : {}),
    name: options.name ?? ontology,
  });
  if (skipped) result.report.unmapped['[Instance] and other non-Term, non-Typedef stanzas (skipped)'] = { count: skipped, examples: [] };
  return { ...result, source: triples };
}
