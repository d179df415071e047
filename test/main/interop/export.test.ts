import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology, type Ontology } from '../../../core/model';
import { exportOntology, importFile, importText } from '../../../main/services/interop';
import { rng } from '../../bench/lib';
import { checkGraphql, checkJsonSchemas, checkOpenApi, checkTypescript, expectGolden, FIXTURES, mutate, ROOT } from './support';

const fleet = (): Ontology => parseOntology(JSON.parse(readFileSync(join(FIXTURES, 'fleet.oms.json'), 'utf8')));
const library = async (): Promise<Ontology> => (await importFile(join(FIXTURES, 'library.ttl'))).ontology;

describe('golden files', () => {
  for (const [name, load] of [['fleet', async () => fleet()], ['library', library]] as const) {
    for (const [format, ext] of [['turtle', 'ttl'], ['jsonld', 'jsonld'], ['jsonschema', 'schemas.json'], ['graphql', 'graphql'], ['openapi', 'openapi.json'], ['typescript', 'ts']] as const) {
      it(`${name} → ${format}`, async () => {
        expectGolden(`${name}.${ext}`, await exportOntology(await load(), format));
      });
    }
  }
  it('library import (canonical oms/1)', async () => {
    expectGolden('library.oms.json', canonicalJson(await library(), { pretty: true }));
  });
});

describe('round trips', () => {
  const examples = ['airline', 'hospital'].map((n) => join(ROOT, 'examples', `${n}.oms.json`));
  for (const path of [join(FIXTURES, 'fleet.oms.json'), ...examples]) {
    for (const format of ['turtle', 'jsonld', 'ntriples'] as const) {
      it(`oms → ${format} → oms is identical: ${path.split('/').pop()}`, async () => {
        const o = parseOntology(JSON.parse(readFileSync(path, 'utf8')));
        const text = await exportOntology(o, format);
        const back = await importText(text, format);
        expect(back.report.mode).toBe('oms');
        expect(canonicalJson(back.ontology)).toBe(canonicalJson(o));
      });
    }
  }
  it('oms → turtle/jsonld → oms is exact for 20 seeded random edits (odd names, texts, IRIs that are not IRIs)', async () => {
    const base = fleet();
    for (let seed = 1; seed <= 20; seed++) {
      const o = parseOntology(mutate(base, rng(seed)));
      const format = seed % 2 ? 'turtle' : 'jsonld';
      const back = await importText(await exportOntology(o, format), format);
      expect(canonicalJson(back.ontology), `seed ${seed} (${format})`).toBe(canonicalJson(o));
    }
  });
  it('OWL import → turtle → import is identical (library)', async () => {
    const o = await library();
    const again = await importText(await exportOntology(o, 'turtle'), 'turtle');
    expect(canonicalJson(again.ontology)).toBe(canonicalJson(o));
  });
});

describe('consumers accept the generated artefacts', () => {
  for (const [name, load] of [['fleet', async () => fleet()], ['library', library], ['airline example', async () => parseOntology(JSON.parse(readFileSync(join(ROOT, 'examples/airline.oms.json'), 'utf8')))]] as const) {
    it(`${name}: ajv (2020-12) compiles every schema`, async () => {
      const validators = checkJsonSchemas(await exportOntology(await load(), 'jsonschema'));
      expect(Object.keys(validators).length).toBe(Object.keys((await load()).objectTypes).length);
    });
    it(`${name}: graphql buildSchema accepts the SDL`, async () => {
      const schema = checkGraphql(await exportOntology(await load(), 'graphql'));
      expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).length).toBe(2 * Object.keys((await load()).objectTypes).length);
    });
    it(`${name}: swagger-parser validates the OpenAPI 3.1 document`, async () => {
      await checkOpenApi(await exportOntology(await load(), 'openapi'));
    });
  }

  it('JSON Schema accepts a valid Vehicle and rejects invalid ones (constraints from value types)', async () => {
    const v = checkJsonSchemas(await exportOntology(fleet(), 'jsonschema'))['Vehicle.schema.json'] as (d: unknown) => boolean;
    const good = { vin: 'V1', name: 'Van', plate: 'AB-123', fuel: 'diesel', seats: 3, price: '12.50', position: { lat: 1, lon: 2 }, embedding: [1, 2, 3], tags: ['x'], built: '2020-01-31' };
    expect(v(good)).toBe(true);
    expect(v({ ...good, fuel: 'steam' })).toBe(false); // enum
    expect(v({ ...good, plate: 'lower case' })).toBe(false); // regex
    expect(v({ ...good, seats: 0 })).toBe(false); // min
    expect(v({ ...good, embedding: [1, 2] })).toBe(false); // vector dimension
    expect(v({ ...good, built: 'yesterday' })).toBe(false); // format date
    const { name: _n, ...withoutName } = good;
    expect(v(withoutName)).toBe(false); // required from the shared property
    const d = checkJsonSchemas(await exportOntology(fleet(), 'jsonschema'))['Depot.schema.json'] as (d: unknown) => boolean;
    expect(d({ depotId: 'd', name: 'North', address: { street: 'Main 1' } })).toBe(true);
    expect(d({ depotId: 'd', name: 'North', address: { city: 'X' } })).toBe(false); // struct $defs, required field
  });

  it('GraphQL links have the list/non-null shape of their cardinality and direction', async () => {
    const schema = checkGraphql(await exportOntology(fleet(), 'graphql'));
    const fields = (t: string) => (schema.getType(t) as { getFields(): Record<string, { type: { toString(): string } }> }).getFields();
    expect(fields('Vehicle').homeDepot?.type.toString()).toBe('Depot'); // MANY_TO_ONE forward: single
    expect(fields('Depot').vehicles?.type.toString()).toBe('[Vehicle!]!'); // its reverse: list
    expect(fields('Driver').manages?.type.toString()).toBe('[Depot!]!'); // ONE_TO_MANY forward: list
    expect(fields('Depot').managesInverse?.type.toString()).toBe('Driver');
    expect(fields('Vehicle').assignedDriver?.type.toString()).toBe('Driver'); // ONE_TO_ONE both ways single
    expect(fields('Driver').assignedDriverInverse?.type.toString()).toBe('Vehicle');
    expect(fields('Driver').drove?.type.toString()).toBe('[Vehicle!]!'); // MANY_TO_MANY both ways lists
    expect(fields('Vehicle').vin?.type.toString()).toBe('ID!');
    expect(fields('Vehicle').fuel?.type.toString()).toBe('FuelKind');
    const vehicle = schema.getType('Vehicle');
    expect(isObjectType(vehicle) ? vehicle.getInterfaces().map((i) => i.name).sort() : []).toEqual(['Asset', 'Named']);
  });

  it('TypeScript SDK compiles under tsc --strict and types its client', async () => {
    const source = await exportOntology(fleet(), 'typescript');
    const use = `import type { OntologyClient, Vehicle, Links } from './ontology';
export async function demo(c: OntologyClient): Promise<string> {
  const v: Vehicle | undefined = await c.get('Vehicle', 'V1');
  const depot: Links['Vehicle']['homeDepot'] = await c.follow('Vehicle', 'V1', 'homeDepot');
  return (v?.fuel ?? 'diesel') + (depot?.name ?? '');
}
`;
    const result = checkTypescript(source, use);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
    const wrong = checkTypescript(source, `import type { Vehicle } from './ontology';\nexport const v: Vehicle = { vin: 'x', name: 'y', fuel: 'steam' };\n`);
    expect(wrong.ok).toBe(false); // the enum is a real union type
    expect(wrong.output).toContain('steam');
  });
});
