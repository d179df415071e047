import { describe, expect, it } from 'vitest';
import { parseOntology, type Ontology } from '../../core/model';
import { ALL_CODES, DIAGNOSTIC_CODES, elementAtPath, NAMING, validate, type DiagnosticCode } from '../../core/validate';

/** Smallest ontology that uses every kind of reference and validates clean. */
const BASE = parseOntology({
  format: 'oms/1',
  name: 'Base',
  objectTypes: {
    'ot-a': {
      apiName: 'Aircraft', primaryKey: 'p-a-id', titleKey: 'p-a-name', implements: ['if-named'],
      properties: {
        'p-a-id': { apiName: 'id', baseType: { type: 'string' }, valueTypeId: 'vt-code', required: true, order: 'a' },
        'p-a-name': { apiName: 'name', baseType: { type: 'string' }, sharedPropertyId: 'sp-name', order: 'b' },
        'p-a-pos': { apiName: 'position', baseType: { type: 'geopoint' }, order: 'c' },
      },
    },
    'ot-b': {
      apiName: 'Flight', primaryKey: 'p-b-id', titleKey: 'p-b-id',
      properties: {
        'p-b-id': { apiName: 'id', baseType: { type: 'string' }, required: true, order: 'a' },
        'p-b-aircraft': { apiName: 'aircraftId', baseType: { type: 'string' }, order: 'b' },
        'p-b-price': { apiName: 'price', baseType: { type: 'array', items: { type: 'struct', structTypeId: 'st-money' } }, order: 'c' },
      },
    },
  },
  linkTypes: {
    'lt-fa': { apiName: 'flightAircraft', fromObjectTypeId: 'ot-b', toObjectTypeId: 'ot-a', cardinality: 'MANY_TO_ONE', foreignKeyPropertyId: 'p-b-aircraft' },
  },
  interfaces: { 'if-named': { apiName: 'Named', properties: ['sp-name'] } },
  sharedProperties: { 'sp-name': { apiName: 'name', baseType: { type: 'string' } } },
  valueTypes: { 'vt-code': { apiName: 'Code', baseType: { type: 'string' }, constraints: { regex: '^[A-Z]+$', enum: ['AB', 'CD'] } } },
  structTypes: { 'st-money': { apiName: 'Money', fields: { 'f-amount': { apiName: 'amount', baseType: { type: 'decimal' }, required: true, order: 'a' } } } },
  actionTypes: {
    'at-assign': {
      apiName: 'AssignAircraft',
      parameters: {
        'ap-flight': { apiName: 'flight', baseType: { type: 'string' }, objectTypeId: 'ot-b', required: true, order: 'a' },
        'ap-aircraft': { apiName: 'aircraft', baseType: { type: 'string' }, objectTypeId: 'ot-a', required: true, order: 'b' },
      },
      rules: {
        'ar-1': { kind: 'modifyObject', order: 'a', objectTypeId: 'ot-b', objectParameterId: 'ap-flight', values: { 'p-b-aircraft': 'ap-aircraft' } },
        'ar-2': { kind: 'createLink', order: 'b', linkTypeId: 'lt-fa' },
      },
    },
  },
});

// Typed accessors for the mutations below (noUncheckedIndexedAccess: the base ontology has them all).
const ot = (o: Ontology, id: string) => o.objectTypes[id] as Ontology['objectTypes'][string];
const prop = (o: Ontology, otId: string, id: string) => ot(o, otId).properties[id] as Ontology['objectTypes'][string]['properties'][string];
const lt = (o: Ontology) => o.linkTypes['lt-fa'] as Ontology['linkTypes'][string];
const itf = (o: Ontology) => o.interfaces['if-named'] as Ontology['interfaces'][string];
const vt = (o: Ontology) => o.valueTypes['vt-code'] as Ontology['valueTypes'][string];
const action = (o: Ontology) => o.actionTypes['at-assign'] as Ontology['actionTypes'][string];
const param = (o: Ontology, id: string) => action(o).parameters[id] as Ontology['actionTypes'][string]['parameters'][string];
const rule = (o: Ontology, id: string) => action(o).rules[id] as Ontology['actionTypes'][string]['rules'][string];
const modifyRule = (o: Ontology) => rule(o, 'ar-1') as Extract<Ontology['actionTypes'][string]['rules'][string], { kind: 'modifyObject' }>;
const addValueType = (o: Ontology, baseType: Ontology['valueTypes'][string]['baseType'], constraints: Ontology['valueTypes'][string]['constraints']) => {
  o.valueTypes['vt-x'] = { apiName: 'X', displayName: '', description: '', status: 'active', baseType, constraints };
};

type ObjectTypeValue = Ontology['objectTypes'][string];
/** A subtype of `supertypes` (no key of its own: it inherits one), with optional own properties. */
const addSubtype = (o: Ontology, id: string, apiName: string, supertypes: string[], properties: ObjectTypeValue['properties'] = {}, extra: Partial<ObjectTypeValue> = {}): ObjectTypeValue => {
  const value: ObjectTypeValue = { apiName, displayName: '', description: '', status: 'active', pluralDisplayName: '', properties, implements: [], supertypes, ...extra };
  o.objectTypes[id] = value;
  return value;
};
const simpleProp = (apiName: string, type: 'string' | 'integer' | 'geopoint', order = 'a'): ObjectTypeValue['properties'][string] =>
  ({ apiName, displayName: '', description: '', status: 'active', baseType: { type }, required: false, pii: 'none', order });

interface Row {
  code: DiagnosticCode;
  what: string;
  mutate: (o: Ontology) => void;
  path: string;
  message?: RegExp;
}

const ROWS: Row[] = [
  { code: 'DUPLICATE_ID', what: 'an id used in two collections', path: 'valueTypes/ot-a', mutate: (o) => { o.valueTypes['ot-a'] = vt(o); } },
  { code: 'DANGLING_REFERENCE', what: 'link from end', path: 'linkTypes/lt-fa/fromObjectTypeId', mutate: (o) => { lt(o).fromObjectTypeId = 'ghost'; }, message: /object type ghost does not exist/ },
  { code: 'DANGLING_REFERENCE', what: 'link to end', path: 'linkTypes/lt-fa/toObjectTypeId', mutate: (o) => { lt(o).toObjectTypeId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'primary key of another type', path: 'objectTypes/ot-a/primaryKey', mutate: (o) => { ot(o, 'ot-a').primaryKey = 'p-b-id'; }, message: /belongs to Flight, not to Aircraft/ },
  { code: 'DANGLING_REFERENCE', what: 'title key', path: 'objectTypes/ot-a/titleKey', mutate: (o) => { ot(o, 'ot-a').titleKey = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'value type', path: 'objectTypes/ot-a/properties/p-a-id/valueTypeId', mutate: (o) => { prop(o, 'ot-a', 'p-a-id').valueTypeId = 'ghost'; } },
  {
    code: 'DANGLING_REFERENCE', what: 'struct in nested arrays', path: 'objectTypes/ot-b/properties/p-b-price/baseType/items/items/structTypeId',
    mutate: (o) => { prop(o, 'ot-b', 'p-b-price').baseType = { type: 'array', items: { type: 'array', items: { type: 'struct', structTypeId: 'ghost' } } }; },
  },
  { code: 'DANGLING_REFERENCE', what: 'implements of the wrong kind', path: 'objectTypes/ot-a/implements/1', mutate: (o) => { ot(o, 'ot-a').implements.push('ot-b'); }, message: /ot-b is the object type Flight, not an interface/ },
  { code: 'DANGLING_REFERENCE', what: 'interface extends', path: 'interfaces/if-named/extends/0', mutate: (o) => { itf(o).extends.push('ghost'); } },
  { code: 'DANGLING_REFERENCE', what: 'interface shared property', path: 'interfaces/if-named/properties/1', mutate: (o) => { itf(o).properties.push('ghost'); } },
  { code: 'DANGLING_REFERENCE', what: 'property.sharedPropertyId', path: 'objectTypes/ot-a/properties/p-a-name/sharedPropertyId', mutate: (o) => { prop(o, 'ot-a', 'p-a-name').sharedPropertyId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'shared property value type', path: 'sharedProperties/sp-name/valueTypeId', mutate: (o) => { (o.sharedProperties['sp-name'] as Ontology['sharedProperties'][string]).valueTypeId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'foreign key', path: 'linkTypes/lt-fa/foreignKeyPropertyId', mutate: (o) => { lt(o).foreignKeyPropertyId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'parameter object type', path: 'actionTypes/at-assign/parameters/ap-flight/objectTypeId', mutate: (o) => { param(o, 'ap-flight').objectTypeId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'rule object type', path: 'actionTypes/at-assign/rules/ar-1/objectTypeId', mutate: (o) => { modifyRule(o).objectTypeId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'rule link type', path: 'actionTypes/at-assign/rules/ar-2/linkTypeId', mutate: (o) => { action(o).rules['ar-2'] = { kind: 'createLink', order: 'b', linkTypeId: 'ghost' }; } },
  { code: 'DANGLING_REFERENCE', what: 'rule object parameter', path: 'actionTypes/at-assign/rules/ar-1/objectParameterId', mutate: (o) => { modifyRule(o).objectParameterId = 'ghost'; } },
  { code: 'DANGLING_REFERENCE', what: 'rule value property of another type', path: 'actionTypes/at-assign/rules/ar-1/values/p-a-name', mutate: (o) => { modifyRule(o).values = { 'p-a-name': 'ap-aircraft' }; } },
  { code: 'DANGLING_REFERENCE', what: 'rule value parameter', path: 'actionTypes/at-assign/rules/ar-1/values/p-b-aircraft', mutate: (o) => { modifyRule(o).values = { 'p-b-aircraft': 'ghost' }; } },
  { code: 'MISSING_PRIMARY_KEY', what: 'no primary key', path: 'objectTypes/ot-a/primaryKey', mutate: (o) => { delete ot(o, 'ot-a').primaryKey; } },
  {
    code: 'INTERFACE_CYCLE', what: 'two interfaces extending each other', path: 'interfaces/if-named/extends', message: /Named → Other → Named/,
    mutate: (o) => {
      itf(o).extends = ['if-other'];
      o.interfaces['if-other'] = { apiName: 'Other', displayName: '', description: '', status: 'active', extends: ['if-named'], properties: [] };
    },
  },
  { code: 'INTERFACE_CYCLE', what: 'an interface extending itself', path: 'interfaces/if-named/extends', mutate: (o) => { itf(o).extends = ['if-named']; }, message: /Named → Named/ },
  {
    code: 'STRUCT_CYCLE', what: 'a struct holding itself in a required field', path: 'structTypes/st-money/fields',
    mutate: (o) => { (o.structTypes['st-money'] as Ontology['structTypes'][string]).fields['f-self'] = { apiName: 'self', displayName: '', description: '', status: 'active', baseType: { type: 'struct', structTypeId: 'st-money' }, required: true, order: 'b' }; },
  },
  { code: 'INVALID_API_NAME', what: 'camelCase object type', path: 'objectTypes/ot-a/apiName', mutate: (o) => { ot(o, 'ot-a').apiName = 'aircraft'; } },
  { code: 'INVALID_API_NAME', what: 'PascalCase property', path: 'objectTypes/ot-a/properties/p-a-pos/apiName', mutate: (o) => { prop(o, 'ot-a', 'p-a-pos').apiName = 'Position'; } },
  { code: 'INVALID_API_NAME', what: 'snake_case link type', path: 'linkTypes/lt-fa/apiName', mutate: (o) => { lt(o).apiName = 'flight_aircraft'; } },
  { code: 'DUPLICATE_API_NAME', what: 'object types differing in case', path: 'objectTypes/ot-b/apiName', mutate: (o) => { ot(o, 'ot-b').apiName = 'AIRCRAFT'; }, message: /differs only in case/ },
  { code: 'DUPLICATE_API_NAME', what: 'two properties of one type', path: 'objectTypes/ot-a/properties/p-a-pos/apiName', mutate: (o) => { prop(o, 'ot-a', 'p-a-pos').apiName = 'name'; } },
  { code: 'DUPLICATE_API_NAME', what: 'two parameters of one action', path: 'actionTypes/at-assign/parameters/ap-flight/apiName', mutate: (o) => { param(o, 'ap-flight').apiName = 'aircraft'; } },
  {
    code: 'DUPLICATE_API_NAME', what: 'two fields of one struct', path: 'structTypes/st-money/fields/f-currency/apiName',
    mutate: (o) => { (o.structTypes['st-money'] as Ontology['structTypes'][string]).fields['f-currency'] = { apiName: 'Amount', displayName: '', description: '', status: 'active', baseType: { type: 'string' }, required: false, order: 'b' }; },
  },
  { code: 'PRIMARY_KEY_UNSUITABLE', what: 'double primary key', path: 'objectTypes/ot-b/primaryKey', mutate: (o) => { prop(o, 'ot-b', 'p-b-id').baseType = { type: 'double' }; } },
  { code: 'INTERFACE_PROPERTY_MISSING', what: 'no property realises the shared property', path: 'objectTypes/ot-a/implements/0', mutate: (o) => { delete prop(o, 'ot-a', 'p-a-name').sharedPropertyId; prop(o, 'ot-a', 'p-a-name').apiName = 'label'; } },
  {
    code: 'INTERFACE_PROPERTY_MISSING', what: 'requirement inherited through extends', path: 'objectTypes/ot-b/implements/0', message: /Child \(inherited from Named\)/,
    mutate: (o) => {
      o.interfaces['if-child'] = { apiName: 'Child', displayName: '', description: '', status: 'active', extends: ['if-named'], properties: [] };
      ot(o, 'ot-b').implements = ['if-child'];
    },
  },
  {
    code: 'INTERFACE_PROPERTY_MISSING', what: 'same name but another base type', path: 'objectTypes/ot-a/implements/0', message: /has the name but is integer/,
    mutate: (o) => { delete prop(o, 'ot-a', 'p-a-name').sharedPropertyId; prop(o, 'ot-a', 'p-a-name').baseType = { type: 'integer' }; },
  },
  { code: 'SHARED_PROPERTY_MISMATCH', what: 'realising property of another base type', path: 'objectTypes/ot-a/properties/p-a-name/baseType', mutate: (o) => { prop(o, 'ot-a', 'p-a-name').baseType = { type: 'integer' }; } },
  {
    code: 'SHARED_PROPERTY_PII_WEAKER', what: 'personal shared property realised without a PII flag', path: 'objectTypes/ot-a/properties/p-a-name/pii',
    mutate: (o) => { (o.sharedProperties['sp-name'] as Ontology['sharedProperties'][string]).pii = 'personal'; },
  },
  { code: 'VALUE_TYPE_BASE_MISMATCH', what: 'integer property with a string value type', path: 'objectTypes/ot-a/properties/p-a-id/baseType', mutate: (o) => { prop(o, 'ot-a', 'p-a-id').baseType = { type: 'integer' }; } },
  { code: 'CONSTRAINT_MIN_GT_MAX', what: 'min > max', path: 'valueTypes/vt-x/constraints/min', mutate: (o) => addValueType(o, { type: 'integer' }, { min: 5, max: 1 }) },
  { code: 'CONSTRAINT_LENGTH_MIN_GT_MAX', what: 'minLength > maxLength', path: 'valueTypes/vt-x/constraints/minLength', mutate: (o) => addValueType(o, { type: 'string' }, { minLength: 5, maxLength: 1 }) },
  { code: 'CONSTRAINT_EMPTY_ENUM', what: 'empty enum', path: 'valueTypes/vt-x/constraints/enum', mutate: (o) => addValueType(o, { type: 'string' }, { enum: [] }) },
  { code: 'CONSTRAINT_BAD_REGEX', what: 'unbalanced regex', path: 'valueTypes/vt-x/constraints/regex', mutate: (o) => addValueType(o, { type: 'string' }, { regex: '([A-Z]' }) },
  { code: 'CONSTRAINT_NOT_APPLICABLE', what: 'regex on integer', path: 'valueTypes/vt-x/constraints/regex', mutate: (o) => addValueType(o, { type: 'integer' }, { regex: '^[0-9]+$' }) },
  { code: 'CONSTRAINT_NOT_APPLICABLE', what: 'min on string', path: 'valueTypes/vt-x/constraints/min', mutate: (o) => addValueType(o, { type: 'string' }, { min: 1 }) },
  { code: 'CONSTRAINT_NOT_APPLICABLE', what: 'string in an integer enum', path: 'valueTypes/vt-x/constraints/enum/1', mutate: (o) => addValueType(o, { type: 'integer' }, { enum: [1, 'two'] }) },
  { code: 'CONSTRAINT_NOT_APPLICABLE', what: 'fraction in an integer enum', path: 'valueTypes/vt-x/constraints/enum/0', mutate: (o) => addValueType(o, { type: 'long' }, { enum: [1.5] }) },
  { code: 'CONSTRAINT_ENUM_CONFLICT', what: 'enum value not matching the regex', path: 'valueTypes/vt-code/constraints/enum/1', mutate: (o) => { vt(o).constraints.enum = ['AB', 'cd']; } },
  { code: 'CONSTRAINT_ENUM_CONFLICT', what: 'enum value above max', path: 'valueTypes/vt-x/constraints/enum/1', mutate: (o) => addValueType(o, { type: 'integer' }, { enum: [1, 7], max: 5 }) },
  { code: 'LINK_FK_CARDINALITY', what: 'foreign key on MANY_TO_MANY', path: 'linkTypes/lt-fa/foreignKeyPropertyId', mutate: (o) => { lt(o).cardinality = 'MANY_TO_MANY'; } },
  { code: 'LINK_FK_CARDINALITY', what: 'foreign key on the "one" end of ONE_TO_MANY', path: 'linkTypes/lt-fa/foreignKeyPropertyId', mutate: (o) => { lt(o).cardinality = 'ONE_TO_MANY'; } },
  { code: 'LINK_FK_TYPE_MISMATCH', what: 'integer key for a string primary key', path: 'linkTypes/lt-fa/foreignKeyPropertyId', mutate: (o) => { prop(o, 'ot-b', 'p-b-aircraft').baseType = { type: 'integer' }; } },
  { code: 'ACTION_PARAMETER_TYPE_MISMATCH', what: 'object parameter not of the key type', path: 'actionTypes/at-assign/parameters/ap-aircraft/baseType', mutate: (o) => { param(o, 'ap-aircraft').baseType = { type: 'long' }; } },
  { code: 'ACTION_OBJECT_PARAMETER_MISMATCH', what: 'modify rule targeting an Aircraft parameter', path: 'actionTypes/at-assign/rules/ar-1/objectParameterId', mutate: (o) => { modifyRule(o).objectParameterId = 'ap-aircraft'; } },
  {
    code: 'ACTION_VALUE_TYPE_MISMATCH', what: 'timestamp parameter into a string property', path: 'actionTypes/at-assign/rules/ar-1/values/p-b-aircraft',
    mutate: (o) => {
      action(o).parameters['ap-when'] = { apiName: 'when', displayName: '', description: '', status: 'active', baseType: { type: 'timestamp' }, required: false, order: 'c' };
      modifyRule(o).values = { 'p-b-aircraft': 'ap-when' };
    },
  },
  { code: 'PRIMARY_KEY_NOT_REQUIRED', what: 'optional primary key', path: 'objectTypes/ot-a/primaryKey', mutate: (o) => { prop(o, 'ot-a', 'p-a-id').required = false; } },
  { code: 'TITLE_KEY_UNSUITABLE', what: 'geopoint title', path: 'objectTypes/ot-a/titleKey', mutate: (o) => { ot(o, 'ot-a').titleKey = 'p-a-pos'; } },
  { code: 'PII_SENSITIVE_KEY', what: 'sensitive primary key', path: 'objectTypes/ot-a/primaryKey', mutate: (o) => { prop(o, 'ot-a', 'p-a-id').pii = 'sensitive'; } },
  { code: 'DEPRECATED_REFERENCE', what: 'active property using a deprecated value type', path: 'objectTypes/ot-a/properties/p-a-id/valueTypeId', mutate: (o) => { vt(o).status = 'deprecated'; } },
  { code: 'DEPRECATED_REFERENCE', what: 'active link to a deprecated object type', path: 'linkTypes/lt-fa/toObjectTypeId', mutate: (o) => { ot(o, 'ot-a').status = 'deprecated'; } },
  {
    code: 'OBJECT_TYPE_NO_PROPERTIES', what: 'empty object type', path: 'objectTypes/ot-c',
    mutate: (o) => { o.objectTypes['ot-c'] = { ...ot(o, 'ot-b'), apiName: 'Empty', properties: {}, primaryKey: undefined, titleKey: undefined }; },
  },
  { code: 'STRUCT_TYPE_NO_FIELDS', what: 'empty struct', path: 'structTypes/st-money', mutate: (o) => { (o.structTypes['st-money'] as Ontology['structTypes'][string]).fields = {}; } },
  { code: 'ACTION_TYPE_NO_RULES', what: 'action without rules', path: 'actionTypes/at-assign/rules', mutate: (o) => { action(o).rules = {}; } },
  { code: 'ACTION_RULE_NO_TARGET', what: 'modify rule without object parameter', path: 'actionTypes/at-assign/rules/ar-1', mutate: (o) => { delete modifyRule(o).objectParameterId; } },
  {
    code: 'ACTION_CREATE_MISSING_REQUIRED', what: 'create rule not setting the key', path: 'actionTypes/at-assign/rules/ar-3/values', message: /without setting id/,
    mutate: (o) => { action(o).rules['ar-3'] = { kind: 'createObject', order: 'c', objectTypeId: 'ot-a', values: {} }; },
  },
  { code: 'TITLE_KEY_MISSING', what: 'no title key', path: 'objectTypes/ot-a/titleKey', mutate: (o) => { delete ot(o, 'ot-a').titleKey; } },
  // Type hierarchy (core/model/hierarchy.ts) and annotations.
  {
    code: 'SUPERTYPE_CYCLE', what: 'two types each other\'s supertype', path: 'objectTypes/ot-a/supertypes', message: /Aircraft → Flight → Aircraft/,
    mutate: (o) => { ot(o, 'ot-a').supertypes = ['ot-b']; ot(o, 'ot-b').supertypes = ['ot-a']; },
  },
  { code: 'SUPERTYPE_CYCLE', what: 'a type its own supertype', path: 'objectTypes/ot-a/supertypes', mutate: (o) => { ot(o, 'ot-a').supertypes = ['ot-a']; } },
  { code: 'DANGLING_REFERENCE', what: 'supertype', path: 'objectTypes/ot-jet/supertypes/0', mutate: (o) => { addSubtype(o, 'ot-jet', 'Jet', ['ghost']); }, message: /object type ghost does not exist/ },
  { code: 'MISSING_PRIMARY_KEY', what: 'subtype inheriting no key', path: 'objectTypes/ot-jet/primaryKey', mutate: (o) => { addSubtype(o, 'ot-jet', 'Jet', ['ot-a']); delete ot(o, 'ot-a').primaryKey; }, message: /inherits none/ },
  { code: 'DANGLING_REFERENCE', what: 'equivalentTo id', path: 'objectTypes/ot-a/equivalentTo/0', mutate: (o) => { ot(o, 'ot-a').equivalentTo = ['ghost']; } },
  { code: 'DANGLING_REFERENCE', what: 'subPropertyOf of the wrong kind', path: 'objectTypes/ot-a/properties/p-a-pos/subPropertyOf/0', mutate: (o) => { prop(o, 'ot-a', 'p-a-pos').subPropertyOf = ['ot-b']; }, message: /not a property/ },
  { code: 'DANGLING_REFERENCE', what: 'link subPropertyOf', path: 'linkTypes/lt-fa/subPropertyOf/0', mutate: (o) => { lt(o).subPropertyOf = ['sp-name']; } },
  {
    code: 'SUBTYPE_PRIMARY_KEY_CONFLICT', what: 'subtype declaring its own key', path: 'objectTypes/ot-jet/primaryKey', message: /inherits id/,
    mutate: (o) => { addSubtype(o, 'ot-jet', 'Jet', ['ot-a'], { 'p-j-code': { ...simpleProp('code', 'string'), required: true } }, { primaryKey: 'p-j-code' }); },
  },
  { code: 'SUBTYPE_PRIMARY_KEY_CONFLICT', what: 'supertypes with different keys', path: 'objectTypes/ot-jet/supertypes', mutate: (o) => { addSubtype(o, 'ot-jet', 'Jet', ['ot-a', 'ot-b']); } },
  {
    code: 'INHERITED_PROPERTY_CONFLICT', what: 'one name, two types, from two supertypes', path: 'objectTypes/ot-jet/supertypes', message: /label as string from Wide and as integer from Narrow/,
    mutate: (o) => {
      addSubtype(o, 'ot-wide', 'Wide', ['ot-a'], { 'p-w-label': simpleProp('label', 'string') });
      addSubtype(o, 'ot-narrow', 'Narrow', ['ot-a'], { 'p-n-label': simpleProp('label', 'integer') });
      addSubtype(o, 'ot-jet', 'Jet', ['ot-wide', 'ot-narrow']);
    },
  },
  { code: 'PROPERTY_SHADOWS_INHERITED', what: 'subtype redeclaring position', path: 'objectTypes/ot-jet/properties/p-j-pos/apiName', mutate: (o) => { addSubtype(o, 'ot-jet', 'Jet', ['ot-a'], { 'p-j-pos': simpleProp('Position', 'geopoint') }); } },
  { code: 'DISJOINT_WITH_RELATED', what: 'subtype disjoint with its supertype', path: 'objectTypes/ot-jet/disjointWith/0', mutate: (o) => { addSubtype(o, 'ot-jet', 'Jet', ['ot-a'], {}, { disjointWith: ['ot-a'] }); }, message: /supertype Aircraft/ },
  { code: 'LINK_CARDINALITY_MIN_GT_MAX', what: 'min 2, max 1', path: 'linkTypes/lt-fa/minCardinality', mutate: (o) => { lt(o).minCardinality = 2; lt(o).maxCardinality = 1; } },
  { code: 'LINK_CARDINALITY_INCONSISTENT', what: 'MANY_TO_ONE with max 3', path: 'linkTypes/lt-fa/maxCardinality', mutate: (o) => { lt(o).maxCardinality = 3; } },
  { code: 'ANNOTATION_KEY_EMPTY', what: 'blank key', path: 'objectTypes/ot-a/annotations/ ', mutate: (o) => { ot(o, 'ot-a').annotations = { ' ': [{ value: 'x' }] }; } },
  { code: 'ANNOTATION_LANG_INVALID', what: 'en_GB', path: 'objectTypes/ot-a/properties/p-a-id/annotations/synonym/0/lang', mutate: (o) => { prop(o, 'ot-a', 'p-a-id').annotations = { synonym: [{ value: 'colour', lang: 'en_GB' }] }; } },
  { code: 'ANNOTATION_LANG_INVALID', what: 'on the ontology', path: 'annotations/comment/0/lang', mutate: (o) => { o.annotations = { comment: [{ value: 'x', lang: '' }] }; } },
  { code: 'ANNOTATION_VALUE_INCONSISTENT', what: 'an IRI with a language', path: 'linkTypes/lt-fa/annotations/seeAlso/0', mutate: (o) => { lt(o).annotations = { seeAlso: [{ value: 'http://x.org', kind: 'iri', lang: 'en' }] }; } },
];

function mutated(row: Row): Ontology {
  const o = structuredClone(BASE);
  row.mutate(o);
  return o;
}

describe('validate', () => {
  it('the base ontology is clean', () => {
    expect(validate(BASE)).toEqual([]);
  });

  it.each(ROWS.map((r) => [`${r.code}: ${r.what}`, r] as const))('%s', (_name, row) => {
    const found = validate(mutated(row)).filter((d) => d.code === row.code);
    expect(found.map((d) => d.path)).toContain(row.path);
    const hit = found.find((d) => d.path === row.path);
    expect(hit?.severity).toBe(DIAGNOSTIC_CODES[row.code].severity);
    if (row.message) expect(hit?.message).toMatch(row.message);
  });

  // One element of every named kind in BASE, with a name that breaks that kind's convention.
  const BAD_NAMES: Record<keyof typeof NAMING, [(o: Ontology) => { apiName: string }, string]> = {
    objectType: [(o) => ot(o, 'ot-b'), 'objectTypes/ot-b/apiName'],
    interface: [itf, 'interfaces/if-named/apiName'],
    valueType: [vt, 'valueTypes/vt-code/apiName'],
    structType: [(o) => o.structTypes['st-money'] as { apiName: string }, 'structTypes/st-money/apiName'],
    actionType: [action, 'actionTypes/at-assign/apiName'],
    linkType: [lt, 'linkTypes/lt-fa/apiName'],
    property: [(o) => prop(o, 'ot-b', 'p-b-aircraft'), 'objectTypes/ot-b/properties/p-b-aircraft/apiName'],
    sharedProperty: [(o) => o.sharedProperties['sp-name'] as { apiName: string }, 'sharedProperties/sp-name/apiName'],
    structField: [(o) => (o.structTypes['st-money'] as Ontology['structTypes'][string]).fields['f-amount'] as { apiName: string }, 'structTypes/st-money/fields/f-amount/apiName'],
    actionParameter: [(o) => param(o, 'ap-flight'), 'actionTypes/at-assign/parameters/ap-flight/apiName'],
  };

  it.each(Object.entries(BAD_NAMES))('INVALID_API_NAME follows the %s convention', (kind, [element, path]) => {
    const convention = NAMING[kind as keyof typeof NAMING];
    for (const [name, valid] of [['good_name', false], ['9lives', false], ['', false], [convention === 'PascalCase' ? 'GoodName2' : 'goodName2', true], [convention === 'PascalCase' ? 'goodName' : 'GoodName', false]] as const) {
      const o = structuredClone(BASE);
      element(o).apiName = name;
      const hit = validate(o).some((d) => d.code === 'INVALID_API_NAME' && d.path === path);
      expect(hit, `${kind} "${name}"`).toBe(!valid);
    }
  });

  it('a hierarchy with inherited keys, titles, interfaces and annotations validates clean', () => {
    const o = structuredClone(BASE);
    // Jet inherits Aircraft's key (p-a-id), title and Named; a Flight links to a Jet by that key.
    addSubtype(o, 'ot-jet', 'Jet', ['ot-a'], { 'p-j-range': simpleProp('range', 'integer') }, {
      equivalentTo: ['http://example.org/JetAircraft'], disjointWith: ['ot-b'],
      annotations: { definition: [{ value: 'An aircraft with jet engines.', xrefs: ['ICAO:1'] }], synonym: [{ value: 'Düsenflugzeug', lang: 'de', scope: 'EXACT' }] },
    });
    addSubtype(o, 'ot-airliner', 'Airliner', ['ot-jet', 'ot-a'], { 'p-l-seats': simpleProp('seats', 'integer') }, { primaryKey: 'p-a-id' });
    ot(o, 'ot-b').properties['p-b-jet'] = { ...simpleProp('jetId', 'string', 'd') };
    o.linkTypes['lt-fj'] = { ...lt(o), apiName: 'flightJet', toObjectTypeId: 'ot-jet', foreignKeyPropertyId: 'p-b-jet', minCardinality: 0, maxCardinality: 1, restriction: { quantifier: 'max', property: 'http://example.org/jet' } };
    action(o).rules['ar-3'] = { kind: 'createObject', order: 'c', objectTypeId: 'ot-jet', values: { 'p-a-id': 'ap-flight' } };
    action(o).rules['ar-4'] = { kind: 'modifyObject', order: 'd', objectTypeId: 'ot-a', objectParameterId: 'ap-aircraft', values: {} };
    prop(o, 'ot-a', 'p-a-pos').subPropertyOf = ['http://www.w3.org/2003/01/geo/wgs84_pos#location'];
    o.annotations = { 'http://purl.org/dc/terms/license': [{ value: 'https://creativecommons.org/licenses/by/4.0/', kind: 'iri' }], comment: [{ value: 'Base', lang: 'en-GB' }] };
    expect(validate(parseOntology(o))).toEqual([]);
  });

  it('reports a supertype cycle once, however many members it has', () => {
    const o = structuredClone(BASE);
    ['A', 'B', 'C'].forEach((n, i, all) => { addSubtype(o, `ot-${n}`, n, [`ot-${all[(i + 1) % all.length]}`]); });
    const cycles = validate(o).filter((d) => d.code === 'SUPERTYPE_CYCLE');
    expect(cycles.map((d) => d.message)).toEqual(['object type inheritance cycle: A → B → C → A']);
  });

  it('a 10,000-deep supertype chain and a 1,000-member cycle: no stack overflow, one cycle report, keys inherited down the chain', () => {
    const o = structuredClone(BASE);
    const depth = 10_000;
    for (let i = 0; i < depth; i++) addSubtype(o, `ot-d${i}`, `Deep${i}`, [i === 0 ? 'ot-a' : `ot-d${i - 1}`], { [`p-d${i}`]: simpleProp(`f${i}`, 'string') });
    for (let i = 0; i < 1000; i++) addSubtype(o, `ot-c${i}`, `Ring${i}`, [`ot-c${(i + 1) % 1000}`]);
    const diagnostics = validate(o);
    expect(diagnostics.filter((d) => d.code === 'SUPERTYPE_CYCLE')).toHaveLength(1);
    // The chain inherits Aircraft's key and title key all the way down: nothing to report there.
    expect(diagnostics.filter((d) => d.path.startsWith('objectTypes/ot-d'))).toEqual([]);
  });

  it('every code in the catalogue has at least one failing example', () => {
    const tested = new Set(ROWS.map((r) => r.code));
    expect(ALL_CODES.filter((c) => !tested.has(c))).toEqual([]);
  });

  it('reports each interface cycle once, however many members it has', () => {
    const o = structuredClone(BASE);
    const names = ['A', 'B', 'C', 'D'];
    names.forEach((n, i) => {
      o.interfaces[`if-${n}`] = { apiName: n, displayName: '', description: '', status: 'active', extends: [`if-${names[(i + 1) % names.length]}`], properties: [] };
    });
    const cycles = validate(o).filter((d) => d.code === 'INTERFACE_CYCLE');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.message).toContain('A → B → C → D → A');
  });

  it('a deprecated element may reference deprecated ones without warnings', () => {
    const o = structuredClone(BASE);
    vt(o).status = 'deprecated';
    prop(o, 'ot-a', 'p-a-id').status = 'deprecated';
    expect(validate(o).filter((d) => d.code === 'DEPRECATED_REFERENCE').map((d) => d.path)).toEqual(['objectTypes/ot-a/primaryKey']);
  });

  it('a MANY_TO_ONE self link keeps its key on the one type', () => {
    const o = structuredClone(BASE);
    ot(o, 'ot-a').properties['p-a-parent'] = { ...prop(o, 'ot-a', 'p-a-pos'), apiName: 'parentId', baseType: { type: 'string' }, valueTypeId: 'vt-code' };
    o.linkTypes['lt-self'] = { ...lt(o), apiName: 'parent', fromObjectTypeId: 'ot-a', toObjectTypeId: 'ot-a', foreignKeyPropertyId: 'p-a-parent' };
    expect(validate(o)).toEqual([]);
  });

  it('output is sorted by path then code and independent of key order', () => {
    const broken = structuredClone(BASE);
    for (const row of ROWS.slice(0, 12)) row.mutate(broken);
    const a = validate(parseOntology(JSON.parse(JSON.stringify(broken))));
    const reversed = parseOntology(JSON.parse(JSON.stringify(broken, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(validate(reversed)).toEqual(a);
    const keys = a.map((d) => `${d.path}\u0000${d.code}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('elementAtPath names the element a diagnostic is about', () => {
    expect(elementAtPath(BASE, 'objectTypes/ot-a/properties/p-a-id/valueTypeId')).toEqual({ kind: 'property', id: 'p-a-id', parentId: 'ot-a', label: 'Aircraft.id' });
    expect(elementAtPath(BASE, 'linkTypes/lt-fa/foreignKeyPropertyId')?.label).toBe('flightAircraft');
    expect(elementAtPath(BASE, 'objectTypes/ghost/primaryKey')?.label).toBe('ghost');
    expect(elementAtPath(BASE, 'nope/x')).toBeUndefined();
  });
});
