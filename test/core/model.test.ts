import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, initialOrderKeys, keyBetween, newId, parseOntology, stableStringify } from '../../core/model';
import { OmsError } from '../../core/errors';

const input = {
  format: 'oms/1',
  name: 'Tiny',
  objectTypes: {
    ot1: {
      apiName: 'Aircraft',
      primaryKey: 'p1',
      implements: ['i2', 'i1', 'i2'],
      properties: { p1: { apiName: 'tailNumber', baseType: { type: 'string' }, order: 'V' } },
    },
  },
};

describe('canonical JSON', () => {
  it('applies defaults, sorts keys and sets, and is stable across key order', () => {
    const a = canonicalJson(parseOntology(input));
    const shuffled = JSON.parse(JSON.stringify({ objectTypes: input.objectTypes, name: 'Tiny', format: 'oms/1' }));
    expect(canonicalJson(parseOntology(shuffled))).toBe(a);
    const parsed = parseOntology(input);
    expect(parsed.objectTypes.ot1?.implements).toEqual(['i1', 'i2']);
    expect(parsed.objectTypes.ot1?.properties.p1?.pii).toBe('none');
    expect(contentHash(a)).toMatch(/^sha256-[A-Za-z0-9_-]{43}$/);
    expect(contentHash(canonicalJson(parseOntology(JSON.parse(a))))).toBe(contentHash(a));
  });

  it('rejects malformed input with MODEL_INVALID and the offending path', () => {
    try {
      parseOntology({ ...input, objectTypes: { ot1: { apiName: 'X', properties: { p: { apiName: 'a', baseType: { type: 'nope' }, order: 'V' } } } } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(OmsError);
      expect((err as OmsError).code).toBe('MODEL_INVALID');
      expect((err as OmsError).message).toContain('objectTypes/ot1/properties/p/baseType');
    }
  });

  it('stableStringify sorts nested keys and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: undefined, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('ids and order keys', () => {
  it('ids are unique and time-sortable', () => {
    const a = newId(1000);
    const b = newId(2000);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000);
  });

  it('keyBetween always sorts strictly between its neighbours', () => {
    let keys = initialOrderKeys(5);
    for (let i = 0; i < 500; i++) {
      const at = (i * 7) % (keys.length + 1);
      const k = keyBetween(keys[at - 1], keys[at]);
      keys = [...keys.slice(0, at), k, ...keys.slice(at)];
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
