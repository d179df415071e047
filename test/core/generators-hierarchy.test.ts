/**
 * Generators over a type hierarchy with annotations (test/fixtures/interop/anatomy.oms.json: a
 * diamond, inherited keys and interfaces, annotations on types, properties, links and the ontology),
 * each checked by its real consumer: ajv 2020-12 (strict), graphql buildSchema, swagger-parser and
 * tsc --strict, plus golden files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generate } from '../../core/formats/generators';
import { generateJsonSchemas } from '../../core/formats/jsonschema';
import { generateOpenApi } from '../../core/formats/openapi';
import { parseOntology, type Ontology } from '../../core/model';
import { validate } from '../../core/validate';
import { checkGraphql, checkJsonSchemas, checkOpenApi, checkTypescript, expectGolden, FIXTURES } from '../main/interop/support';
import { randomOntology } from '../support/random-ontology';

const anatomy = (): Ontology => parseOntology(JSON.parse(readFileSync(join(FIXTURES, 'anatomy.oms.json'), 'utf8')));

describe('generators over a type hierarchy', () => {
  it('the fixture is a valid ontology', () => {
    expect(validate(anatomy())).toEqual([]);
  });

  for (const [format, ext] of [['jsonschema', 'schemas.json'], ['graphql', 'graphql'], ['openapi', 'openapi.json'], ['typescript', 'ts']] as const) {
    it(`anatomy → ${format} (golden)`, () => {
      expectGolden(`anatomy.${ext}`, generate(anatomy(), format));
    });
  }

  it('JSON Schema: a subtype is allOf its supertypes, closed with unevaluatedProperties; strict ajv compiles it', () => {
    const v = checkJsonSchemas(generate(anatomy(), 'jsonschema'));
    const heart = v['Heart.schema.json'] as (d: unknown) => boolean;
    const good = { id: 'h1', label: 'heart', chambers: 4, mass: 300, system: 'circulatory' };
    expect(heart(good)).toBe(true);
    expect(heart({ ...good, wings: 2 })).toBe(false); // closed across the hierarchy
    const { id: _id, ...noKey } = good;
    expect(heart(noKey)).toBe(false); // the inherited key is required
    const { chambers: _c, ...noChambers } = good;
    expect(heart(noChambers)).toBe(false); // its own required field
    expect(heart({ ...good, mass: -1 })).toBe(false); // inherited value-type constraint
    const muscle = v['MuscleOrgan.schema.json'] as (d: unknown) => boolean;
    expect(muscle({ id: 'm', label: 'm', mass: 1, cellKind: 'smooth', fibreType: 'slow' })).toBe(true); // both sides of the diamond
    expect((v['Thing.schema.json'] as (d: unknown) => boolean)({ id: 't', label: 't', chambers: 4 })).toBe(false);
    const schemas = generateJsonSchemas(anatomy());
    expect(schemas['Heart.schema.json']?.allOf).toEqual([{ $ref: '#/$defs/OrganFields' }]);
    const comment = JSON.parse(String(schemas['Heart.schema.json']?.$comment)) as { 'x-oms-annotations': Ontology['annotations'] };
    expect(comment['x-oms-annotations']?.synonym).toContainEqual({ value: 'cor', lang: 'la', scope: 'EXACT' });
  });

  it('GraphQL: a supertype becomes an interface every descendant implements', () => {
    const schema = checkGraphql(generate(anatomy(), 'graphql'));
    const interfacesOf = (name: string): string[] => {
      const t = schema.getType(name);
      return isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().map((i) => i.name).sort() : [];
    };
    expect(interfacesOf('Heart')).toEqual(['AnatomicalEntityInterface', 'Named', 'OrganInterface', 'ThingInterface']);
    expect(interfacesOf('MuscleOrgan')).toEqual(['AnatomicalEntityInterface', 'Named', 'OrganInterface', 'ThingInterface', 'TissueInterface']);
    expect(interfacesOf('OrganInterface')).toEqual(['AnatomicalEntityInterface', 'Named', 'ThingInterface']);
    expect(schema.getType('HeartInterface')).toBeUndefined(); // no subtypes, no interface
    const heart = schema.getType('Heart');
    expect(isObjectType(heart) ? heart.description : '').toContain('synonym (EXACT): cor @la');
    expect(isObjectType(heart) ? heart.getFields().id?.type.toString() : '').toBe('ID!');
    // partOf is declared on AnatomicalEntity: every descendant, and the interfaces they implement, can follow it.
    for (const name of ['Heart', 'MuscleOrgan', 'OrganInterface', 'AnatomicalEntityInterface']) {
      const t = schema.getType(name);
      expect(isObjectType(t) || isInterfaceType(t) ? t.getFields().partOf?.type.toString() : undefined, name).toBe('[AnatomicalEntity!]!');
    }
  });

  it('OpenAPI: allOf over shared <Type>Fields components, annotations as x-oms-annotations; swagger-parser validates', async () => {
    const doc = generateOpenApi(anatomy());
    await checkOpenApi(JSON.stringify(doc));
    const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    expect(schemas.Heart?.allOf).toEqual([{ $ref: '#/components/schemas/OrganFields' }]);
    expect(schemas.OrganFields?.allOf).toEqual([{ $ref: '#/components/schemas/AnatomicalEntityFields' }]);
    expect(schemas.Heart?.['x-oms-annotations']).toBeDefined();
    expect((doc.info as Record<string, unknown>)['x-oms-annotations']).toEqual(anatomy().annotations);
  });

  it('every consumer accepts generated ontologies with random hierarchies and annotations', async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const o = randomOntology(seed, { objectTypes: 8, propertiesPerType: 3, fidelity: true });
      checkJsonSchemas(generate(o, 'jsonschema'));
      checkGraphql(generate(o, 'graphql'));
      await checkOpenApi(generate(o, 'openapi'));
    }
  });

  it('TypeScript: subtypes extend supertypes, a Heart is an Organ, the inherited key is required, JSDoc carries annotations (tsc --strict)', () => {
    const source = generate(anatomy(), 'typescript');
    expect(source).toContain('export interface MuscleOrgan extends Organ, Tissue {');
    expect(source).toContain(' * @synonym (EXACT) cor @la');
    const random = randomOntology(7, { objectTypes: 12, propertiesPerType: 3, fidelity: true });
    expect(Object.values(random.objectTypes).some((t) => t.supertypes)).toBe(true);
    // One tsc run (each costs seconds): the anatomy module, a user of it, and a random hierarchy's
    // module appended to the user (own module scope, imports aliased). @ts-expect-error fails the
    // compile if the inherited key were optional.
    const use = `import type { Heart as AHeart, Organ as AOrgan, Thing as AThing, OntologyClient as AClient, Links as ALinks } from './ontology';
export const h: AHeart = { id: 'h', label: 'heart', chambers: 4, mass: 300 };
export const o: AOrgan = h;
export const t: AThing = o;
// @ts-expect-error -- id is inherited from Thing and required
export const noKey: AHeart = { label: 'x', chambers: 4 };
export async function load(c: AClient): Promise<number> { return (await c.get('Heart', 'h'))?.chambers ?? 0; }
// A Heart follows the partOf link its supertype AnatomicalEntity declares.
export type HeartParts = ALinks['Heart']['partOf'];
export const parts: HeartParts = [o];
${generate(random, 'typescript')}`;
    expect(checkTypescript(source, use)).toEqual({ ok: true, output: '' });
  });
});
