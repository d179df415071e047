/**
 * Merge scenarios as a table (base, ours, theirs → expected conflicts, auto-resolutions and result
 * fields), in the style of Excalidraw's reconciliation tables. Every conflict code and every
 * shipped rule appears at least once.
 */
import { describe, expect, it } from 'vitest';
import { conflictId, isApplicable, merge3, preferSide, type MergeOptions, type MergeResult } from '../../core/merge';
import { getIn } from '../../core/diff';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import type { OmsError } from '../../core/errors';
import { edit, must, ont } from './merge.build';

const B = ont({
  name: 'Air',
  objectTypes: {
    Flight: { primaryKey: 'fno', description: 'A scheduled flight', properties: { fno: {}, dep: { t: 'date' }, seats: { t: 'integer' }, gate: {}, fare: { t: 'double' } } },
    Crew: { primaryKey: 'cid', properties: { cid: {}, name: {} } },
    Airport: { primaryKey: 'code', properties: { code: { valueTypeId: 'Iata' } } },
  },
  linkTypes: {
    crewOf: { from: 'Crew', to: 'Flight', cardinality: 'MANY_TO_MANY' },
    departsFrom: { from: 'Flight', to: 'Airport', cardinality: 'MANY_TO_ONE' },
  },
  interfaces: { Tracked: { properties: ['sp1'] }, Named: {} },
  sharedProperties: { sp1: { t: 'timestamp' }, sp2: {} },
  valueTypes: {
    Iata: { constraints: { regex: '^[A-Z]{3}$', minLength: 3, maxLength: 3 } },
    Pct: { t: 'integer', constraints: { min: 0, max: 100, enum: [0, 50, 100] } },
  },
  structTypes: { Money: { fields: { amount: { t: 'decimal' }, cur: {} } } },
  actionTypes: {
    cancel: {
      parameters: { f: { apiName: 'flight', baseType: { type: 'string' }, objectTypeId: 'Flight', order: 'a' }, why: { apiName: 'why', baseType: { type: 'string' }, order: 'b' } },
      rules: { r1: { kind: 'modifyObject', order: 'a', objectTypeId: 'Flight', objectParameterId: 'f', values: {} } },
    },
  },
});

type Mut = (o: Ontology) => void;
const ot = (o: Ontology, id: string) => must(o.objectTypes[id], id);
const prop = (o: Ontology, t: string, p: string) => must(ot(o, t).properties[p], `${t}.${p}`);
const newType = (o: Ontology, id: string, apiName: string): void => {
  o.objectTypes[id] = { ...ot(B, 'Crew'), apiName, primaryKey: `${id}k`, properties: { [`${id}k`]: { ...prop(B, 'Crew', 'cid'), apiName: 'key' } } };
};
const noop: Mut = () => undefined;
/** Move a property to another owner, keeping its id (what the editor's move does). */
const move = (from: string, to: string, p: string): Mut => (o) => {
  ot(o, to).properties[p] = prop(o, from, p);
  delete ot(o, from).properties[p];
};

interface Row {
  name: string;
  ours: Mut;
  theirs: Mut;
  options?: MergeOptions;
  /** Unresolved conflicts as `CODE path` (exact, in order). */
  conflicts?: string[];
  severities?: string[];
  /** Auto-resolved conflicts as `CODE rule`. */
  auto?: string[];
  /** Manually resolved conflicts as `CODE`. */
  manual?: string[];
  /** Expected values at paths of the result; `undefined` = absent. */
  result?: Record<string, unknown>;
}

const id = (code: Parameters<typeof conflictId>[0], path: string) => conflictId(code, path.split('/'));

const rows: Row[] = [
  // ── clean merges ────────────────────────────────────────────────────────────────────────────
  { name: 'rename on one side, edit on the other (by id, not by name)', ours: (o) => { ot(o, 'Flight').apiName = 'Leg'; }, theirs: (o) => { ot(o, 'Flight').displayName = 'Flight leg'; },
    result: { 'objectTypes/Flight/apiName': 'Leg', 'objectTypes/Flight/displayName': 'Flight leg' } },
  { name: 'property renamed by ours, made required by theirs', ours: (o) => { prop(o, 'Flight', 'seats').apiName = 'capacity'; }, theirs: (o) => { prop(o, 'Flight', 'seats').required = true; },
    result: { 'objectTypes/Flight/properties/seats/apiName': 'capacity', 'objectTypes/Flight/properties/seats/required': true } },
  { name: 'both add different properties to one type', ours: (o) => { ot(o, 'Crew').properties.rank = { ...prop(o, 'Crew', 'name'), apiName: 'rank', order: 'x' }; }, theirs: (o) => { ot(o, 'Crew').properties.base = { ...prop(o, 'Crew', 'name'), apiName: 'homeBase', order: 'y' }; },
    result: { 'objectTypes/Crew/properties/rank/apiName': 'rank', 'objectTypes/Crew/properties/base/apiName': 'homeBase' } },
  { name: 'both add different object types', ours: (o) => newType(o, 'Gate', 'Gate'), theirs: (o) => newType(o, 'Plane', 'Aircraft'),
    result: { 'objectTypes/Gate/apiName': 'Gate', 'objectTypes/Plane/apiName': 'Aircraft' } },
  { name: 'the same change on both sides is no conflict', ours: (o) => { prop(o, 'Flight', 'gate').pii = 'personal'; }, theirs: (o) => { prop(o, 'Flight', 'gate').pii = 'personal'; },
    result: { 'objectTypes/Flight/properties/gate/pii': 'personal' } },
  { name: 'deleted on one side, untouched on the other', ours: (o) => { delete o.linkTypes.crewOf; }, theirs: noop, result: { 'linkTypes/crewOf': undefined } },
  { name: 'deleted on both sides', ours: (o) => { delete o.linkTypes.crewOf; }, theirs: (o) => { delete o.linkTypes.crewOf; }, result: { 'linkTypes/crewOf': undefined } },
  { name: 'implements: both add an interface (set merge)', ours: (o) => { ot(o, 'Crew').implements.push('Named'); }, theirs: (o) => { ot(o, 'Crew').implements.push('Tracked'); },
    result: { 'objectTypes/Crew/implements': ['Named', 'Tracked'] } },
  { name: 'implements: a removal on one side and an addition on the other both hold', ours: (o) => { ot(o, 'Flight').implements = []; }, theirs: (o) => { ot(o, 'Flight').implements.push('Tracked'); },
    result: { 'objectTypes/Flight/implements': ['Tracked'] } },
  { name: 'disjoint constraints of one value type combine', ours: (o) => { must(o.valueTypes.Pct).constraints.min = 1; }, theirs: (o) => { must(o.valueTypes.Pct).constraints.max = 99; },
    result: { 'valueTypes/Pct/constraints/min': 1, 'valueTypes/Pct/constraints/max': 99 } },
  { name: 'header: name on one side, meta on the other', ours: (o) => { o.name = 'Airline'; }, theirs: (o) => { o.meta.baseIri = 'https://air/'; },
    result: { name: 'Airline', 'meta/baseIri': 'https://air/' } },
  { name: 'moves of different properties combine', ours: (o) => { prop(o, 'Flight', 'gate').order = '0'; }, theirs: (o) => { prop(o, 'Flight', 'fare').order = 'zz'; },
    result: { 'objectTypes/Flight/properties/gate/order': '0', 'objectTypes/Flight/properties/fare/order': 'zz' } },
  { name: 'a property deleted on one side, another edited on the other', ours: (o) => { delete ot(o, 'Flight').properties.gate; }, theirs: (o) => { prop(o, 'Flight', 'fare').required = true; },
    result: { 'objectTypes/Flight/properties/gate': undefined, 'objectTypes/Flight/properties/fare/required': true } },
  { name: 'action value mappings with disjoint keys combine', ours: (o) => { (must(must(o.actionTypes.cancel).rules.r1) as { values: Record<string, string> }).values.gate = 'why'; },
    theirs: (o) => { (must(must(o.actionTypes.cancel).rules.r1) as { values: Record<string, string> }).values.fare = 'why'; },
    result: { 'actionTypes/cancel/rules/r1/values': { gate: 'why', fare: 'why' } } },
  { name: 'a new element added identically on both sides', ours: (o) => newType(o, 'Gate', 'Gate'), theirs: (o) => newType(o, 'Gate', 'Gate'), result: { 'objectTypes/Gate/apiName': 'Gate' } },

  { name: 'supertypes: both add a supertype (set merge)', ours: (o) => { ot(o, 'Crew').supertypes = ['Flight']; }, theirs: (o) => { ot(o, 'Crew').supertypes = ['Airport']; },
    result: { 'objectTypes/Crew/supertypes': ['Airport', 'Flight'] } },
  { name: 'supertypes: added on one side only', ours: (o) => { ot(o, 'Crew').supertypes = ['Flight']; }, theirs: noop,
    result: { 'objectTypes/Crew/supertypes': ['Flight'] } },
  { name: 'interface extends: one side adds, the other removes another (three-way set)', ours: (o) => { must(o.interfaces.Tracked).extends = ['Named']; }, theirs: noop,
    result: { 'interfaces/Tracked/extends': ['Named'] } },
  { name: 'an extends cycle one side already has is that side\'s, not a merge conflict', ours: (o) => { must(o.interfaces.Tracked).extends = ['Named']; must(o.interfaces.Named).extends = ['Tracked']; }, theirs: noop },

  // ── conflicts ───────────────────────────────────────────────────────────────────────────────
  { name: 'FIELD_CONFLICT: pii set two ways', ours: (o) => { prop(o, 'Crew', 'name').pii = 'personal'; }, theirs: (o) => { prop(o, 'Crew', 'name').pii = 'sensitive'; },
    conflicts: ['FIELD_CONFLICT objectTypes/Crew/properties/name/pii'], severities: ['ERROR'], result: { 'objectTypes/Crew/properties/name/pii': 'personal' } },
  { name: 'FIELD_CONFLICT: renamed two ways', ours: (o) => { ot(o, 'Flight').apiName = 'Leg'; }, theirs: (o) => { ot(o, 'Flight').apiName = 'Trip'; },
    conflicts: ['FIELD_CONFLICT objectTypes/Flight/apiName'], severities: ['ERROR'] },
  { name: 'FIELD_CONFLICT: display names are a warning', ours: (o) => { ot(o, 'Crew').displayName = 'Crew member'; }, theirs: (o) => { ot(o, 'Crew').displayName = 'Staff'; },
    conflicts: ['FIELD_CONFLICT objectTypes/Crew/displayName'], severities: ['WARN'] },
  { name: 'FIELD_CONFLICT: ontology name (header)', ours: (o) => { o.name = 'A'; }, theirs: (o) => { o.name = 'B'; }, conflicts: ['FIELD_CONFLICT name'], severities: ['WARN'] },
  { name: 'FIELD_CONFLICT: same new id added with different values has no base candidate', ours: (o) => newType(o, 'Gate', 'Gate'), theirs: (o) => newType(o, 'Gate', 'Door'),
    conflicts: ['FIELD_CONFLICT objectTypes/Gate/apiName'] },
  { name: 'DELETE_MODIFY: deleted by ours, edited by theirs', ours: (o) => { delete o.linkTypes.crewOf; }, theirs: (o) => { must(o.linkTypes.crewOf).displayName = 'works on'; },
    conflicts: ['DELETE_MODIFY linkTypes/crewOf'], severities: ['ERROR'], result: { 'linkTypes/crewOf/displayName': 'works on' } },
  { name: 'DELETE_MODIFY: a type deleted while the other side edits one of its properties', ours: (o) => { prop(o, 'Crew', 'name').required = true; }, theirs: (o) => { delete o.objectTypes.Crew; delete o.linkTypes.crewOf; },
    conflicts: ['DELETE_MODIFY objectTypes/Crew'], result: { 'objectTypes/Crew/properties/name/required': true } },
  { name: 'DELETE_MODIFY: nested property deleted vs renamed', ours: (o) => { delete ot(o, 'Flight').properties.gate; }, theirs: (o) => { prop(o, 'Flight', 'gate').apiName = 'boardingGate'; },
    conflicts: ['DELETE_MODIFY objectTypes/Flight/properties/gate'] },
  { name: 'APINAME_COLLISION: two new types with one name', ours: (o) => newType(o, 'G1', 'Gate'), theirs: (o) => newType(o, 'G2', 'Gate'),
    conflicts: ['APINAME_COLLISION objectTypes/@apiName/gate'], severities: ['BLOCK'] },
  { name: 'APINAME_COLLISION: a rename meets a new element', ours: (o) => { ot(o, 'Crew').apiName = 'Staff'; }, theirs: (o) => newType(o, 'S', 'Staff'),
    conflicts: ['APINAME_COLLISION objectTypes/@apiName/staff'] },
  { name: 'APINAME_COLLISION: names differing only in case collide, as validation sees them', ours: (o) => newType(o, 'G1', 'Gate'), theirs: (o) => newType(o, 'G2', 'GATE'),
    conflicts: ['APINAME_COLLISION objectTypes/@apiName/gate'] },
  { name: 'APINAME_COLLISION: two new properties with one name in one type', ours: (o) => { ot(o, 'Flight').properties.t1 = { ...prop(o, 'Flight', 'gate'), apiName: 'tail', order: 'x' }; },
    theirs: (o) => { ot(o, 'Flight').properties.t2 = { ...prop(o, 'Flight', 'gate'), apiName: 'tail', order: 'y' }; },
    conflicts: ['APINAME_COLLISION objectTypes/Flight/properties/@apiName/tail'] },
  { name: 'same apiName in different scopes is fine', ours: (o) => { ot(o, 'Crew').properties.t1 = { ...prop(o, 'Crew', 'name'), apiName: 'tail', order: 'x' }; },
    theirs: (o) => { ot(o, 'Flight').properties.t2 = { ...prop(o, 'Flight', 'gate'), apiName: 'tail', order: 'y' }; } },
  { name: 'DANGLING_REFERENCE: a new link to a type the other side deleted', ours: (o) => { delete o.objectTypes.Airport; delete o.linkTypes.departsFrom; },
    theirs: (o) => { o.linkTypes.base = { ...must(o.linkTypes.departsFrom), apiName: 'homeBase', fromObjectTypeId: 'Crew' }; },
    conflicts: ['DANGLING_REFERENCE linkTypes/base/toObjectTypeId'], severities: ['BLOCK'] },
  { name: 'DANGLING_REFERENCE: value type deleted, newly used by the other side', ours: (o) => { prop(o, 'Flight', 'seats').valueTypeId = 'Pct'; }, theirs: (o) => { delete o.valueTypes.Pct; },
    conflicts: ['DANGLING_REFERENCE objectTypes/Flight/properties/seats/valueTypeId'] },
  { name: 'DANGLING_REFERENCE: interface deleted, newly implemented', ours: (o) => { delete o.interfaces.Named; }, theirs: (o) => { ot(o, 'Crew').implements.push('Named'); },
    conflicts: ['DANGLING_REFERENCE objectTypes/Crew/implements/Named'] },
  { name: 'DANGLING_REFERENCE: primary key set to a property the other side deleted', ours: (o) => { ot(o, 'Flight').primaryKey = 'gate'; }, theirs: (o) => { delete ot(o, 'Flight').properties.gate; },
    conflicts: ['DANGLING_REFERENCE objectTypes/Flight/primaryKey'] },
  { name: 'DANGLING_REFERENCE: struct deleted, used as a base type', ours: (o) => { delete o.structTypes.Money; }, theirs: (o) => { prop(o, 'Flight', 'fare').baseType = { type: 'struct', structTypeId: 'Money' }; },
    conflicts: ['DANGLING_REFERENCE objectTypes/Flight/properties/fare/baseType'] },
  { name: 'DANGLING_REFERENCE: shared property deleted, required by an interface', ours: (o) => { must(o.interfaces.Named).properties.push('sp2'); }, theirs: (o) => { delete o.sharedProperties.sp2; },
    conflicts: ['DANGLING_REFERENCE interfaces/Named/properties/sp2'] },
  { name: 'a reference under an open field conflict is judged only once the field is settled', ours: (o) => { prop(o, 'Flight', 'seats').valueTypeId = 'Pct'; },
    theirs: (o) => { prop(o, 'Flight', 'seats').valueTypeId = 'Iata'; delete o.valueTypes.Pct; },
    conflicts: ['FIELD_CONFLICT objectTypes/Flight/properties/seats/valueTypeId'] },
  { name: 'DANGLING_REFERENCE appears when the field is settled for the side whose target is gone',
    options: { resolutions: { [id('FIELD_CONFLICT', 'objectTypes/Flight/properties/seats/valueTypeId')]: { pick: 'ours' } } },
    ours: (o) => { prop(o, 'Flight', 'seats').valueTypeId = 'Pct'; }, theirs: (o) => { prop(o, 'Flight', 'seats').valueTypeId = 'Iata'; delete o.valueTypes.Pct; },
    manual: ['FIELD_CONFLICT'], conflicts: ['DANGLING_REFERENCE objectTypes/Flight/properties/seats/valueTypeId'] },
  { name: 'CARDINALITY_CONFLICT', ours: (o) => { must(o.linkTypes.departsFrom).cardinality = 'ONE_TO_ONE'; }, theirs: (o) => { must(o.linkTypes.departsFrom).cardinality = 'MANY_TO_MANY'; },
    conflicts: ['CARDINALITY_CONFLICT linkTypes/departsFrom/cardinality'], severities: ['ERROR'] },
  { name: 'BASE_TYPE_CONFLICT between unrelated types stays open', ours: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'integer' }; }, theirs: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'boolean' }; },
    conflicts: ['BASE_TYPE_CONFLICT objectTypes/Flight/properties/gate/baseType'], severities: ['ERROR'] },
  { name: 'ORDER_CONFLICT: one property moved two ways', ours: (o) => { prop(o, 'Flight', 'gate').order = '0'; }, theirs: (o) => { prop(o, 'Flight', 'gate').order = 'zz'; },
    conflicts: ['ORDER_CONFLICT objectTypes/Flight/properties/gate/order'], severities: ['INFO'] },

  // ── rules ───────────────────────────────────────────────────────────────────────────────────
  { name: 'type widening: integer→long vs integer→double gives double', ours: (o) => { prop(o, 'Flight', 'seats').baseType = { type: 'long' }; }, theirs: (o) => { prop(o, 'Flight', 'seats').baseType = { type: 'double' }; },
    auto: ['BASE_TYPE_CONFLICT type-widening'], result: { 'objectTypes/Flight/properties/seats/baseType': { type: 'double' } } },
  { name: 'type widening: date and timestamp give timestamp', ours: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'date' }; }, theirs: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'timestamp' }; },
    auto: ['BASE_TYPE_CONFLICT type-widening'], result: { 'objectTypes/Flight/properties/gate/baseType': { type: 'timestamp' } } },
  { name: 'type widening: element-wise for arrays', ours: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'array', items: { type: 'integer' } }; }, theirs: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'array', items: { type: 'long' } }; },
    auto: ['BASE_TYPE_CONFLICT type-widening'], result: { 'objectTypes/Flight/properties/gate/baseType': { type: 'array', items: { type: 'long' } } } },
  { name: 'type widening never narrows below base', ours: (o) => { prop(o, 'Flight', 'fare').baseType = { type: 'integer' }; }, theirs: (o) => { prop(o, 'Flight', 'fare').baseType = { type: 'long' }; },
    conflicts: ['BASE_TYPE_CONFLICT objectTypes/Flight/properties/fare/baseType'] },
  { name: 'type widening: one side keeps base, the other narrows: no conflict, the change is taken', ours: noop, theirs: (o) => { prop(o, 'Flight', 'fare').baseType = { type: 'integer' }; },
    result: { 'objectTypes/Flight/properties/fare/baseType': { type: 'integer' } } },
  { name: 'constraint union: enum values united', ours: (o) => { must(o.valueTypes.Pct).constraints.enum = [0, 25, 50, 100]; }, theirs: (o) => { must(o.valueTypes.Pct).constraints.enum = [0, 50, 75, 100]; },
    auto: ['FIELD_CONFLICT constraint-union'], result: { 'valueTypes/Pct/constraints/enum': [0, 25, 50, 100, 75] } },
  { name: 'constraint union: enum is three-way (a value one side removed stays removed)', ours: (o) => { must(o.valueTypes.Pct).constraints.enum = [0, 100]; }, theirs: (o) => { must(o.valueTypes.Pct).constraints.enum = [0, 50, 100, 75]; },
    auto: ['FIELD_CONFLICT constraint-union'], result: { 'valueTypes/Pct/constraints/enum': [0, 100, 75] } },
  { name: 'constraint union: removals on both sides that leave no value stay a conflict', ours: (o) => { must(o.valueTypes.Pct).constraints.enum = [0]; }, theirs: (o) => { must(o.valueTypes.Pct).constraints.enum = [50]; },
    conflicts: ['FIELD_CONFLICT valueTypes/Pct/constraints/enum'], severities: ['ERROR'] },
  { name: 'constraint union: looser min and max', ours: (o) => { Object.assign(must(o.valueTypes.Pct).constraints, { min: 10, max: 90 }); }, theirs: (o) => { Object.assign(must(o.valueTypes.Pct).constraints, { min: 5, max: 200 }); },
    auto: ['FIELD_CONFLICT constraint-union', 'FIELD_CONFLICT constraint-union'], result: { 'valueTypes/Pct/constraints/min': 5, 'valueTypes/Pct/constraints/max': 200 } },
  { name: 'constraint union: a dropped bound is the loosest', ours: (o) => { delete must(o.valueTypes.Pct).constraints.max; }, theirs: (o) => { must(o.valueTypes.Pct).constraints.max = 50; },
    auto: ['FIELD_CONFLICT constraint-union'], result: { 'valueTypes/Pct/constraints/max': undefined } },
  { name: 'constraint union: lengths', ours: (o) => { Object.assign(must(o.valueTypes.Iata).constraints, { minLength: 2, maxLength: 4 }); }, theirs: (o) => { Object.assign(must(o.valueTypes.Iata).constraints, { minLength: 1, maxLength: 2 }); },
    auto: ['FIELD_CONFLICT constraint-union', 'FIELD_CONFLICT constraint-union'], result: { 'valueTypes/Iata/constraints/minLength': 1, 'valueTypes/Iata/constraints/maxLength': 4 } },
  { name: 'constraint union leaves different regexes to a human', ours: (o) => { must(o.valueTypes.Iata).constraints.regex = '^[A-Z]{3,4}$'; }, theirs: (o) => { must(o.valueTypes.Iata).constraints.regex = '^[A-Za-z]{3}$'; },
    conflicts: ['FIELD_CONFLICT valueTypes/Iata/constraints/regex'] },
  { name: 'description concatenation with markers', ours: (o) => { ot(o, 'Flight').description = 'Ours.'; }, theirs: (o) => { ot(o, 'Flight').description = 'Theirs.'; },
    auto: ['FIELD_CONFLICT description-concat'], result: { 'objectTypes/Flight/description': '<<<<<<< ours\nOurs.\n=======\nTheirs.\n>>>>>>> theirs' } },
  { name: 'description concatenation of a cleared and an edited text keeps the text', ours: (o) => { ot(o, 'Flight').description = ''; }, theirs: (o) => { ot(o, 'Flight').description = 'Longer text.'; },
    auto: ['FIELD_CONFLICT description-concat'], result: { 'objectTypes/Flight/description': 'Longer text.' } },
  { name: 'prefer ours under a path prefix, others stay open', options: { rules: [preferSide({ ours: ['valueTypes'] })] },
    ours: (o) => { must(o.valueTypes.Iata).constraints.regex = 'a'; prop(o, 'Crew', 'name').pii = 'personal'; }, theirs: (o) => { must(o.valueTypes.Iata).constraints.regex = 'b'; prop(o, 'Crew', 'name').pii = 'sensitive'; },
    auto: ['FIELD_CONFLICT prefer-side'], conflicts: ['FIELD_CONFLICT objectTypes/Crew/properties/name/pii'], result: { 'valueTypes/Iata/constraints/regex': 'a' } },
  { name: 'prefer theirs: the longest prefix wins', options: { rules: [preferSide({ ours: ['objectTypes'], theirs: ['objectTypes/Crew'] })] },
    ours: (o) => { prop(o, 'Crew', 'name').pii = 'personal'; ot(o, 'Flight').apiName = 'Leg'; }, theirs: (o) => { prop(o, 'Crew', 'name').pii = 'sensitive'; ot(o, 'Flight').apiName = 'Trip'; },
    auto: ['FIELD_CONFLICT prefer-side', 'FIELD_CONFLICT prefer-side'], result: { 'objectTypes/Crew/properties/name/pii': 'sensitive', 'objectTypes/Flight/apiName': 'Leg' } },

  // ── manual resolutions ──────────────────────────────────────────────────────────────────────
  { name: 'manual: theirs for a field conflict, overriding a rule', options: { resolutions: { [id('FIELD_CONFLICT', 'objectTypes/Flight/description')]: { pick: 'base' } } },
    ours: (o) => { ot(o, 'Flight').description = 'Ours.'; }, theirs: (o) => { ot(o, 'Flight').description = 'Theirs.'; },
    manual: ['FIELD_CONFLICT'], result: { 'objectTypes/Flight/description': 'A scheduled flight' } },
  { name: 'manual: custom base type goes through the schema', options: { resolutions: { [id('BASE_TYPE_CONFLICT', 'objectTypes/Flight/properties/gate/baseType')]: { pick: 'custom', value: { type: 'string' } } } },
    ours: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'integer' }; }, theirs: (o) => { prop(o, 'Flight', 'gate').baseType = { type: 'boolean' }; },
    manual: ['BASE_TYPE_CONFLICT'], result: { 'objectTypes/Flight/properties/gate/baseType': { type: 'string' } } },
  { name: 'manual: delete/modify settled for the modifying side', options: { resolutions: { [id('DELETE_MODIFY', 'linkTypes/crewOf')]: { pick: 'theirs' } } },
    ours: (o) => { delete o.linkTypes.crewOf; }, theirs: (o) => { must(o.linkTypes.crewOf).displayName = 'works on'; },
    manual: ['DELETE_MODIFY'], result: { 'linkTypes/crewOf/displayName': 'works on' } },
  { name: 'manual: collision won by ours drops theirs\' new element', options: { resolutions: { [id('APINAME_COLLISION', 'objectTypes/@apiName/gate')]: { pick: 'ours' } } },
    ours: (o) => newType(o, 'G1', 'Gate'), theirs: (o) => newType(o, 'G2', 'Gate'),
    manual: ['APINAME_COLLISION'], result: { 'objectTypes/G1/apiName': 'Gate', 'objectTypes/G2': undefined } },
  { name: 'manual: collision won by theirs reverts ours\' rename', options: { resolutions: { [id('APINAME_COLLISION', 'objectTypes/@apiName/staff')]: { pick: 'theirs' } } },
    ours: (o) => { ot(o, 'Crew').apiName = 'Staff'; }, theirs: (o) => newType(o, 'S', 'Staff'),
    manual: ['APINAME_COLLISION'], result: { 'objectTypes/Crew/apiName': 'Crew', 'objectTypes/S/apiName': 'Staff' } },
  { name: 'manual: collision settled by new names', options: { resolutions: { [id('APINAME_COLLISION', 'objectTypes/@apiName/gate')]: { pick: 'custom', value: { G2: 'Door' } } } },
    ours: (o) => newType(o, 'G1', 'Gate'), theirs: (o) => newType(o, 'G2', 'Gate'),
    manual: ['APINAME_COLLISION'], result: { 'objectTypes/G1/apiName': 'Gate', 'objectTypes/G2/apiName': 'Door' } },
  { name: 'manual: dangling link settled for the deleting side removes the link', options: { resolutions: { [id('DANGLING_REFERENCE', 'linkTypes/base/toObjectTypeId')]: { pick: 'ours' } } },
    ours: (o) => { delete o.objectTypes.Airport; delete o.linkTypes.departsFrom; }, theirs: (o) => { o.linkTypes.base = { ...must(o.linkTypes.departsFrom), apiName: 'homeBase', fromObjectTypeId: 'Crew' }; },
    manual: ['DANGLING_REFERENCE'], result: { 'linkTypes/base': undefined, 'objectTypes/Airport': undefined } },
  { name: 'manual: dangling link settled for the referring side restores the target', options: { resolutions: { [id('DANGLING_REFERENCE', 'linkTypes/base/toObjectTypeId')]: { pick: 'theirs' } } },
    ours: (o) => { delete o.objectTypes.Airport; delete o.linkTypes.departsFrom; }, theirs: (o) => { o.linkTypes.base = { ...must(o.linkTypes.departsFrom), apiName: 'homeBase', fromObjectTypeId: 'Crew' }; },
    manual: ['DANGLING_REFERENCE'], result: { 'linkTypes/base/toObjectTypeId': 'Airport', 'objectTypes/Airport/apiName': 'Airport' } },
  { name: 'manual: dangling implements settled for the deleting side drops the member', options: { resolutions: { [id('DANGLING_REFERENCE', 'objectTypes/Crew/implements/Named')]: { pick: 'ours' } } },
    ours: (o) => { delete o.interfaces.Named; }, theirs: (o) => { ot(o, 'Crew').implements.push('Named', 'Tracked'); },
    manual: ['DANGLING_REFERENCE'], result: { 'objectTypes/Crew/implements': ['Tracked'] } },

  // ── nested elements moved between owners ─────────────────────────────────────────────────────
  { name: 'a property moved to different owners on each side is one conflict, not two copies', ours: move('Crew', 'Flight', 'name'), theirs: move('Crew', 'Airport', 'name'),
    conflicts: ['MOVE_CONFLICT @moved/property/name'], severities: ['BLOCK'] },
  { name: 'manual: a move conflict settled for theirs keeps only their placement', options: { resolutions: { [id('MOVE_CONFLICT', '@moved/property/name')]: { pick: 'theirs' } } },
    ours: move('Crew', 'Flight', 'name'), theirs: move('Crew', 'Airport', 'name'),
    manual: ['MOVE_CONFLICT'], result: { 'objectTypes/Airport/properties/name/apiName': 'name', 'objectTypes/Flight/properties/name': undefined, 'objectTypes/Crew/properties/name': undefined } },
  { name: 'a property moved on one side and edited in place on the other: delete/modify and the move', ours: move('Crew', 'Flight', 'name'), theirs: (o) => { prop(o, 'Crew', 'name').pii = 'personal'; },
    conflicts: ['DELETE_MODIFY objectTypes/Crew/properties/name', 'MOVE_CONFLICT @moved/property/name'] },
  { name: 'the same move on both sides is no conflict', ours: move('Crew', 'Flight', 'name'), theirs: move('Crew', 'Flight', 'name'),
    result: { 'objectTypes/Flight/properties/name/apiName': 'name', 'objectTypes/Crew/properties/name': undefined } },
  { name: 'CYCLE_CONFLICT: an extends cycle made only by combining the sides', ours: (o) => { must(o.interfaces.Tracked).extends = ['Named']; }, theirs: (o) => { must(o.interfaces.Named).extends = ['Tracked']; },
    conflicts: ['CYCLE_CONFLICT interfaces/Named/extends'], severities: ['BLOCK'] },
  { name: 'CYCLE_CONFLICT resolved with ours: theirs\' edge in the cycle is dropped', ours: (o) => { must(o.interfaces.Tracked).extends = ['Named']; }, theirs: (o) => { must(o.interfaces.Named).extends = ['Tracked']; },
    options: { resolutions: { [id('CYCLE_CONFLICT', 'interfaces/extends/Named/Tracked')]: { pick: 'ours' } } },
    manual: ['CYCLE_CONFLICT'], result: { 'interfaces/Tracked/extends': ['Named'], 'interfaces/Named/extends': [] } },
  { name: 'CYCLE_CONFLICT resolved with theirs', ours: (o) => { must(o.interfaces.Tracked).extends = ['Named']; }, theirs: (o) => { must(o.interfaces.Named).extends = ['Tracked']; },
    options: { resolutions: { [id('CYCLE_CONFLICT', 'interfaces/extends/Named/Tracked')]: { pick: 'theirs' } } },
    manual: ['CYCLE_CONFLICT'], result: { 'interfaces/Tracked/extends': [], 'interfaces/Named/extends': ['Tracked'] } },
];

function run(row: Row): MergeResult {
  return merge3(B, edit(B, row.ours), edit(B, row.theirs), row.options);
}

describe('merge scenarios', () => {
  it('has at least 40 scenarios covering every conflict code and rule', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const covered = new Set(rows.flatMap((r) => [...(r.conflicts ?? []), ...(r.auto ?? []), ...(r.manual ?? [])].map((s) => s.split(' ')[0])));
    for (const code of ['FIELD_CONFLICT', 'DELETE_MODIFY', 'APINAME_COLLISION', 'DANGLING_REFERENCE', 'CARDINALITY_CONFLICT', 'BASE_TYPE_CONFLICT', 'ORDER_CONFLICT', 'MOVE_CONFLICT', 'CYCLE_CONFLICT']) expect(covered).toContain(code);
    const rules = new Set(rows.flatMap((r) => (r.auto ?? []).map((s) => s.split(' ')[1])));
    for (const rule of ['type-widening', 'constraint-union', 'description-concat', 'prefer-side']) expect(rules).toContain(rule);
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const m = run(row);
    expect(m.conflicts.map((c) => `${c.code} ${c.path.join('/')}`)).toEqual(row.conflicts ?? []);
    if (row.severities) expect(m.conflicts.map((c) => c.severity)).toEqual(row.severities);
    expect(m.autoResolved.map((a) => `${a.conflict.code} ${a.rule}`)).toEqual(row.auto ?? []);
    expect(m.manual.map((a) => a.conflict.code)).toEqual(row.manual ?? []);
    expect(m.unknownResolutions).toEqual([]);
    for (const [path, value] of Object.entries(row.result ?? {})) expect(getIn(m.result, path.split('/')), path).toEqual(value);
    // The result is a canonical, schema-valid ontology, whatever was merged.
    expect(canonicalJson(parseOntology(JSON.parse(JSON.stringify(m.result))))).toBe(canonicalJson(m.result));
    // Conflict ids are stable across runs.
    expect(run(row).conflicts.map((c) => c.id)).toEqual(m.conflicts.map((c) => c.id));
  });
});

describe('merge resolutions', () => {
  const ours = edit(B, (o) => { prop(o, 'Crew', 'name').pii = 'personal'; });
  const theirs = edit(B, (o) => { prop(o, 'Crew', 'name').pii = 'sensitive'; });

  it('refuses a resolution the conflict does not accept', () => {
    const cid = id('DANGLING_REFERENCE', 'linkTypes/base/toObjectTypeId');
    const o = edit(B, (x) => { delete x.objectTypes.Airport; delete x.linkTypes.departsFrom; });
    const t = edit(B, (x) => { x.linkTypes.base = { ...must(x.linkTypes.departsFrom), fromObjectTypeId: 'Crew' }; });
    expect(() => merge3(B, o, t, { resolutions: { [cid]: { pick: 'base' } } })).toThrow(/cannot be resolved with "base"/);
  });

  it('refuses a custom value that is not a valid model value', () => {
    const cid = id('FIELD_CONFLICT', 'objectTypes/Crew/properties/name/pii');
    try {
      merge3(B, ours, theirs, { resolutions: { [cid]: { pick: 'custom', value: 'public' } } });
      expect.unreachable();
    } catch (err) {
      expect((err as OmsError).code).toBe('MODEL_INVALID');
    }
  });

  it('never applies a field both sides changed differently without a decision, whatever its severity', () => {
    const warn = merge3(B, edit(B, (o) => { ot(o, 'Crew').displayName = 'Crew member'; }), edit(B, (o) => { ot(o, 'Crew').displayName = 'Staff'; }));
    expect(warn.conflicts.map((c) => c.severity)).toEqual(['WARN']);
    expect(isApplicable(warn)).toBe(false);
    const order = merge3(B, edit(B, (o) => { prop(o, 'Flight', 'gate').order = '0'; }), edit(B, (o) => { prop(o, 'Flight', 'gate').order = 'zz'; }));
    expect(order.conflicts.map((c) => `${c.code} ${c.severity}`)).toEqual(['ORDER_CONFLICT INFO']);
    expect(isApplicable(order)).toBe(false);
    const decided = merge3(B, edit(B, (o) => { ot(o, 'Crew').displayName = 'Crew member'; }), edit(B, (o) => { ot(o, 'Crew').displayName = 'Staff'; }),
      { resolutions: { [id('FIELD_CONFLICT', 'objectTypes/Crew/displayName')]: { pick: 'theirs' } } });
    expect(isApplicable(decided)).toBe(true);
    expect(decided.result.objectTypes.Crew?.displayName).toBe('Staff');
  });

  it('a cycle conflict accepts only ours or theirs', () => {
    const o = edit(B, (x) => { must(x.interfaces.Tracked).extends = ['Named']; });
    const t = edit(B, (x) => { must(x.interfaces.Named).extends = ['Tracked']; });
    expect(() => merge3(B, o, t, { resolutions: { [id('CYCLE_CONFLICT', 'interfaces/extends/Named/Tracked')]: { pick: 'base' } } })).toThrow(/cannot be resolved with "base"/);
    expect(merge3(B, o, t).conflicts[0]?.message).toMatch(/Named extends Tracked \(theirs\), Tracked extends Named \(ours\)/);
  });

  it('reports resolution ids that match no conflict', () => {
    const m = merge3(B, ours, theirs, { resolutions: { nope: { pick: 'ours' } } });
    expect(m.unknownResolutions).toEqual(['nope']);
    expect(m.conflicts).toHaveLength(1);
  });

  it('does not touch its inputs', () => {
    const o = edit(B, (x) => { delete x.objectTypes.Airport; delete x.linkTypes.departsFrom; });
    const t = edit(B, (x) => { x.linkTypes.base = { ...must(x.linkTypes.departsFrom), fromObjectTypeId: 'Crew' }; });
    const before = [canonicalJson(B), canonicalJson(o), canonicalJson(t)];
    merge3(B, o, t, { resolutions: { [id('DANGLING_REFERENCE', 'linkTypes/base/toObjectTypeId')]: { pick: 'theirs' } } });
    expect([canonicalJson(B), canonicalJson(o), canonicalJson(t)]).toEqual(before);
  });
});
