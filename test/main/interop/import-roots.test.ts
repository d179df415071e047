/**
 * One primary key per type (owl-import dropCycles' rootOf): a class's supertypes must all come
 * from its first supertype's tree. Edges into another root's tree stay annotations, reported;
 * several supertypes inside one tree are all kept.
 */
import { describe, expect, it } from 'vitest';
import { objectTypeIdFor } from '../../../core/formats/iri-ids';
import { importText } from '../../../main/services/interop';

const EX = 'http://example.org/roots#';
const KEY = 'rdfs:subClassOf into another root\'s tree (one primary key per type: kept as an annotation)';

describe('supertypes across root trees', () => {
  it('keeps the first tree\'s supertypes and reports each edge into another tree, once', async () => {
    const ttl = `@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <${EX}> .
      ex:R1 a owl:Class . ex:R2 a owl:Class . ex:B a owl:Class ; rdfs:subClassOf ex:R1 .
      ex:A a owl:Class ; rdfs:subClassOf ex:B, ex:R1, ex:R2 .
      ex:C a owl:Class ; rdfs:subClassOf ex:R1, ex:B .
      ex:D a owl:Class ; rdfs:subClassOf ex:C .
      ex:E a owl:Class ; rdfs:subClassOf ex:R1, ex:R2 .`;
    const { ontology, report } = await importText(ttl, 'turtle', { name: 'roots' });
    const sup = (c: string) => ontology.objectTypes[objectTypeIdFor(`${EX}${c}`)]?.supertypes;
    expect(sup('A')).toEqual([objectTypeIdFor(`${EX}B`), objectTypeIdFor(`${EX}R1`)]);
    expect(sup('C')).toEqual([objectTypeIdFor(`${EX}B`), objectTypeIdFor(`${EX}R1`)].sort());
    expect(sup('D')).toEqual([objectTypeIdFor(`${EX}C`)]);
    expect(sup('E')).toEqual([objectTypeIdFor(`${EX}R1`)]); // the edge leaving the tree is the second of two
    expect(report.unmapped[KEY]).toEqual({ count: 2, examples: ['ex:A ⊑ ex:R2', 'ex:E ⊑ ex:R2'] });
  });
});
