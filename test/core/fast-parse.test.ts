/**
 * The hand-written ontology reader (core/model/fast-parse.ts) is only a shortcut for zod: whenever
 * it answers, its answer must be zod's (same values; its own shapes' keys in canonical order), and
 * it must never accept what zod refuses. Checked on random valid ontologies and on thousands of
 * hostile mutations of them (fields removed, retyped, oversized, unknown, `__proto__`, bad ids,
 * non-finite numbers…), both as objects and as fresh JSON read in place (fastReadJson).
 * OMS_FUZZ_RUNS raises the mutation count locally.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalJson, Ontology, parseOntology, parseOntologyText, sortKeysDeep } from '../../core/model';
import { fastParseOntology, fastReadJson } from '../../core/model/fast-parse';
import { countKeysInValue, parseJsonStrict } from '../../core/model/strict-json';
import { mutateOntology, randomOntology, rng } from '../support/random-ontology';

const RUNS = Number(process.env.OMS_FUZZ_RUNS ?? 800);

type Json = Record<string, unknown> | unknown[];

/** Every container in the tree with the path to it. */
function containers(v: unknown, out: Json[] = []): Json[] {
  if (v !== null && typeof v === 'object') {
    out.push(v as Json);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

const HOSTILE: unknown[] = [
  undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 60, '', 'x', 'a'.repeat(201), 'a'.repeat(100_001), 'not an id!', true, [], {}, ['x'], { type: 'string' },
  { type: 'vector', dimension: 3 }, { type: 'array', items: { type: 'long' } }, { type: 'struct', structTypeId: 'st1' }, new Date(0), Object.create(null) as object,
];

function mutate(o: unknown, next: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(o)) as unknown;
  const nodes = containers(copy);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const node = pick(nodes);
  const keys = Object.keys(node);
  const r = next();
  if (Array.isArray(node)) {
    if (r < 0.5 && node.length) node[Math.floor(next() * node.length)] = pick(HOSTILE);
    else node.push(pick(HOSTILE));
    return copy;
  }
  const rec = node;
  const key = keys.length ? pick(keys) : 'x';
  if (r < 0.25) delete rec[key];
  else if (r < 0.6) rec[key] = pick(HOSTILE);
  else if (r < 0.7) rec[pick(['unknownField', 'bad id!', '123', 'apiName', 'type'])] = pick(HOSTILE);
  else if (r < 0.8) Object.defineProperty(rec, '__proto__', { value: pick(HOSTILE), enumerable: true, configurable: true, writable: true });
  else if (r < 0.85) (rec as Record<symbol, unknown>)[Symbol('s')] = 1;
  else if (r < 0.95 && keys.length) {
    // Rename a key: a record id becomes invalid, or a field unknown.
    const v = rec[key];
    delete rec[key];
    rec[`${key}${pick(['!', ' ', '', '.x'])}`] = v;
  } else rec[key] = { ...(rec[key] as object), extra: 1 };
  return copy;
}

/** Records keep their input order; every other object the reader builds has its keys sorted. */
const RECORDS = new Set(['objectTypes', 'linkTypes', 'interfaces', 'sharedProperties', 'valueTypes', 'properties', 'meta', 'annotations']);

/**
 * Paths of objects whose keys are not in canonical (sorted) order, outside what the reader hands
 * to zod (struct and action types, non-primitive base types: zod's own order).
 */
function unsorted(v: unknown, path = ''): string[] {
  if (v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => unsorted(x, `${path}/${i}`));
  const keys = Object.keys(v);
  const record = RECORDS.has(path.slice(path.lastIndexOf('/') + 1));
  const own = record || keys.every((k, i) => i === 0 || (keys[i - 1] as string) < k) ? [] : [path || '/'];
  return [...own, ...keys.filter((k) => !(path === '' && (k === 'structTypes' || k === 'actionTypes')) && k !== 'baseType').flatMap((k) => unsorted((v as Record<string, unknown>)[k], `${path}/${k}`))];
}

function expectSameAsZod(input: unknown): 'fast' | 'zod-only' | 'refused' {
  const zod = Ontology.safeParse(input);
  const fast = fastParseOntology(input);
  // The same input as fresh JSON, read in place (JSON drops symbol keys and undefined members).
  const text = JSON.stringify(input);
  const json = text === undefined ? undefined : (JSON.parse(text) as unknown);
  const zodJson = Ontology.safeParse(json);
  const inPlace = fastReadJson(json);
  if (inPlace) {
    expect(zodJson.success, 'the in-place reader accepted what zod refuses').toBe(true);
    if (zodJson.success) expect(inPlace.ontology).toStrictEqual(zodJson.data);
    expect(inPlace.keys).toBe(countKeysInValue(JSON.parse(text as string) as object));
    expect(unsorted(inPlace.ontology)).toEqual([]);
  }
  if (fast === undefined) return zod.success ? 'zod-only' : 'refused';
  expect(zod.success, 'the shortcut accepted what zod refuses').toBe(true);
  if (!zod.success) return 'refused';
  expect(fast).toStrictEqual(zod.data);
  expect(unsorted(fast)).toEqual([]);
  return 'fast';
}

describe('fastParseOntology', () => {
  it('gives zod\'s exact result for random valid ontologies, as objects and read back from JSON', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const o = randomOntology(seed, { objectTypes: 8, propertiesPerType: 4 });
      const edited = mutateOntology(o, seed, 6, { fidelity: true }).ontology;
      for (const input of [o, edited, JSON.parse(canonicalJson(o)) as unknown, JSON.parse(canonicalJson(edited)) as unknown]) {
        expect(expectSameAsZod(input)).toBe('fast');
      }
    }
  });

  it('parseOntology and canonicalJson give what zod + canonicalize gave (values, key order, bytes)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const o = mutateOntology(randomOntology(seed, { objectTypes: 8, propertiesPerType: 4 }), seed, 4, { fidelity: true }).ontology;
      // Unsorted sets and duplicate enum values too, so the canonical step has work to do.
      const messy = JSON.parse(JSON.stringify(o)) as Ontology;
      for (const ot of Object.values(messy.objectTypes)) ot.implements.reverse();
      for (const itf of Object.values(messy.interfaces)) itf.extends = [...itf.extends, ...itf.extends].reverse();
      for (const vt of Object.values(messy.valueTypes)) if (vt.constraints.enum) vt.constraints.enum = [...vt.constraints.enum, ...vt.constraints.enum];
      for (const input of [o, messy, JSON.parse(canonicalJson(o)) as unknown]) {
        const before = canonicalize(Ontology.parse(input));
        const now = parseOntology(input);
        expect(now).toStrictEqual(before);
        expect(canonicalJson(now)).toBe(JSON.stringify(sortKeysDeep(before)));
        const fromText = parseOntologyText(JSON.stringify(input, null, 1));
        expect(fromText).toStrictEqual(before);
        expect(canonicalJson(fromText)).toBe(canonicalJson(now));
        expect(canonicalJson(messy)).toBe(JSON.stringify(sortKeysDeep(canonicalize(messy))));
      }
    }
  });

  it('fills defaults exactly as zod does for a minimal file', () => {
    const minimal = {
      format: 'oms/1', name: 'n',
      objectTypes: { a: { apiName: 'A', properties: { p: { apiName: 'p', baseType: { type: 'string' }, order: 'a' } } } },
      linkTypes: { l: { apiName: 'l', fromObjectTypeId: 'a', toObjectTypeId: 'a', cardinality: 'ONE_TO_ONE' } },
      interfaces: { i: { apiName: 'I' } }, valueTypes: { v: { apiName: 'V', baseType: { type: 'integer' } } },
      sharedProperties: { s: { apiName: 's', baseType: { type: 'array', items: { type: 'string' } } } },
    };
    expect(expectSameAsZod(minimal)).toBe('fast');
    // A present optional field holding undefined keeps its key in zod's output; so here.
    expect(expectSameAsZod({ ...minimal, objectTypes: { a: { apiName: 'A', iri: undefined } } })).toBe('fast');
  });

  it(`never accepts what zod refuses and otherwise agrees with it (${RUNS} hostile mutations)`, () => {
    const next = rng(99);
    const bases = [1, 2, 3, 4, 5].map((s) => JSON.parse(canonicalJson(randomOntology(s, { objectTypes: 5, propertiesPerType: 3 }))) as unknown);
    const seen = { fast: 0, 'zod-only': 0, refused: 0 };
    for (let i = 0; i < RUNS; i++) {
      let m = bases[i % bases.length];
      for (let k = 0, n = 1 + Math.floor(next() * 3); k < n; k++) m = mutate(m, next);
      seen[expectSameAsZod(m)]++;
    }
    // Both branches are exercised: the shortcut answers often, and refusals are common.
    expect(seen.fast).toBeGreaterThan(RUNS / 20);
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
  });

  it('leaves the error to zod: parseOntology reports an invalid file as before', () => {
    expect(() => parseOntology({ format: 'oms/1', name: 'n', objectTypes: { a: { apiName: '' } } })).toThrow(/objectTypes\/a\/apiName/);
    expect(() => parseOntology({ format: 'oms/1', name: 'n', objectTypes: { 'bad id': { apiName: 'A' } } })).toThrow(/MODEL_INVALID|not a valid/);
  });

  it('reads a canonical file in place: the ontology is made of the parsed JSON\'s own objects', () => {
    const json = JSON.parse(canonicalJson(randomOntology(3, { objectTypes: 8, propertiesPerType: 4 }))) as Record<string, Record<string, Record<string, unknown>>>;
    const ot = Object.keys(json.objectTypes as object)[0] as string;
    const read = fastReadJson(json);
    expect(read?.ontology.objectTypes).toBe(json.objectTypes);
    expect(read?.ontology.objectTypes[ot]).toBe(json.objectTypes?.[ot]);
  });

  it('parseOntologyText reports what parseOntology(parseJsonStrict(text)) reports, in the same order', () => {
    const o = randomOntology(5, { objectTypes: 5, propertiesPerType: 3 });
    const text = canonicalJson(o);
    const outcome = (f: () => unknown): string => {
      try {
        return canonicalJson(f() as Ontology);
      } catch (err) {
        return `${(err as { code?: string }).code ?? (err as Error).name}: ${(err as Error).message}`;
      }
    };
    const same = (t: string): void => expect(outcome(() => parseOntologyText(t, 'f'))).toBe(outcome(() => parseOntology(parseJsonStrict(t, 'f'))));
    same(text);
    same(`\uFEFF${text}`);
    same('{"format": ');
    same('[1, 2]');
    // A duplicate in a hand-read record, in a field, in what goes to zod (a struct type), and in an invalid file.
    same(text.replace('"objectTypes":{', '"objectTypes":{"ot-dup":{"apiName":"A"},"ot-dup":{"apiName":"B"},'));
    same(text.replace('"apiName":', '"apiName":"X","apiName":'));
    same(text.replace('"structTypes":{', '"structTypes":{"st-dup":{"apiName":"S","apiName":"T","fields":{}},'));
    same(text.replace('"name":', '"objectTypes":{"a":{"apiName":""}},"objectTypes":{"a":{"apiName":""}},"name":'));
    same(text.replace('"objectTypes":{', '"objectTypes":{"a":{"apiName":""},'));
    expect(outcome(() => parseOntologyText(text.replace('"apiName":', '"apiName":"X","apiName":'), 'f'))).toMatch(/^JSON_DUPLICATE_KEY/);
  });
});
