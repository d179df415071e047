import { describe, expect, it } from 'vitest';
import { rankEntry, rankFilter } from '../../renderer/src/ui/combo-filter';

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
