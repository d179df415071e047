/**
 * The unmodelled pass marks the source statements the model's OWL view writes back
 * (core/formats/owl-view-match.ts). Reference: the two-graph structural diff it replaced — the
 * source's statements missing from writeOwlView's triples, blank nodes compared by structure
 * (StructuralGraph). Both must name the same statements for any source and any ontology: real
 * vocabularies against their own import, and a hostile graph against an unrelated ontology.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importRdf } from '../../../core/formats/owl-import';
import { META_UNMODELLED, writeOwlView } from '../../../core/formats/owl-view';
import { statementsOutsideView } from '../../../core/formats/owl-view-match';
import { blank, iri, literal, NS, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, type Term, type Triple } from '../../../core/formats/rdf';
import { RdfGraph } from '../../../core/formats/rdf-graph';
import { BlankHasher, StructuralGraph } from '../../../core/formats/rdf-roundtrip';
import type { Ontology } from '../../../core/model';
import { parseRdf } from '../../../main/services/interop/parse';
import { vocabulary } from './support';

const { rdfs, owl } = NS;
const EX = 'http://example.org/h#';

/** Canonical keys (blank nodes by structural hash) of `triples`, all read against `graph`. */
function keys(triples: readonly Triple[], graph: RdfGraph): string[] {
  const h = new BlankHasher(graph);
  const term = (t: Triple['s']) => (t.t === 'blank' ? `_:${h.hash(`_:${t.v}`)}` : t.t === 'iri' ? `<${t.v}>` : JSON.stringify([t.v, t.lang, t.dt]));
  return [...new Set(triples.map((t) => `${term(t.s)} <${t.p}> ${term(t.o)}`))].sort();
}

function expectSameAsDiff(source: readonly Triple[], o: Ontology): number {
  const reference = new StructuralGraph(source).missingFrom(new StructuralGraph(writeOwlView(o).triples));
  const graph = new RdfGraph(source);
  const marked = statementsOutsideView(graph, o, new BlankHasher(graph));
  expect(keys(marked, graph)).toEqual(keys(reference, graph));
  return marked.length;
}

/** The model part of an import: what the view writes without the statements kept verbatim. */
function modelOf(triples: readonly Triple[]): Ontology {
  const { ontology } = importRdf(triples, { format: 'test' });
  const { [META_UNMODELLED]: _kept, ...meta } = ontology.meta;
  return { ...ontology, meta };
}

describe('marking the statements the OWL view writes back equals the structural diff', () => {
  for (const name of ['foaf', 'skos', 'prov', 'org', 'qudt']) {
    it(`${name}: its own import's model`, async () => {
      const { triples } = await parseRdf(readFileSync(vocabulary(name), 'utf8'), 'nquads');
      expect(expectSameAsDiff(triples, modelOf(triples))).toBeGreaterThan(0);
    });
  }

  it('a hostile graph: large slots, look-alike blank nodes, nested lists, duplicates', () => {
    const A = iri(`${EX}A`);
    const B = iri(`${EX}B`);
    const P = iri(`${EX}p`);
    const t = (s: Triple['s'], p: string, o: Triple['o']): Triple => ({ s, p, o });
    const triples: Triple[] = [
      t(A, RDF_TYPE, iri(`${owl}Class`)), t(B, RDF_TYPE, iri(`${owl}Class`)), t(P, RDF_TYPE, iri(`${owl}ObjectProperty`)),
      t(A, `${rdfs}label`, literal('A', { lang: 'en' })), t(A, `${rdfs}label`, literal('A')), t(A, `${rdfs}label`, literal('A', { lang: 'en' })),
    ];
    // 40 objects under one (subject, predicate): past the slot's key index (16) and its mark bits (29).
    for (let i = 0; i < 40; i++) triples.push(t(A, `${rdfs}subClassOf`, i % 3 === 0 ? B : iri(`${EX}C${i}`)));
    // A restriction the view writes back, its twin with one more predicate (same count as an axiom), and a near-twin.
    const restriction = (label: string, target: string, extra?: Triple['o']): void => {
      const r = blank(label);
      triples.push(t(A, `${rdfs}subClassOf`, r), t(r, RDF_TYPE, iri(`${owl}Restriction`)), t(r, `${owl}onProperty`, P), t(r, `${owl}someValuesFrom`, iri(target)));
      if (extra) triples.push(t(r, `${rdfs}comment`, extra));
    };
    restriction('r1', `${EX}B`);
    restriction('r2', `${EX}B`);
    restriction('r3', `${EX}B`, literal('but not quite'));
    restriction('r4', `${EX}A`);
    // A union of two identical nested lists, and a blank node reached only as an object.
    const list = (prefix: string, items: string[]): Triple['o'] => {
      items.forEach((item, i) => {
        triples.push(t(blank(`${prefix}${i}`), RDF_FIRST, iri(item)), t(blank(`${prefix}${i}`), RDF_REST, i + 1 < items.length ? blank(`${prefix}${i + 1}`) : iri(RDF_NIL)));
      });
      return blank(`${prefix}0`);
    };
    const u = blank('u');
    triples.push(t(B, `${owl}equivalentClass`, u), t(u, `${owl}unionOf`, list('x', [`${EX}A`, `${EX}B`])), t(u, `${owl}unionOf`, list('y', [`${EX}A`, `${EX}B`])));
    triples.push(t(B, `${rdfs}seeAlso`, blank('lonely')));
    const own = modelOf(triples);
    // r1 and r2 say the same: one link type (a twin used to be refused as an id collision); r4 another; r3 is not a plain restriction.
    expect(Object.values(own.linkTypes).filter((l) => l.restriction?.quantifier === 'some' && l.iri === P.v)).toHaveLength(2);
    expect(expectSameAsDiff(triples, own)).toBeGreaterThan(0);
    // Against the model of a fragment: most of the graph is then not written back.
    expect(expectSameAsDiff(triples, modelOf(triples.slice(0, 8)))).toBeGreaterThan(0);
  });
});

describe('BlankHasher', () => {
  it('hashes a node stated twice over (the view writes duplicates) like the graph holding it once', () => {
    const statements: Array<[string, Term]> = [[`${EX}p`, iri(`${EX}b`)], [`${EX}q`, literal('x')], [`${EX}p`, iri(`${EX}a`)]];
    const twice = { eachObject: (_s: string, fn: (p: string, o: Term) => void) => { for (const [p, o] of [...statements, ...statements]) fn(p, o); } };
    const graph = new RdfGraph(statements.map(([p, o]) => ({ s: blank('n'), p, o })));
    expect(new BlankHasher(twice).hash('_:n')).toBe(new BlankHasher(graph).hash('_:n'));
  });
});
