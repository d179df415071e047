/**
 * entityKeys' mentions decide which untouched elements the proportional merge pulls into its
 * view; these pin what counts as a mention (and its order, which the index rows follow) for the
 * shapes the walk treats differently: prose fields, arrays carrying their field, objects under a
 * prose-named field, `values` maps (their keys, also inside arrays) and the element's own ids.
 */
import { describe, expect, it } from 'vitest';
import { entityKeys } from '../../core/merge/entity-keys';

describe('entityKeys', () => {
  it('collects id-like strings, skipping prose and enum fields but not objects under them', () => {
    const keys = entityKeys('actionTypes', 'act', {
      id: 'act',
      apiName: 'DoIt',
      displayName: 'shipTitle',
      description: 'mentions nothing',
      status: 'active',
      order: ['notAnId1', 'notAnId2'],
      type: { kind: 'objectRef', target: 'ship', items: [{ ref: 'crew' }] },
      interfaces: ['iface', 'iface', 7, null, true],
      parameters: { p1: { id: 'p1', target: 'port' } },
      rules: { r1: { id: 'r1', uses: ['p1', 'other'] } },
      logic: [{ values: { propA: 'lit', propB: { from: 'p2' } } }, { values: { propC: 1 } }],
    });
    expect(keys.ids).toEqual(['act', 'p1', 'r1']);
    expect(keys.name).toBe('doit');
    expect(keys.mentions).toEqual(['objectRef', 'ship', 'crew', 'iface', 'port', 'other', 'propA', 'lit', 'propB', 'p2', 'propC']);
  });

  it('has no keys but its id for a value that is not an object', () => {
    expect(entityKeys('objectTypes', 'x', 'text')).toEqual({ ids: ['x'], name: undefined, mentions: [] });
  });
});
