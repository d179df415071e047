/**
 * The catalogue of validation codes: stable API for the CLI, CI pipelines and the editor.
 * A code is never renamed or reused; a new check gets a new code. Severity here is the default
 * the validator emits:
 *   BLOCK  the ontology cannot be used or committed to a protected branch (broken references,
 *          no primary key, cyclic inheritance): tools downstream would crash or guess.
 *   ERROR  wrong but the model stays usable and the fix is local (names, duplicates, constraints).
 *   WARN   probably a mistake or a smell; INFO advice.
 */
import type { Severity } from './diagnostics';

export interface CodeInfo {
  severity: Severity;
  meaning: string;
}

export const DIAGNOSTIC_CODES = {
  DUPLICATE_ID: { severity: 'BLOCK', meaning: 'Two elements share one id; ids must be unique across the whole ontology.' },
  DANGLING_REFERENCE: { severity: 'BLOCK', meaning: 'A reference points to an id that does not exist, or to an element of the wrong kind or owner.' },
  MISSING_PRIMARY_KEY: { severity: 'BLOCK', meaning: 'An object type has no primary key.' },
  INTERFACE_CYCLE: { severity: 'BLOCK', meaning: 'Interfaces extend each other in a cycle (reported once per cycle).' },
  SUPERTYPE_CYCLE: { severity: 'BLOCK', meaning: 'Object types are supertypes of each other in a cycle (reported once per cycle), so inheritance has no base.' },
  SUBTYPE_PRIMARY_KEY_CONFLICT: { severity: 'BLOCK', meaning: "A subtype declares a primary key other than the one it inherits, or its supertypes' keys differ (a subtype has its supertypes' key: declared none or the same)." },
  STRUCT_CYCLE: { severity: 'BLOCK', meaning: 'A struct type contains itself through required struct fields (not arrays), so no value could be finite.' },

  INVALID_API_NAME: { severity: 'ERROR', meaning: 'An apiName breaks the naming convention of its kind (PascalCase types, camelCase members and links).' },
  DUPLICATE_API_NAME: { severity: 'ERROR', meaning: 'Two elements of one kind (or two members of one owner) share an apiName, ignoring case.' },
  PRIMARY_KEY_UNSUITABLE: { severity: 'ERROR', meaning: 'The primary key property has a base type without stable equality (only string, integer, long, date, timestamp can be keys).' },
  INTERFACE_PROPERTY_MISSING: { severity: 'ERROR', meaning: 'An object type lacks a property realising a shared property of an interface it implements (directly or via extends).' },
  SHARED_PROPERTY_MISMATCH: { severity: 'ERROR', meaning: 'A property realising a shared property has a different base type or value type than the shared property.' },
  VALUE_TYPE_BASE_MISMATCH: { severity: 'ERROR', meaning: "A property's base type differs from the base type of its value type." },
  CONSTRAINT_MIN_GT_MAX: { severity: 'ERROR', meaning: 'A value type constraint has min greater than max.' },
  CONSTRAINT_LENGTH_MIN_GT_MAX: { severity: 'ERROR', meaning: 'A value type constraint has minLength greater than maxLength.' },
  CONSTRAINT_EMPTY_ENUM: { severity: 'ERROR', meaning: 'A value type enum lists no values, so no value is valid.' },
  CONSTRAINT_BAD_REGEX: { severity: 'ERROR', meaning: 'A value type regex is not a valid ECMAScript (unicode mode) regular expression.' },
  CONSTRAINT_NOT_APPLICABLE: { severity: 'ERROR', meaning: 'A constraint does not apply to the base type (e.g. regex on integer) or an enum value has the wrong type.' },
  CONSTRAINT_ENUM_CONFLICT: { severity: 'ERROR', meaning: 'An enum value violates another constraint of the same value type (range, length or regex).' },
  INHERITED_PROPERTY_CONFLICT: { severity: 'ERROR', meaning: 'Two supertypes give a type different properties with one apiName (ignoring case) and different base types.' },
  PROPERTY_SHADOWS_INHERITED: { severity: 'ERROR', meaning: 'A type declares a property with the apiName (ignoring case) of a property it inherits from a supertype.' },
  DISJOINT_WITH_RELATED: { severity: 'ERROR', meaning: 'A type is declared disjoint with itself, an ancestor or a descendant, so it (or the descendant) can have no objects.' },
  LINK_CARDINALITY_MIN_GT_MAX: { severity: 'ERROR', meaning: 'A link type has minCardinality greater than maxCardinality.' },
  ANNOTATION_KEY_EMPTY: { severity: 'ERROR', meaning: 'An annotation key is empty or only whitespace (keys are a short name or an IRI).' },
  ANNOTATION_LANG_INVALID: { severity: 'ERROR', meaning: 'An annotation language tag is not a well-formed BCP 47 tag (letters, then hyphen-separated subtags of 1-8 letters or digits).' },
  LINK_FK_CARDINALITY: { severity: 'ERROR', meaning: 'A link foreign key is on MANY_TO_MANY or on the wrong end for the cardinality (it belongs on the "many" end).' },
  LINK_FK_TYPE_MISMATCH: { severity: 'ERROR', meaning: "A link foreign key's base type differs from the primary key type of the object type it points to." },
  ACTION_PARAMETER_TYPE_MISMATCH: { severity: 'ERROR', meaning: "An object parameter's base type differs from the primary key type of its object type." },
  ACTION_OBJECT_PARAMETER_MISMATCH: { severity: 'ERROR', meaning: 'A modify/delete rule targets a parameter that does not pick an object of the rule\'s object type.' },
  ACTION_VALUE_TYPE_MISMATCH: { severity: 'ERROR', meaning: 'An action rule writes a parameter into a property of a different base type.' },

  LINK_CARDINALITY_INCONSISTENT: { severity: 'WARN', meaning: 'A link type allows more than one target (maxCardinality > 1) but its cardinality says *_TO_ONE, or says *_TO_MANY with maxCardinality 1.' },
  ANNOTATION_VALUE_INCONSISTENT: { severity: 'WARN', meaning: 'An annotation value combines fields that exclude each other: a language tag on an IRI or on a typed literal, a datatype on an IRI.' },
  PRIMARY_KEY_NOT_REQUIRED: { severity: 'WARN', meaning: 'The primary key property is not marked required.' },
  TITLE_KEY_UNSUITABLE: { severity: 'WARN', meaning: 'The title key has a base type that cannot be shown as a title (vector, attachment, geo, array, struct).' },
  PII_SENSITIVE_KEY: { severity: 'WARN', meaning: 'A primary or title key is PII-sensitive, so it would appear in lists, links and logs.' },
  SHARED_PROPERTY_PII_WEAKER: { severity: 'WARN', meaning: 'A property realising a shared property declares a weaker PII flag than the shared property.' },
  DEPRECATED_REFERENCE: { severity: 'WARN', meaning: 'An active element references a deprecated one.' },
  OBJECT_TYPE_NO_PROPERTIES: { severity: 'WARN', meaning: 'An object type has no properties.' },
  STRUCT_TYPE_NO_FIELDS: { severity: 'WARN', meaning: 'A struct type has no fields.' },
  ACTION_TYPE_NO_RULES: { severity: 'WARN', meaning: 'An action type has no rules, so applying it does nothing.' },
  ACTION_RULE_NO_TARGET: { severity: 'WARN', meaning: 'A modify/delete rule names no object parameter, so it is unclear which object it changes.' },
  ACTION_CREATE_MISSING_REQUIRED: { severity: 'WARN', meaning: 'A create rule does not set every required property (including the primary key) of the new object.' },

  TITLE_KEY_MISSING: { severity: 'INFO', meaning: 'An object type has no title key; objects will be shown by primary key.' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const ALL_CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

/**
 * Naming conventions checked by INVALID_API_NAME. Types (things that become classes or schemas in
 * generated code) are PascalCase; members and link types (things that read as fields or relations on
 * an object) are camelCase. Letters and digits only, so every export target accepts the name as is.
 */
export const NAMING = {
  objectType: 'PascalCase',
  interface: 'PascalCase',
  valueType: 'PascalCase',
  structType: 'PascalCase',
  actionType: 'PascalCase',
  linkType: 'camelCase',
  property: 'camelCase',
  sharedProperty: 'camelCase',
  structField: 'camelCase',
  actionParameter: 'camelCase',
} as const;

export const NAME_PATTERNS = {
  PascalCase: /^[A-Z][A-Za-z0-9]*$/,
  camelCase: /^[a-z][A-Za-z0-9]*$/,
} as const;
