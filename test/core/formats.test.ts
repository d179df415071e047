/** core/formats without any parser: names, datatypes, and the OWL view + records round trip on triples. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifyBaseTypes } from '../../core/formats/datatypes';
import { camelName, NameScope, pascalName } from '../../core/formats/names';
import { exportRdf } from '../../core/formats/owl-export';
import { importRdf } from '../../core/formats/owl-import';
import { curie, localName } from '../../core/formats/rdf';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { rng } from '../bench/lib';
import { mutate } from '../main/interop/support';

const ROOT = join(import.meta.dirname, '../..');
const load = (path: string): Ontology => parseOntology(JSON.parse(readFileSync(join(ROOT, path), 'utf8')));

describe('names', () => {
  it('builds Pascal/camel identifiers from local names', () => {
    expect(pascalName('has-part')).toBe('HasPart');
    expect(pascalName('3DModel')).toBe('X3DModel');
    expect(camelName('URLTemplate')).toBe('urlTemplate');
    expect(camelName('isbn_13')).toBe('isbn13');
    expect(camelName('Über straße')).toBe('uberStrasse'); // accents dropped: targets such as GraphQL allow ASCII names only
    expect(camelName('日本')).toBe('x');
    expect(localName('http://schema.org/Person')).toBe('Person');
    expect(localName('http://xmlns.com/foaf/0.1/')).toBe('0.1');
    expect(localName('urn:isbn:123')).toBe('123');
    expect(curie('http://schema.org/name', { schema: 'http://schema.org/', s: 'http://schema.org/na' })).toBe('s:me');
  });
  it('hands out unique names case-insensitively, in claim order', () => {
    const scope = new NameScope(['id']);
    expect(['Thing', 'thing', 'Thing', 'id', 'x'.repeat(120)].map((n) => scope.claim(n))).toEqual(['Thing', 'thing2', 'Thing3', 'id2', 'x'.repeat(90)]);
  });
  it('unifies several literal ranges into one base type', () => {
    expect(unifyBaseTypes(['integer', 'double'])).toBe('double');
    expect(unifyBaseTypes(['long', 'integer'])).toBe('long');
    expect(unifyBaseTypes(['date', 'timestamp'])).toBe('timestamp');
    expect(unifyBaseTypes(['string', 'boolean'])).toBe('string');
  });
});

describe('OWL view + oms records round trip (triples, no parser)', () => {
  const bases = ['test/fixtures/interop/fleet.oms.json', 'examples/airline.oms.json', 'examples/hospital.oms.json'].map(load);
  it('is exact for 60 seeded random edits of native ontologies', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const o = parseOntology(mutate(bases[seed % bases.length] as Ontology, rng(seed)));
      const back = importRdf(exportRdf(o).triples, { format: 'triples' }).ontology;
      expect(canonicalJson(back), `seed ${seed}`).toBe(canonicalJson(o));
    }
  });
  it('writes no element records when the OWL view alone reproduces the ontology', () => {
    const viewOnly = importRdf(exportRdf(bases[0] as Ontology, { records: false }).triples, { format: 'triples', name: 'Fleet' }).ontology;
    const records = exportRdf(viewOnly).triples.filter((t) => t.p === 'https://oms-studio.dev/ns#kind');
    expect(records).toEqual([]);
  });
});
