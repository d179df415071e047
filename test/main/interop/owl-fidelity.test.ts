/**
 * Each OWL construct of issue 13 through import → model → export: hierarchy, restrictions,
 * inverses, property hierarchy, equivalence/disjointness and annotations land in model fields
 * (not in the verbatim store), and a Turtle re-export holds every source statement.
 */
import { describe, expect, it } from 'vitest';
import { objectTypeIdFor } from '../../../core/formats/iri-ids';
import { META_UNMODELLED } from '../../../core/formats/owl-view';
import { measureRoundTrip } from '../../../core/formats/rdf-roundtrip';
import { canonicalJson, type Ontology } from '../../../core/model';
import { validate } from '../../../core/validate';
import { exportOntology, importText } from '../../../main/services/interop';
import { parseRdf } from '../../../main/services/interop/parse';

const EX = 'https://example.org/bio#';
const OBO = 'http://purl.obolibrary.org/obo/';
const SOURCE = `@prefix ex: <${EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix obo: <${OBO}> . @prefix oio: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/bio> a owl:Ontology ; rdfs:label "Bio" ; owl:versionInfo "1.0" .
ex:partOf a owl:ObjectProperty ; rdfs:label "part of" .
ex:hasPart a owl:ObjectProperty ; rdfs:label "has part" ; rdfs:domain ex:Cell ; rdfs:range ex:Organelle ; owl:inverseOf ex:partOfCell .
ex:partOfCell a owl:ObjectProperty ; rdfs:label "part of cell" ; rdfs:domain ex:Organelle ; rdfs:range ex:Cell .
ex:regulates a owl:ObjectProperty ; rdfs:label "regulates" ; rdfs:subPropertyOf ex:partOf .
ex:Entity a owl:Class ; rdfs:label "entity" .
ex:Cell a owl:Class ; rdfs:label "cell" ; rdfs:subClassOf ex:Entity ;
  rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:someValuesFrom ex:Tissue ] ;
  rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:regulates ; owl:allValuesFrom ex:Organelle ] ;
  rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:maxCardinality "1"^^xsd:integer ; ] ;
  obo:IAO_0000115 "The basic unit of life." ;
  oio:hasExactSynonym "cellula"@la ; oio:hasRelatedSynonym "unit" ; oio:hasDbXref "CL:0000000" ;
  rdfs:seeAlso <https://en.wikipedia.org/wiki/Cell> ; ex:reviewed "2026-01-02"^^xsd:date ;
  owl:disjointWith ex:Tissue ; owl:equivalentClass <https://other.example/Cell> .
ex:partOf rdfs:range ex:Tissue .
[] a owl:Axiom ; owl:annotatedSource ex:Cell ; owl:annotatedProperty obo:IAO_0000115 ; owl:annotatedTarget "The basic unit of life." ;
  oio:hasDbXref "PMID:1" , "GOC:x" .
ex:Neuron a owl:Class ; rdfs:label "neuron" ; rdfs:subClassOf ex:Cell , ex:Entity ;
  rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:minQualifiedCardinality "2"^^xsd:nonNegativeInteger ; owl:onClass ex:Tissue ] ;
  rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:cardinality "3"^^xsd:nonNegativeInteger ] .
ex:Tissue a owl:Class ; rdfs:label "tissue" ; rdfs:subClassOf ex:Entity .
ex:Organelle a owl:Class ; rdfs:label "organelle" ; rdfs:subClassOf ex:Entity .
ex:OldCell a owl:Class ; rdfs:label "old cell" ; owl:deprecated true ; obo:IAO_0100001 ex:Cell ; skos:editorialNote "merged"@en .
ex:A a owl:Class ; rdfs:subClassOf ex:B . ex:B a owl:Class ; rdfs:subClassOf ex:A .
`;

const ot = (o: Ontology, local: string) => o.objectTypes[objectTypeIdFor(`${EX}${local}`)];
const links = (o: Ontology, from: string) => Object.values(o.linkTypes).filter((l) => l.fromObjectTypeId === objectTypeIdFor(`${EX}${from}`));

describe('OWL constructs through import → model → export', async () => {
  const { ontology: o } = await importText(SOURCE, 'turtle', { name: 'bio' });
  const source = (await parseRdf(SOURCE, 'turtle')).triples;

  it('rdfs:subClassOf → supertypes (several allowed); a cycle keeps no edge of it in the model', () => {
    expect(ot(o, 'Neuron')?.supertypes?.sort()).toEqual([objectTypeIdFor(`${EX}Cell`), objectTypeIdFor(`${EX}Entity`)].sort());
    expect(ot(o, 'Cell')?.supertypes).toEqual([objectTypeIdFor(`${EX}Entity`)]);
    const cyclic = [ot(o, 'A')?.supertypes ?? [], ot(o, 'B')?.supertypes ?? []];
    expect(cyclic.filter((s) => s.length > 0).length).toBeLessThanOrEqual(1);
    expect(validate(o).filter((d) => d.severity === 'BLOCK' || d.severity === 'ERROR')).toEqual([]);
  });

  it('restrictions → link types on the subclass named by the property, with cardinality and required-ness', () => {
    const cell = links(o, 'Cell');
    const some = cell.find((l) => l.restriction?.quantifier === 'some');
    expect(some).toMatchObject({ iri: `${EX}partOf`, toObjectTypeId: objectTypeIdFor(`${EX}Tissue`), minCardinality: 1, displayName: 'part of' });
    expect(cell.find((l) => l.restriction?.quantifier === 'only')).toMatchObject({ iri: `${EX}regulates`, toObjectTypeId: objectTypeIdFor(`${EX}Organelle`) });
    // Unqualified cardinality: the filler is the property's one declared range; QUDT's xsd:integer is kept.
    expect(cell.find((l) => l.restriction?.quantifier === 'max')).toMatchObject({ maxCardinality: 1, cardinality: 'MANY_TO_ONE', restriction: { datatype: 'http://www.w3.org/2001/XMLSchema#integer' } });
    const neuron = links(o, 'Neuron');
    expect(neuron.find((l) => l.restriction?.qualified)).toMatchObject({ minCardinality: 2, restriction: { quantifier: 'min', qualified: true } });
    expect(neuron.find((l) => l.restriction?.quantifier === 'exactly')).toMatchObject({ minCardinality: 3, maxCardinality: 3 });
  });

  it('owl:inverseOf → one link type with both sides; subPropertyOf, equivalentClass, disjointWith are fields', () => {
    const hasPart = Object.values(o.linkTypes).filter((l) => l.iri === `${EX}hasPart`);
    expect(hasPart).toHaveLength(1);
    expect(hasPart[0]).toMatchObject({ inverseIri: `${EX}partOfCell`, toDisplayName: 'part of cell', fromDisplayName: 'has part' });
    expect(Object.values(o.linkTypes).some((l) => l.iri === `${EX}partOfCell`)).toBe(false);
    expect(Object.values(o.linkTypes).find((l) => l.iri === `${EX}regulates`)?.subPropertyOf).toEqual([`${EX}partOf`]);
    expect(ot(o, 'Cell')?.disjointWith).toEqual([objectTypeIdFor(`${EX}Tissue`)]);
    expect(ot(o, 'Cell')?.equivalentTo).toEqual(['https://other.example/Cell']);
  });

  it('annotation properties → annotations with keys, scopes, languages, datatypes and axiom xrefs', () => {
    const a = ot(o, 'Cell')?.annotations ?? {};
    expect(a.definition).toEqual([{ value: 'The basic unit of life.', xrefs: ['GOC:x', 'PMID:1'] }]);
    expect(a.synonym).toEqual(expect.arrayContaining([{ value: 'cellula', lang: 'la', scope: 'EXACT' }, { value: 'unit', scope: 'RELATED' }]));
    expect(a.xref).toEqual([{ value: 'CL:0000000' }]);
    expect(a.seeAlso).toEqual([{ value: 'https://en.wikipedia.org/wiki/Cell', kind: 'iri' }]);
    expect(a[`${EX}reviewed`]).toEqual([{ value: '2026-01-02', datatype: 'http://www.w3.org/2001/XMLSchema#date' }]);
    expect(ot(o, 'Cell')?.description).toBe('The basic unit of life.');
    const old = ot(o, 'OldCell');
    expect(old?.status).toBe('deprecated');
    expect(old?.annotations?.replacedBy).toEqual([{ value: `${EX}Cell`, kind: 'iri' }]);
    expect(old?.annotations?.editorialNote).toEqual([{ value: 'merged', lang: 'en' }]);
    expect(o.annotations?.['http://www.w3.org/2002/07/owl#versionInfo']).toEqual([{ value: '1.0' }]);
  });

  it('everything above goes through the model (the cycle-closing edge is an annotation), and a re-export holds every source statement', async () => {
    expect(o.meta[META_UNMODELLED]).toBeUndefined();
    const closing = [ot(o, 'A'), ot(o, 'B')].flatMap((t) => t?.annotations?.['http://www.w3.org/2000/01/rdf-schema#subClassOf'] ?? []);
    expect(closing).toHaveLength(1);
    const again = (await parseRdf(await exportOntology(o, 'turtle'), 'turtle')).triples;
    const m = measureRoundTrip(source, again);
    expect(m.lost).toEqual({});
    expect(m.share).toBe(1);
    const reimported = await importText(await exportOntology(o, 'turtle'), 'turtle');
    expect(canonicalJson(reimported.ontology)).toBe(canonicalJson(o));
  });

  it('edits in the model are what the export says (a synonym added, a supertype removed)', async () => {
    const x = structuredClone(o);
    const cell = x.objectTypes[objectTypeIdFor(`${EX}Cell`)] as NonNullable<Ontology['objectTypes'][string]>;
    (cell.annotations ??= {}).synonym = [...(cell.annotations.synonym ?? []), { value: 'cytus', scope: 'NARROW', xrefs: ['ISBN:1'] }];
    const neuron = x.objectTypes[objectTypeIdFor(`${EX}Neuron`)] as NonNullable<Ontology['objectTypes'][string]>;
    neuron.supertypes = [objectTypeIdFor(`${EX}Cell`)];
    const ttl = await exportOntology(x, 'turtle');
    expect(ttl).toContain('"cytus"');
    const back = await importText(ttl, 'turtle');
    expect(back.ontology.objectTypes[objectTypeIdFor(`${EX}Cell`)]?.annotations?.synonym).toContainEqual({ value: 'cytus', scope: 'NARROW', xrefs: ['ISBN:1'] });
    expect(back.ontology.objectTypes[objectTypeIdFor(`${EX}Neuron`)]?.supertypes).toEqual([objectTypeIdFor(`${EX}Cell`)]);
  });

  it('a damaged verbatim store is refused with a typed error, not skipped', async () => {
    for (const bad of ['{not json', '{"a":1}', '[[1,2]]', '[[{"t":"iri","v":"x"},"p",{"t":"weird","v":"y"}]]']) {
      const x = { ...o, meta: { ...o.meta, [META_UNMODELLED]: bad } };
      const err = await exportOntology(x, 'turtle').then(() => undefined, (e: unknown) => e);
      expect((err as { code?: string }).code).toBe('RDF_UNMODELLED_INVALID');
    }
  });
});
