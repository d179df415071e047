import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, Writer } from 'n3';
import { describe, expect, it } from 'vitest';
import { OmsError } from '../../../core/errors';
import { interfaceIdFor, objectTypeIdFor } from '../../../core/formats/iri-ids';
import { canonicalJson, typeHierarchy, type Ontology } from '../../../core/model';
import { detectFormat, exportOntology, importFile, importText } from '../../../main/services/interop';
import { FIXTURES } from './support';

const LIB = 'https://example.org/library#';
const byApi = <T extends { apiName: string }>(m: Record<string, T>, name: string): T => {
  const hit = Object.values(m).find((e) => e.apiName === name);
  if (!hit) throw new Error(`no element named ${name}`);
  return hit;
};
async function rejects(p: Promise<unknown>): Promise<OmsError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OmsError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('OWL mapping (library.ttl)', async () => {
  const { ontology: o, report } = await importFile(join(FIXTURES, 'library.ttl'));

  const h = typeHierarchy(o);
  const effective = (name: string) => Object.fromEntries(h.properties(Object.keys(o.objectTypes).find((id) => o.objectTypes[id]?.apiName === name) as string).map((e) => [e.property.apiName, e.property]));

  it('classes become object types with ids from their IRIs, a synthesised key on each root and picked labels', () => {
    expect(Object.values(o.objectTypes).map((t) => t.apiName).sort()).toEqual(['Book', 'EBook', 'Item', 'Loan', 'Periodical', 'Person', 'Shelf']);
    const book = o.objectTypes[objectTypeIdFor(`${LIB}Book`)];
    expect(book?.iri).toBe(`${LIB}Book`);
    expect(book?.displayName).toBe('Book');
    expect(book?.primaryKey).toBeUndefined(); // a subtype inherits its root's key
    const item = o.objectTypes[objectTypeIdFor(`${LIB}Item`)];
    expect(item?.properties[item.primaryKey ?? '']).toMatchObject({ apiName: 'id', required: true, baseType: { type: 'string' } });
    expect(h.primaryKey(objectTypeIdFor(`${LIB}EBook`)).propertyId).toBe(item?.primaryKey);
    expect(byApi(o.objectTypes, 'Person').displayName).toBe('Person'); // en-GB matched by the "en" preference
    expect(byApi(o.objectTypes, 'Shelf').status).toBe('deprecated');
    expect(o.name).toBe('Library');
    expect(o.meta).toMatchObject({ 'rdf:base': 'https://example.org/library', 'rdf:lang': 'en', 'rdf:prefix:lib': LIB });
  });

  it('datatype properties map with XSD base types onto every domain class, unions included; subtypes inherit them', () => {
    const props = effective('Book');
    expect(props.pages?.baseType).toEqual({ type: 'integer' });
    expect(props.acquired?.baseType).toEqual({ type: 'date' }); // inherited from Item
    expect(Object.values(byApi(o.objectTypes, 'Book').properties).map((p) => p.apiName)).not.toContain('acquired'); // not copied
    expect(props.format?.valueTypeId).toBe(byApi(o.valueTypes, 'Format') && Object.entries(o.valueTypes).find(([, v]) => v.apiName === 'Format')?.[0]);
    expect(Object.keys(effective('EBook')).sort())
      .toEqual(['acquired', 'fileSize', 'format', 'fullTitle', 'id', 'isbn', 'pages', 'rating', 'title']);
    expect(Object.values(byApi(o.objectTypes, 'Shelf').properties).map((p) => p.apiName).sort()).toEqual(['id', 'name']);
    expect(byApi(byApi(o.objectTypes, 'Person').properties, 'born').status).toBe('deprecated');
  });

  it('rdfs:subClassOf becomes supertypes; superclasses with properties also become interfaces, inherited by subtypes', () => {
    expect(byApi(o.objectTypes, 'EBook').supertypes).toEqual([objectTypeIdFor(`${LIB}Book`)]);
    const item = o.interfaces[interfaceIdFor(`${LIB}Item`)];
    const bookI = o.interfaces[interfaceIdFor(`${LIB}Book`)];
    expect(item?.apiName).toBe('ItemInterface');
    expect(bookI?.extends).toEqual([interfaceIdFor(`${LIB}Item`)]);
    expect(item?.properties.map((id) => o.sharedProperties[id]?.apiName).sort()).toEqual(['acquired', 'title']);
    expect(h.interfaces(objectTypeIdFor(`${LIB}EBook`)).sort()).toEqual([interfaceIdFor(`${LIB}Book`), interfaceIdFor(`${LIB}Item`)].sort());
    expect(h.interfaces(objectTypeIdFor(`${LIB}Periodical`))).toEqual([interfaceIdFor(`${LIB}Item`)]);
    for (const p of Object.values(effective('Periodical'))) {
      if (p.apiName !== 'id') expect(p.sharedPropertyId).toBeDefined();
    }
  });

  it('object properties become link types with cardinality from functional flags, one per domain × range', () => {
    const card = (name: string) => byApi(o.linkTypes, name).cardinality;
    expect(card('borrower')).toBe('MANY_TO_ONE');
    expect(card('holds')).toBe('ONE_TO_MANY');
    expect(card('card')).toBe('ONE_TO_ONE');
    expect(card('recommendsPersonToBook')).toBe('MANY_TO_MANY');
    expect(card('recommendsPersonToPeriodical')).toBe('MANY_TO_MANY');
  });

  it('enumerations and restricted datatypes become value types', () => {
    expect(byApi(o.valueTypes, 'Format').constraints.enum).toEqual(['Hardcover', 'Paperback', 'Audio']);
    expect(byApi(o.valueTypes, 'Rating')).toMatchObject({ baseType: { type: 'long' }, constraints: { enum: [1, 2, 3, 4, 5] } });
    expect(byApi(o.valueTypes, 'Isbn').constraints).toEqual({ regex: '^[0-9-]{10,17}$', maxLength: 17 });
  });

  it('reports what it did not map, per construct, with examples', () => {
    expect(effective('EBook').fullTitle?.subPropertyOf).toEqual([`${LIB}title`]);
    expect(report.unmapped['owl:AnnotationProperty (annotations are not modelled)']?.count).toBe(1);
    expect(report.mapped['owl:Restriction (min) → link type']?.examples).toEqual(['lib:Shelf ⊑ lib:holds min lib:Item']);
    expect(byApi(o.linkTypes, 'holdsShelfToItem')).toMatchObject({ minCardinality: 1, restriction: { quantifier: 'min' }, iri: `${LIB}holds` });
    expect(report.unmapped['kept verbatim (not modelled): owl:unionOf']?.count).toBe(1);
    expect(report.mapped['owl:versionInfo → annotations']?.count).toBe(1);
    expect(report.unmapped['label/comment in a non-preferred language (one language kept)']?.count).toBe(4);
    expect(report.mapped['rdfs:label → annotations']?.count).toBeGreaterThan(0); // the other languages are annotations
    expect(report.synthesised['primary key property `id` (string, required) on each root class']?.count).toBe(4);
    expect(report.mapped['class → object type']?.count).toBe(7);
  });

  it('the language preference picks labels', async () => {
    const de = await importFile(join(FIXTURES, 'library.ttl'), { lang: ['de', 'en'] });
    expect(byApi(de.ontology.objectTypes, 'Item').displayName).toBe('Gegenstand');
    expect(byApi(de.ontology.objectTypes, 'Loan').displayName).toBe('Loan'); // falls back to the next language
    expect(de.ontology.name).toBe('Bibliothek');
  });
});

describe('syntaxes', () => {
  it('Turtle, RDF/XML, JSON-LD and N-Triples of the same ontology import identically', async () => {
    const ttl = await importFile(join(FIXTURES, 'tiny.ttl'));
    const rdfxml = await importFile(join(FIXTURES, 'tiny.rdf'));
    const jsonld = await importFile(join(FIXTURES, 'tiny.jsonld'));
    const quads = new Parser({ format: 'text/turtle' }).parse(readFileSync(join(FIXTURES, 'tiny.ttl'), 'utf8'));
    const nt = new Writer({ format: 'application/n-triples' }).quadsToString(quads);
    const ntriples = await importText(nt, 'ntriples', { name: 'tiny' });
    expect(rdfxml.format).toBe('rdfxml');
    expect(Object.keys(ttl.ontology.objectTypes)).toHaveLength(3);
    // N-Triples declares no prefixes, so only compare the model.
    const strip = (x: Ontology) => canonicalJson({ ...x, meta: {} });
    expect(canonicalJson(rdfxml.ontology)).toBe(canonicalJson(ttl.ontology));
    expect(canonicalJson(jsonld.ontology)).toBe(canonicalJson(ttl.ontology));
    expect(strip(ntriples.ontology)).toBe(strip(ttl.ontology));
  });

  it('triple order does not change the result', async () => {
    const quads = new Parser({ format: 'text/turtle' }).parse(readFileSync(join(FIXTURES, 'library.ttl'), 'utf8'));
    const lines = new Writer({ format: 'application/n-triples' }).quadsToString(quads).trim().split('\n');
    const a = await importText(lines.join('\n'), 'ntriples');
    const b = await importText([...lines].reverse().join('\n'), 'ntriples');
    expect(canonicalJson(b.ontology)).toBe(canonicalJson(a.ontology));
  });

  it('apiNames are unique and valid when local names collide or start with digits', async () => {
    const text = `@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://a.example/Thing> a owl:Class . <https://b.example/Thing> a owl:Class . <https://a.example/thing> a owl:Class .
<https://a.example/3DModel> a owl:Class . <https://a.example/has-part> a owl:Class .`;
    const { ontology } = await importText(text, 'turtle');
    expect(Object.values(ontology.objectTypes).map((t) => t.apiName).sort()).toEqual(['HasPart', 'Thing', 'Thing2', 'Thing3', 'X3DModel']);
    expect(ontology.objectTypes[objectTypeIdFor('https://a.example/Thing')]?.apiName).toBe('Thing'); // first IRI in code-unit order keeps the name
  });
});

describe('format detection', () => {
  it('goes by extension and sniffs .owl files (RDF/XML or Turtle)', () => {
    expect(detectFormat('a/b.ttl', '')).toBe('turtle');
    expect(detectFormat('b.nq', '')).toBe('nquads');
    expect(detectFormat('b.jsonld', '')).toBe('jsonld');
    expect(detectFormat('b.oms.json', '')).toBe('oms');
    expect(detectFormat('b.owl', '<?xml version="1.0"?><rdf:RDF/>')).toBe('rdfxml');
    expect(detectFormat('b.owl', '@prefix owl: <http://www.w3.org/2002/07/owl#> .')).toBe('turtle');
    expect(() => detectFormat('b.docx', '')).toThrow(/--format/);
  });
});

describe('errors', () => {
  it('bad Turtle → IMPORT_PARSE_ERROR with the line', async () => {
    const err = await rejects(importText('@prefix x: <http://x/> .\nx:a x:b x:c .\nx:a x:b "open', 'turtle'));
    expect(err.code).toBe('IMPORT_PARSE_ERROR');
    expect(err.details?.line).toBe(3);
  });
  it('bad RDF/XML → IMPORT_PARSE_ERROR with line and column', async () => {
    const err = await rejects(importText('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n  <rdf:Description></rdf:Oops>\n</rdf:RDF>', 'rdfxml'));
    expect(err.code).toBe('IMPORT_PARSE_ERROR');
    expect(err.details?.line).toBe(3);
    expect(typeof err.details?.column).toBe('number');
  });
  it('JSON-LD that is not JSON, or needs a remote context, is refused with its own code', async () => {
    expect((await rejects(importText('{ "@id": ', 'jsonld'))).code).toBe('IMPORT_PARSE_ERROR');
    const remote = await rejects(importText('{ "@context": "https://schema.org/", "@type": "Person" }', 'jsonld'));
    expect(remote.code).toBe('IMPORT_REMOTE_CONTEXT');
  });
  it('an unknown extension → IMPORT_UNSUPPORTED_FORMAT; a missing file → FILE_NOT_FOUND', async () => {
    expect((await rejects(importFile(join(FIXTURES, 'fleet.oms.json').replace('.oms.json', '.xyz')))).code).toBe('FILE_NOT_FOUND');
    expect((await rejects(importFile(join(FIXTURES, '../interop/golden/fleet.graphql')))).code).toBe('IMPORT_UNSUPPORTED_FORMAT');
  });
  it('tampered oms records → IMPORT_RECORD_INVALID, never a half-built ontology', async () => {
    const o = (await importFile(join(FIXTURES, 'tiny.ttl'))).ontology;
    const ttl = await exportOntology(o, 'turtle');
    const broken = ttl.replace(/oms:data "\{/, 'oms:data "{oops');
    expect(broken).not.toBe(ttl);
    expect((await rejects(importText(broken, 'turtle'))).code).toBe('IMPORT_RECORD_INVALID');
  });
});
