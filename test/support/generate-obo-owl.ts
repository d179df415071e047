/**
 * A generated OBO-style ontology (the shape of GO, Uberon or ChEBI as published in OWL): numbered
 * classes under one root with multiple inheritance, existential restrictions on part_of/regulates,
 * IAO definitions backed by xrefs (owl:Axiom), scoped synonyms, xrefs, obsolete terms with
 * replaced_by. The same content can be written as Turtle (OWL) or as an OBO 1.4 flat file.
 * Deterministic from the seed; counts are exact, so tests assert them.
 */
import { rng } from '../bench/lib';

export interface OboOwlShape {
  classes: number;
  /** rdfs:subClassOf edges between named classes (≥ classes - 1: a spanning tree, then extra parents). */
  subclassEdges: number;
  restrictions: number;
  definitions: number;
  synonyms?: number;
  obsolete?: number;
  seed?: number;
}

export const LARGE_SHAPE: OboOwlShape = { classes: 45_000, subclassEdges: 70_000, restrictions: 16_000, definitions: 35_000, synonyms: 20_000, obsolete: 300 };
export const CI_SHAPE: OboOwlShape = { classes: 5_000, subclassEdges: 7_800, restrictions: 1_800, definitions: 3_900, synonyms: 2_200, obsolete: 40 };

export const GEN_PREFIX = 'GEN';
export const OBO = 'http://purl.obolibrary.org/obo/';
const RELATIONS = [
  { id: 'BFO:0000050', iri: `${OBO}BFO_0000050`, name: 'part of' },
  { id: 'RO:0002211', iri: `${OBO}RO_0002211`, name: 'regulates' },
  { id: 'RO:0002213', iri: `${OBO}RO_0002213`, name: 'positively regulates' },
];
const SCOPES = ['EXACT', 'BROAD', 'NARROW', 'RELATED'] as const;
const WORDS = ['cell', 'membrane', 'protein', 'binding', 'transport', 'complex', 'process', 'activity', 'region', 'nuclear', 'signal', 'receptor'];


export interface GeneratedTerm {
  n: number;
  name: string;
  parents: number[];
  relationships: Array<{ rel: number; target: number }>;
  def?: { text: string; xrefs: string[] };
  synonyms: Array<{ text: string; scope: (typeof SCOPES)[number]; xrefs: string[] }>;
  xrefs: string[];
  obsolete?: { replacedBy: number };
}

export const termId = (n: number): string => `${GEN_PREFIX}:${String(n).padStart(7, '0')}`;
export const termIri = (n: number): string => `${OBO}${GEN_PREFIX}_${String(n).padStart(7, '0')}`;

/** The terms, exactly `shape` in number (obsolete terms have no parents, as OBO requires). */
export function generateTerms(shape: OboOwlShape): GeneratedTerm[] {
  const random = rng(shape.seed ?? 42);
  const pick = (n: number) => Math.floor(random() * n);
  const terms: GeneratedTerm[] = [];
  const obsolete = Math.min(shape.obsolete ?? 0, Math.floor(shape.classes / 10));
  const live = shape.classes - obsolete;
  for (let n = 0; n < shape.classes; n++) {
    const name = `${WORDS[n % WORDS.length] as string} ${WORDS[pick(WORDS.length)] as string} ${n}`;
    terms.push({ n, name, parents: [], relationships: [], synonyms: [], xrefs: [] });
  }
  // Spanning tree over the live terms (parent index < child index: acyclic, one root), then extra parents.
  let edges = 0;
  for (let n = 1; n < live; n++, edges++) (terms[n] as GeneratedTerm).parents.push(pick(n));
  while (edges < shape.subclassEdges) {
    const n = 2 + pick(live - 2);
    const p = pick(n);
    const t = terms[n] as GeneratedTerm;
    if (t.parents.includes(p)) continue;
    t.parents.push(p);
    edges++;
  }
  for (let i = 0; i < shape.restrictions;) {
    const n = 1 + pick(live - 1);
    const r = { rel: pick(RELATIONS.length), target: pick(live) };
    const t = terms[n] as GeneratedTerm;
    if (r.target === n || t.relationships.some((x) => x.rel === r.rel && x.target === r.target)) continue;
    t.relationships.push(r);
    i++;
  }
  for (let n = 0; n < shape.definitions; n++) {
    const t = terms[n] as GeneratedTerm;
    t.def = { text: `A ${t.name} that is defined for testing; number ${n}.`, xrefs: n % 3 === 0 ? [] : [...(n % 5 === 0 ? [`GOC:ed${n % 7}`] : []), `PMID:${1000 + n}`] };
  }
  for (let i = 0; i < (shape.synonyms ?? 0); i++) {
    const t = terms[i % shape.classes] as GeneratedTerm;
    t.synonyms.push({ text: `${t.name} synonym ${i}`, scope: SCOPES[i % 4] as (typeof SCOPES)[number], xrefs: i % 4 === 0 ? [`ISBN:${i}`] : [] });
  }
  for (let n = 0; n < shape.classes; n += 9) (terms[n] as GeneratedTerm).xrefs.push(`Wikipedia:Term_${n}`);
  for (let n = live; n < shape.classes; n++) (terms[n] as GeneratedTerm).obsolete = { replacedBy: pick(live) };
  return terms;
}

const q = (text: string): string => JSON.stringify(text);

/** OBO-style OWL in Turtle (what the OBO Foundry publishes as .owl, converted). */
export function generateOboOwlTurtle(shape: OboOwlShape): string {
  const terms = generateTerms(shape);
  const out: string[] = [
    '@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .',
    '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .',
    '@prefix owl: <http://www.w3.org/2002/07/owl#> .',
    '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
    `@prefix obo: <${OBO}> .`,
    '@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .',
    '',
    `<${OBO}gen.owl> a owl:Ontology ; rdfs:label "Generated OBO-style ontology" ; owl:versionInfo "2026-12-01" .`,
    'obo:IAO_0000115 a owl:AnnotationProperty ; rdfs:label "definition" .',
  ];
  for (const r of RELATIONS) out.push(`<${r.iri}> a owl:ObjectProperty ; rdfs:label ${q(r.name)} .`);
  const scopeProp = { EXACT: 'hasExactSynonym', BROAD: 'hasBroadSynonym', NARROW: 'hasNarrowSynonym', RELATED: 'hasRelatedSynonym' };
  for (const t of terms) {
    const s = `<${termIri(t.n)}>`;
    const lines = [`${s} a owl:Class`, `rdfs:label ${q(t.name)}`, `oboInOwl:id ${q(termId(t.n))}`, 'oboInOwl:hasOBONamespace "generated_process"'];
    for (const p of t.parents) lines.push(`rdfs:subClassOf <${termIri(p)}>`);
    for (const r of t.relationships) lines.push(`rdfs:subClassOf [ a owl:Restriction ; owl:onProperty <${(RELATIONS[r.rel] as (typeof RELATIONS)[number]).iri}> ; owl:someValuesFrom <${termIri(r.target)}> ]`);
    if (t.def) lines.push(`obo:IAO_0000115 ${q(t.def.text)}`);
    for (const syn of t.synonyms) lines.push(`oboInOwl:${scopeProp[syn.scope]} ${q(syn.text)}`);
    for (const x of t.xrefs) lines.push(`oboInOwl:hasDbXref ${q(x)}`);
    if (t.obsolete) lines.push('owl:deprecated true', `obo:IAO_0100001 <${termIri(t.obsolete.replacedBy)}>`);
    out.push(`${lines.join(' ;\n  ')} .`);
    const axiom = (p: string, target: string, xrefs: string[]) => {
      if (xrefs.length) out.push(`[] a owl:Axiom ; owl:annotatedSource ${s} ; owl:annotatedProperty ${p} ; owl:annotatedTarget ${q(target)} ; ${xrefs.map((x) => `oboInOwl:hasDbXref ${q(x)}`).join(' ; ')} .`);
    };
    if (t.def) axiom('obo:IAO_0000115', t.def.text, t.def.xrefs);
    for (const syn of t.synonyms) axiom(`oboInOwl:${scopeProp[syn.scope]}`, syn.text, syn.xrefs);
  }
  return `${out.join('\n')}\n`;
}

const oboText = (text: string): string => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The same ontology as an OBO 1.4 flat file. */
export function generateObo(shape: OboOwlShape): string {
  const terms = generateTerms(shape);
  const out: string[] = ['format-version: 1.4', 'data-version: 2026-12-01', 'ontology: gen', 'default-namespace: generated_process', ''];
  for (const t of terms) {
    out.push('[Term]', `id: ${termId(t.n)}`, `name: ${t.name}`, 'namespace: generated_process');
    if (t.def) out.push(`def: "${oboText(t.def.text)}" [${t.def.xrefs.join(', ')}]`);
    for (const syn of t.synonyms) out.push(`synonym: "${oboText(syn.text)}" ${syn.scope} [${syn.xrefs.join(', ')}]`);
    for (const x of t.xrefs) out.push(`xref: ${x}`);
    for (const p of t.parents) out.push(`is_a: ${termId(p)}`);
    for (const r of t.relationships) out.push(`relationship: ${(RELATIONS[r.rel] as (typeof RELATIONS)[number]).id} ${termId(r.target)}`);
    if (t.obsolete) out.push('is_obsolete: true', `replaced_by: ${termId(t.obsolete.replacedBy)}`);
    out.push('');
  }
  for (const r of RELATIONS) out.push('[Typedef]', `id: ${r.id}`, `name: ${r.name}`, '');
  return out.join('\n');
}
