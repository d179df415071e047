/**
 * stableStringify shares already-sorted objects instead of copying everything (core/model/canonical.ts);
 * its bytes must stay exactly those of the plain rule JSON.stringify(sortKeysDeep(v), null, indent),
 * on ontologies and on hostile JSON data: index-like keys, `__proto__`, undefined, functions,
 * non-finite numbers, Dates, class instances, toJSON.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize, sortKeysDeep, stableStringify } from '../../core/model';
import { randomOntology, rng } from '../support/random-ontology';

const reference = (v: unknown, indent?: number): string => JSON.stringify(sortKeysDeep(v), null, indent);

const KEYS = ['a', 'b', 'B', 'z', '0', '1', '9', '10', '01', '-1', '1.5', '4294967294', '4294967295', '__proto__', 'toJSON', 'é', '\u{1F600}', '', 'q"uote', 'back\\slash', 'tab\t', '\u2028', '\udc00'];

/** Random JSON-ish data, built in random key order (so both sorted and unsorted objects occur). */
function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const r = next();
  if (depth <= 0 || r < 0.35) {
    return pick<unknown>(['x', '', 'line\nbreak "q"', '\ud800', '\u{1F600}\u2029', 'c:\\dir', '\u0000\u001f\u007f', 0, -0, 1.5, 1e21, 5e-324, -1e-7, NaN, Infinity, true, false, null, undefined]);
  }
  if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth - 1));
  const o: Record<string, unknown> = {};
  const keys = [...KEYS].sort(() => next() - 0.5).slice(0, Math.floor(next() * 6));
  if (next() < 0.3) keys.sort(); // already in order: the shared path
  for (const k of keys) {
    if (k === '__proto__') Object.defineProperty(o, k, { value: randomValue(next, depth - 1), enumerable: true, configurable: true, writable: true });
    else if (k === 'toJSON') continue; // a toJSON member changes JSON.stringify itself; covered below
    else o[k] = randomValue(next, depth - 1);
  }
  return o;
}

describe('stableStringify', () => {
  it('writes the bytes of JSON.stringify(sortKeysDeep(v)) for random JSON data, compact and indented', () => {
    const next = rng(7);
    for (let i = 0; i < 3000; i++) {
      const v = randomValue(next, 4);
      for (const indent of [undefined, 2]) expect(stableStringify(v, indent)).toBe(reference(v, indent));
    }
  });

  it('is the same for large records (members written one by one), with index keys, holes and left-out values', () => {
    const next = rng(11);
    for (let i = 0; i < 40; i++) {
      const o: Record<string, unknown> = {};
      const n = 60 + Math.floor(next() * 80);
      for (let k = 0; k < n; k++) {
        const key = next() < 0.2 ? String(Math.floor(next() * 300)) : `k${Math.floor(next() * 1e6).toString(36)}`;
        o[key] = next() < 0.1 ? undefined : next() < 0.05 ? () => 1 : randomValue(next, 3);
      }
      expect(stableStringify(o)).toBe(reference(o));
      expect(stableStringify([o, { nested: o }])).toBe(reference([o, { nested: o }]));
    }
  });

  it('is the same for a large record out of order whose members are all in order (a collection read back)', () => {
    const next = rng(13);
    for (let i = 0; i < 20; i++) {
      const o: Record<string, unknown> = {};
      for (let k = 0; k < 70 + i; k++) {
        const key = next() < 0.2 ? String(Math.floor(next() * 500)) : `id-${Math.floor(next() * 1e6).toString(36)}`;
        o[key] = next() < 0.1 ? undefined : { a: k, b: [1, { c: 'x' }], z: null };
      }
      if (i % 4 === 0) Object.defineProperty(o, '__proto__', { value: { a: 1 }, enumerable: true, configurable: true, writable: true });
      expect(stableStringify(o)).toBe(reference(o));
      expect(stableStringify({ b: o, a: 1 })).toBe(reference({ b: o, a: 1 }));
    }
  });

  it('is the same for canonical ontologies, fresh and read back from their own JSON', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const o = canonicalize(randomOntology(seed));
      const text = reference(o);
      expect(stableStringify(o)).toBe(text);
      expect(stableStringify(JSON.parse(text))).toBe(text);
      expect(stableStringify(o, 2)).toBe(reference(o, 2));
    }
  });

  it('falls back to the plain rule for values that are not plain data', () => {
    class Point {
      constructor(readonly y: number, readonly x: number) {}
    }
    const cases: unknown[] = [
      { when: new Date(0), a: 1 },
      [new Point(1, 2)],
      { b: { toJSON: () => 'custom' }, a: [1] },
      { m: new Map([[1, 2]]), s: new Set([1]) },
      Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
      { f: () => 1, arr: [() => 1, Symbol('s')] },
      new Uint8Array([1, 2]),
      undefined,
      'text',
    ];
    for (const v of cases) expect(stableStringify(v)).toBe(reference(v));
    // What JSON.stringify refuses, it still refuses.
    expect(() => reference({ a: [1n] })).toThrow(TypeError);
    expect(() => stableStringify({ a: [1n] })).toThrow(TypeError);
  });

  it('does not change its input', () => {
    const v = { b: { d: 1, c: 2 }, a: [{ y: 1, x: 2 }] };
    const before = JSON.stringify(v);
    stableStringify(v);
    expect(JSON.stringify(v)).toBe(before);
  });
});
