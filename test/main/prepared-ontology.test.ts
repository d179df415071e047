/**
 * `workspace create --from` reads the file element by element (core/model/element-stream.ts,
 * main/services/store/prepared-ontology.ts) instead of parsing it whole. That is only a shortcut:
 * for every text, prepareOntologyText gives what preparing parseOntologyText's result gives (same
 * snapshot address, entity and bucket rows, index keys byte for byte), or throws the same error;
 * the texts that are read element by element are checked to be (so the comparison is not between
 * two runs of the fallback), the odd ones to fall back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseOntologyText, type Ontology } from '../../core/model';
import { streamOntologyElements } from '../../core/model/element-stream';
import { Workspace } from '../../main/services/store';
import { entityKey, ManifestReader } from '../../main/services/store/changed-ids';
import { EntityIndex, indexGaps, indexRows } from '../../main/services/store/entity-index';
import { prepareOntology, prepareOntologyText, type PreparedOntology } from '../../main/services/store/prepared-ontology';
import { scaleOntology } from '../bench/scale-ontology';
import { randomOntology } from '../support/random-ontology';

const byHash = (rows: ReadonlyArray<readonly [string, string, string]>): string[] => rows.map((r) => r.join('\u0000')).sort();

function same(a: PreparedOntology, b: PreparedOntology, what: string): void {
  expect(a.snapshot.hash, what).toBe(b.snapshot.hash);
  expect(a.snapshot.header, what).toBe(b.snapshot.header);
  expect(a.snapshot.buckets, what).toEqual(b.snapshot.buckets);
  expect(a.snapshot.entityCount, what).toBe(b.snapshot.entityCount);
  expect(byHash(a.snapshot.entityRows), what).toEqual(byHash(b.snapshot.entityRows));
  expect(a.snapshot.bucketRows, what).toEqual(b.snapshot.bucketRows);
  expect(a.keys.entities, what).toBe(b.keys.entities);
  // Same slots, same keys and refs in the same order: the slot rows written are the same bytes.
  expect(a.keys.pending, what).toEqual(b.keys.pending);
}

const outcome = (fn: () => PreparedOntology): PreparedOntology | { error: string } => {
  try {
    return fn();
  } catch (err) {
    return { error: `${(err as { code?: string }).code ?? (err as Error).name}: ${(err as Error).message}` };
  }
};

/** Compares both ways of preparing `text`; returns whether the element reader took it (no fallback). */
function check(text: string, what: string): boolean {
  const streamed = outcome(() => prepareOntologyText(text, 'f.json'));
  const whole = outcome(() => prepareOntology(parseOntologyText(text, 'f.json')));
  if ('error' in whole || 'error' in streamed) expect(streamed, what).toEqual(whole);
  else same(streamed, whole, what);
  return streamOntologyElements(text.replace(/^\uFEFF/, ''), { element: () => undefined }) !== undefined;
}

const ontologies: Array<[string, Ontology]> = [
  ['scale 300 types', scaleOntology(300, 3)],
  ...[1, 2, 3, 4, 5, 6].map((seed): [string, Ontology] => [`random ${seed}`, randomOntology(seed, { objectTypes: 8 + seed, propertiesPerType: 1 + (seed % 5), fidelity: seed % 2 === 0 })]),
  ...['airline', 'hospital'].map((n): [string, Ontology] => [n, parseOntologyText(readFileSync(join(import.meta.dirname, '../../examples', `${n}.oms.json`), 'utf8'))]),
];

describe('prepareOntologyText', () => {
  it('reads canonical files, compact and pretty, element by element, with the same result as parsing them whole', () => {
    for (const [name, o] of ontologies) {
      expect(check(canonicalJson(o), `${name}, compact`), name).toBe(true);
      expect(check(canonicalJson(o, { pretty: true }), `${name}, pretty`), name).toBe(true);
      expect(check(`\uFEFF${canonicalJson(o)}`, `${name}, BOM`), name).toBe(true);
    }
  });

  it('reads non-canonical files (key order, defaults left out, unsorted sets, escapes, spacing) the same as whole', () => {
    const text = JSON.stringify({
      name: 'Odd', format: 'oms/1', meta: { z: '1', a: '2' },
      objectTypes: {
        'ot-b': { properties: { 'p-2': { order: 'b', apiName: 'two', baseType: { type: 'string' } }, 'p-1': { apiName: 'one', baseType: { type: 'integer' }, order: 'a' } }, apiName: 'Bee', implements: ['i-2', 'i-1', 'i-1'] },
        'ot-a': { apiName: 'A\u00e9\u2028', description: 'tab\there "quoted" \\ back', displayName: '\ud83d\ude00' },
      },
      interfaces: { 'i-1': { apiName: 'One' }, 'i-2': { apiName: 'Two', extends: ['i-1'] } },
      valueTypes: { 'vt-1': { apiName: 'Code', baseType: { type: 'string' }, constraints: { enum: ['b', 'a', 'b'], min: 1.5e3 } } },
    }, null, '\t');
    expect(check(text, 'odd')).toBe(true);
    expect(check(text.replaceAll('"apiName"', '"\\u0061piName"'), 'escaped keys')).toBe(true);
    expect(check(text.replaceAll(':', ' :\r\n '), 'spaces before colons')).toBe(true);
  });

  it('falls back to the whole parse, with its errors, on what the element reader does not take', () => {
    const base = canonicalJson(scaleOntology(20, 2));
    const cases: Array<[string, string]> = [
      ['duplicate element id', base.replace('"ot-s1":', '"ot-s0":')],
      ['duplicate key inside an element', base.replace('"apiName":"Thing3"', '"apiName":"Thing3","apiName":"Again"')],
      ['duplicate collection', base.replace('"valueTypes":{}', '"valueTypes":{},"valueTypes":{}')],
      ['__proto__ key', base.replace('"apiName":"Thing3"', '"__proto__":{},"apiName":"Thing3"')],
      ['escaped __proto__ key', base.replace('"apiName":"Thing3"', '"\\u005f_proto__":{},"apiName":"Thing3"')],
      ['integer-like ids', base.replaceAll('"ot-s1"', '"1"')],
      ['escaped id', base.replace('"ot-s1":', '"ot-\\u0073x":')],
      ['invalid JSON inside an element', base.replace('"apiName":"Thing3"', '"apiName":Thing3')],
      ['invalid JSON after the end', `${base}}`],
      ['truncated', base.slice(0, base.length - 5000)],
      ['model invalid', base.replace('"apiName":"Thing3"', '"apiName":3')],
      ['unknown field', base.replace('"apiName":"Thing3"', '"apiName":"Thing3","colour":"red"')],
      ['collection not an object', base.replace('"valueTypes":{}', '"valueTypes":[]')],
      ['empty object', '{}'],
      ['not an object', '[1,2]'],
      ['empty text', ''],
    ];
    for (const [name, text] of cases) expect(check(text, name), name).toBe(false);
  });

  it('creates a workspace whose snapshot and entity index equal those of creating it from the parsed ontology', async () => {
    const root = mkdtempSync(join(tmpdir(), 'oms-prepared-'));
    try {
      const o = randomOntology(11, { objectTypes: 30, propertiesPerType: 4, fidelity: true });
      const text = canonicalJson(o, { pretty: true });
      const a = await Workspace.create(root, 'a', { prepared: prepareOntologyText(text, 'f.json'), author: 't', message: 'm' });
      const b = await Workspace.create(root, 'b', { from: parseOntologyText(text), parsed: true, author: 't', message: 'm' });
      try {
        expect(a.getCommit('main').snapshot).toBe(b.getCommit('main').snapshot);
        expect(a.checkoutText('main')).toBe(b.checkoutText('main'));
        expect(a.db.prepare('SELECT * FROM entities ORDER BY hash').all()).toEqual(b.db.prepare('SELECT * FROM entities ORDER BY hash').all());
        expect(indexRows(a.db)).toEqual(indexRows(b.db));
        expect(indexGaps(a.db)).toEqual([]);
        // Each key sits in the slot a lookup reads (gathered in parts, its slot is computed without the key string).
        const snapshot = a.getCommit('main').snapshot;
        const reader = new ManifestReader(a.db);
        const { index, build } = EntityIndex.open(a.db, reader, [{ snapshot, near: [] }], (fn) => fn());
        expect(build.indexedEntities).toBe(0);
        for (const [id, ot] of Object.entries(o.objectTypes)) {
          expect(index.holders(snapshot, id), id).toEqual([entityKey('objectTypes', id)]);
          for (const pid of Object.keys(ot.properties)) expect(index.holders(snapshot, pid), pid).toEqual([entityKey('objectTypes', id)]);
          expect(index.named(snapshot, 'objectTypes', ot.apiName.toLowerCase()), ot.apiName).toContain(entityKey('objectTypes', id));
        }
        for (const [id, lt] of Object.entries(o.linkTypes)) expect(index.mentioning(snapshot, lt.fromObjectTypeId), id).toContain(entityKey('linkTypes', id));
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
