import { describe, expect, it } from 'vitest';
import {
  REASONS, analyzeChanges, bumpVersion, checkRequestedVersion, formatChangelog, parseVersion, formatVersion,
  type ReasonCode,
} from '../../core/changes';
import type { Ontology } from '../../core/model';
import { OmsError } from '../../core/errors';
import { edit, must, ont } from './merge.build';

const B = ont({
  name: 'Air',
  objectTypes: {
    Flight: { primaryKey: 'fno', properties: { fno: {}, seats: { t: 'integer' }, gate: { valueTypeId: 'Code' }, dep: { t: 'date' }, crew: { pii: 'personal' } }, implements: ['Named'] },
    Crew: { primaryKey: 'cid', status: 'experimental', properties: { cid: {} } },
  },
  linkTypes: { crewOf: { from: 'Crew', to: 'Flight', cardinality: 'MANY_TO_ONE', foreignKeyPropertyId: 'cid' } },
  interfaces: { Named: { properties: ['sp1'] } },
  sharedProperties: { sp1: {}, sp2: {} },
  valueTypes: { Code: { constraints: { regex: '^[A-Z]+$', min: 0, max: 10, enum: ['A', 'B'] } } },
});

type Mut = (o: Ontology) => void;
const ot = (o: Ontology, id: string) => must(o.objectTypes[id]);
const prop = (o: Ontology, t: string, p: string) => must(ot(o, t).properties[p]);
const vt = (o: Ontology) => must(o.valueTypes.Code).constraints;

const cases: Array<[ReasonCode, Mut]> = [
  ['ELEMENT_ADDED', (o) => { o.objectTypes.Gate = { ...ot(o, 'Crew'), apiName: 'Gate' }; }],
  ['REQUIRED_PROPERTY_ADDED', (o) => { ot(o, 'Crew').properties.rank = { ...prop(o, 'Crew', 'cid'), apiName: 'rank', required: true }; }],
  ['ELEMENT_REMOVED', (o) => { delete o.interfaces.Named; ot(o, 'Flight').implements = []; }],
  ['PROPERTY_REMOVED', (o) => { delete ot(o, 'Flight').properties.dep; }],
  ['API_NAME_CHANGED', (o) => { ot(o, 'Flight').apiName = 'Leg'; }],
  ['BASE_TYPE_WIDENED', (o) => { prop(o, 'Flight', 'seats').baseType = { type: 'long' }; }],
  // Narrowed from a prepared `long` (see the test body) back to integer.
  ['BASE_TYPE_NARROWED', (o) => { prop(o, 'Flight', 'seats').baseType = { type: 'integer' }; }],
  ['BASE_TYPE_CHANGED', (o) => { prop(o, 'Flight', 'dep').baseType = { type: 'boolean' }; }],
  ['MADE_REQUIRED', (o) => { prop(o, 'Flight', 'seats').required = true; }],
  ['CONSTRAINT_TIGHTENED', (o) => { vt(o).max = 5; }],
  ['CONSTRAINT_LOOSENED', (o) => { vt(o).enum = ['A', 'B', 'C']; }],
  ['VALUE_TYPE_CHANGED', (o) => { prop(o, 'Flight', 'seats').valueTypeId = 'Code'; }],
  ['VALUE_TYPE_REMOVED', (o) => { delete prop(o, 'Flight', 'gate').valueTypeId; }],
  ['PRIMARY_KEY_CHANGED', (o) => { ot(o, 'Flight').primaryKey = 'gate'; }],
  ['CARDINALITY_NARROWED', (o) => { must(o.linkTypes.crewOf).cardinality = 'ONE_TO_ONE'; }],
  ['CARDINALITY_WIDENED', (o) => { must(o.linkTypes.crewOf).cardinality = 'MANY_TO_MANY'; delete must(o.linkTypes.crewOf).foreignKeyPropertyId; }],
  ['LINK_END_CHANGED', (o) => { must(o.linkTypes.crewOf).toObjectTypeId = 'Crew'; }],
  ['DEPRECATED', (o) => { ot(o, 'Flight').status = 'deprecated'; }],
  ['STATUS_CHANGED', (o) => { ot(o, 'Crew').status = 'active'; }],
  ['INTERFACE_IMPLEMENTED', (o) => { ot(o, 'Crew').implements = ['Named']; }],
  ['INTERFACE_DROPPED', (o) => { ot(o, 'Flight').implements = []; }],
  ['INTERFACE_REQUIREMENT_ADDED', (o) => { must(o.interfaces.Named).properties.push('sp2'); }],
  ['INTERFACE_REQUIREMENT_REMOVED', (o) => { must(o.interfaces.Named).properties = []; }],
  ['PII_RAISED', (o) => { prop(o, 'Flight', 'crew').pii = 'sensitive'; }],
  ['PII_LOWERED', (o) => { prop(o, 'Flight', 'crew').pii = 'none'; }],
  ['DOCUMENTATION_CHANGED', (o) => { ot(o, 'Flight').description = 'Flights.'; ot(o, 'Flight').displayName = 'Flight'; }],
  ['ORDER_CHANGED', (o) => { prop(o, 'Flight', 'gate').order = '0'; }],
  ['METADATA_CHANGED', (o) => { o.meta.owner = 'ops'; }],
  ['FOREIGN_KEY_CHANGED', (o) => { delete must(o.linkTypes.crewOf).foreignKeyPropertyId; }],
  ['MADE_OPTIONAL', (o) => { prop(o, 'Flight', 'fno').required = true; }],
  ['SUPERTYPE_ADDED', (o) => { ot(o, 'Crew').supertypes = ['Flight']; }],
  ['SUPERTYPE_ADDED_REQUIRED_PROPERTIES', (o) => { prop(o, 'Flight', 'seats').required = true; ot(o, 'Crew').supertypes = ['Flight']; }],
  ['SUPERTYPE_REMOVED', (o) => { delete ot(o, 'Crew').supertypes; }],
  ['DISJOINTNESS_ADDED', (o) => { ot(o, 'Crew').disjointWith = ['Flight']; }],
  ['DISJOINTNESS_REMOVED', (o) => { delete ot(o, 'Crew').disjointWith; }],
  ['EQUIVALENCE_CHANGED', (o) => { ot(o, 'Flight').equivalentTo = ['https://schema.org/Flight']; }],
  ['SUBPROPERTY_CHANGED', (o) => { prop(o, 'Flight', 'seats').subPropertyOf = ['https://example.org/count']; }],
  ['ANNOTATIONS_CHANGED', (o) => { ot(o, 'Flight').annotations = { definition: [{ value: 'A scheduled trip.' }], synonym: [{ value: 'leg', scope: 'EXACT' }] }; }],
  ['LINK_COUNT_TIGHTENED', (o) => { must(o.linkTypes.crewOf).minCardinality = 1; }],
  ['LINK_COUNT_LOOSENED', (o) => { delete must(o.linkTypes.crewOf).maxCardinality; }],
  ['FIELD_CHANGED', (o) => { o.actionTypes.a = { apiName: 'a', displayName: '', description: '', status: 'active', parameters: {}, rules: { r: { kind: 'createLink', order: 'a', linkTypeId: 'crewOf' } } }; }],
];

/** "Before" states for cases that undo something B does not have. */
const PREPARE: Partial<Record<ReasonCode, Mut>> = {
  BASE_TYPE_NARROWED: (o) => { prop(o, 'Flight', 'seats').baseType = { type: 'long' }; },
  SUPERTYPE_REMOVED: (o) => { ot(o, 'Crew').supertypes = ['Flight']; },
  DISJOINTNESS_REMOVED: (o) => { ot(o, 'Crew').disjointWith = ['Flight']; },
  LINK_COUNT_LOOSENED: (o) => { must(o.linkTypes.crewOf).maxCardinality = 1; },
};

describe('change analysis', () => {
  it('has a case for every reason code', () => {
    expect(new Set(cases.map(([r]) => r))).toEqual(new Set(Object.keys(REASONS)));
  });

  it.each(cases)('%s', (reason, mut) => {
    // MADE_OPTIONAL and FIELD_CHANGED read the change backwards from a prepared "after" state.
    const backwards = reason === 'MADE_OPTIONAL' || reason === 'FIELD_CHANGED';
    const prepare = PREPARE[reason];
    let before = prepare ? edit(B, prepare) : B;
    let after = edit(before, mut);
    if (backwards) [before, after] = [after, reason === 'FIELD_CHANGED' ? edit(after, (o) => { must(must(o.actionTypes.a).rules.r).kind = 'deleteLink'; }) : B];
    const report = analyzeChanges(before, after);
    const hit = report.changes.find((c) => c.reason === reason);
    expect(hit, JSON.stringify(report.changes.map((c) => c.reason))).toBeDefined();
    expect(hit?.compatibility).toBe(REASONS[reason]);
    expect(hit?.message.length).toBeGreaterThan(5);
  });

  it('a supertype change says what consumers lose or gain; annotation edits are one compatible line', () => {
    const withHierarchy = edit(B, (o) => { ot(o, 'Crew').supertypes = ['Flight']; });
    const removed = analyzeChanges(withHierarchy, B);
    expect(removed.changes.map((c) => [c.reason, c.compatibility, c.message])).toEqual([
      ['SUPERTYPE_REMOVED', 'INCOMPATIBLE', 'Crew is no longer a Flight: uses of it as one, and its inherited properties, break'],
    ]);
    expect(removed.bump).toBe('major');
    expect(analyzeChanges(B, withHierarchy).bump).toBe('minor');
    const notes = analyzeChanges(B, edit(B, (o) => {
      ot(o, 'Flight').annotations = { definition: [{ value: 'd' }], comment: [{ value: 'c' }] };
      o.annotations = { comment: [{ value: 'ontology' }] };
    }));
    expect(notes.changes.map((c) => `${c.reason} ${c.message}`)).toEqual(['METADATA_CHANGED ontology annotations/comment changed', 'ANNOTATIONS_CHANGED Flight: annotations comment, definition changed']);
    expect(notes.bump).toBe('patch');
  });

  it('folds children into the addition or removal of their owner', () => {
    const r = analyzeChanges(B, edit(B, (o) => { delete o.objectTypes.Crew; delete o.linkTypes.crewOf; }));
    expect(r.changes.map((c) => `${c.reason} ${c.label}`)).toEqual(['ELEMENT_REMOVED Crew', 'ELEMENT_REMOVED crewOf']);
  });

  it('implies the SemVer bump of the worst change', () => {
    expect(analyzeChanges(B, B).bump).toBe('none');
    expect(analyzeChanges(B, edit(B, (o) => { ot(o, 'Flight').description = 'x'; })).bump).toBe('patch');
    expect(analyzeChanges(B, edit(B, (o) => { prop(o, 'Flight', 'seats').baseType = { type: 'long' }; })).bump).toBe('minor');
    expect(analyzeChanges(B, edit(B, (o) => { vt(o).min = 1; })).bump).toBe('major');
    expect(analyzeChanges(B, edit(B, (o) => { delete ot(o, 'Flight').properties.dep; })).bump).toBe('major');
  });

  it('writes a Markdown changelog with breaking changes first, then by kind', () => {
    const after = edit(B, (o) => {
      delete ot(o, 'Flight').properties.dep;
      prop(o, 'Flight', 'seats').baseType = { type: 'long' };
      o.objectTypes.Gate = { ...ot(o, 'Crew'), apiName: 'Gate' };
      ot(o, 'Crew').description = 'People on board';
    });
    const md = formatChangelog(analyzeChanges(B, after), { title: 'v2.0.0' });
    expect(md).toContain('## v2.0.0');
    expect(md).toContain('Version bump: **major**');
    const breaking = md.indexOf('### Breaking changes');
    expect(breaking).toBeGreaterThan(0);
    expect(md.indexOf('property Flight.dep removed')).toBeGreaterThan(breaking);
    expect(md.indexOf('### Object types')).toBeGreaterThan(md.indexOf('property Flight.dep removed'));
    expect(md).toContain('- objectType Gate added (ELEMENT_ADDED)');
    expect(md).toMatch(/### Properties\n\n- Flight.seats: base type widened integer → long/);
    expect(formatChangelog(analyzeChanges(B, B), { title: 'x' })).toContain('No changes.');
  });
});

describe('versions', () => {
  it('bumps and formats', () => {
    const v = parseVersion('v1.4.2');
    expect(formatVersion(bumpVersion(v, 'major'))).toBe('2.0.0');
    expect(formatVersion(bumpVersion(v, 'minor'))).toBe('1.5.0');
    expect(formatVersion(bumpVersion(v, 'patch'))).toBe('1.4.3');
    expect(() => parseVersion('1.2')).toThrow(OmsError);
  });

  it('refuses a version that understates the changes or is not newer', () => {
    const last = parseVersion('1.4.2');
    const code = (f: () => void): string | undefined => {
      try { f(); return undefined; } catch (err) { return (err as OmsError).code; }
    };
    expect(code(() => checkRequestedVersion(last, parseVersion('1.5.0'), 'major'))).toBe('VERSION_UNDERSTATES_CHANGES');
    expect(code(() => checkRequestedVersion(last, parseVersion('1.4.3'), 'minor'))).toBe('VERSION_UNDERSTATES_CHANGES');
    expect(code(() => checkRequestedVersion(last, parseVersion('1.4.2'), 'patch'))).toBe('VERSION_NOT_NEWER');
    expect(code(() => checkRequestedVersion(last, parseVersion('2.0.0'), 'major'))).toBeUndefined();
    expect(code(() => checkRequestedVersion(last, parseVersion('3.0.0'), 'patch'))).toBeUndefined();
    expect(code(() => checkRequestedVersion(undefined, parseVersion('0.1.0'), 'major'))).toBeUndefined();
  });
});
