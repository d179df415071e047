import { describe, expect, it } from 'vitest';
import { filterEntries, rankEntry, rankFilter } from '../../renderer/src/ui/combo-filter';

const entry = (id: string, apiName: string, displayName = ''): { id: string; key: string; haystack: string } =>
  ({ id, key: apiName.toLowerCase(), haystack: `${apiName} ${displayName}`.toLowerCase() });

// In the index's order: sorted by lower-cased apiName.
const list = [entry('ot-3', 'Gate'), entry('ot-1', 'SubType1'), entry('ot-2', 'Type1', 'Type one'), entry('ot-4', 'Type10'), entry('x-type1-legacy', 'Zed')];
const key = (e: { id: string }): string => e.id;

describe('rankFilter', () => {
  it('is the list itself, not a copy, when nothing filters (opening a 50k picker allocates nothing)', () => {
    expect(rankFilter(list, '', rankEntry)).toBe(list);
  });
  it('puts name-prefix matches first, then names, display names and ids containing the query, each in list order', () => {
    expect(rankFilter(list, 'type1', rankEntry).map(key)).toEqual(['ot-2', 'ot-4', 'ot-1', 'x-type1-legacy']);
  });
  it('matches display names and ids', () => {
    expect(rankFilter(list, 'one', rankEntry).map(key)).toEqual(['ot-2']);
    expect(rankFilter(list, 'ot-3', rankEntry).map(key)).toEqual(['ot-3']);
  });
  it('leaves out skipped keys, with or without a query', () => {
    const skip = new Set(['ot-2', 'ot-3']);
    expect(rankFilter(list, '', rankEntry, skip, key).map(key)).toEqual(['ot-1', 'ot-4', 'x-type1-legacy']);
    expect(rankFilter(list, 'type1', rankEntry, skip, key).map(key)).toEqual(['ot-4', 'ot-1', 'x-type1-legacy']);
  });
  it('is empty when nothing matches', () => {
    expect(rankFilter(list, 'zzz', rankEntry)).toEqual([]);
  });
});

describe('filterEntries (the pickers\' corpus scan)', () => {
  // A small alphabet so that names share substrings, ids carry capitals, names hold spaces.
  const pick = (rnd: () => number, from: string, n: number): string => Array.from({ length: n }, () => from[Math.floor(rnd() * from.length)]).join('');
  function seeded(seed: number): () => number {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  }
  function randomList(rnd: () => number, n: number): Array<{ id: string; key: string; haystack: string }> {
    const out = Array.from({ length: n }, (_, i) => entry(`${pick(rnd, 'oTab-', 3)}${i}`, pick(rnd, 'abAB1 ', 1 + Math.floor(rnd() * 6)) || 'a', rnd() < 0.5 ? pick(rnd, 'ab1 xy', 5) : ''));
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  it('gives what rankFilter with rankEntry gives, in the same order, for every query and skip', () => {
    const rnd = seeded(7);
    for (let round = 0; round < 40; round++) {
      const items = randomList(rnd, 60);
      const skip = new Set(items.filter(() => rnd() < 0.2).map(key));
      for (const query of ['a', 'ab', 'b1', '1', ' ', 'a b', 'ota', '-', 'tab-1', 'x', 'zz', pick(rnd, 'ab1 ', 2)]) {
        const q = query.trim().toLowerCase() || query;
        expect(filterEntries(items, q, 0, skip).map(key)).toEqual(rankFilter(items, q, rankEntry, skip, key).map(key));
        expect(filterEntries(items, q, 0).map(key)).toEqual(rankFilter(items, q, rankEntry).map(key));
      }
    }
  });

  it('the list itself for an empty query, as rankFilter', () => {
    expect(filterEntries(list, '', 0)).toBe(list);
  });

  it('a display name edited in place is found once the labels version moved, not from a stale corpus', () => {
    const items = [entry('ot-1', 'Alpha', 'first'), entry('ot-2', 'Beta', 'second')];
    expect(filterEntries(items, 'renamed', 1).map(key)).toEqual([]);
    (items[1] as { haystack: string }).haystack = 'beta renamed';
    expect(filterEntries(items, 'renamed', 2).map(key)).toEqual(['ot-2']);
  });
});
