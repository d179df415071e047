/**
 * Change analysis: what a diff means for the data and the programs built on the schema.
 *
 * - COMPATIBLE: nothing a consumer or stored data notices (documentation, display, order).
 * - BACKWARD_COMPATIBLE: additive; existing data stays valid and existing readers keep working
 *   (new elements, optional properties, widened types, loosened constraints, deprecation notices).
 * - MIGRATION_REQUIRED: readers keep working but existing data may no longer be valid and must be
 *   migrated or checked (made required, constraints tightened, type narrowed, key or cardinality changed).
 * - INCOMPATIBLE: readers break (element removed or renamed, unrelated type change, link ends moved).
 *
 * The SemVer bump: major for MIGRATION_REQUIRED/INCOMPATIBLE, minor for BACKWARD_COMPATIBLE,
 * patch for COMPATIBLE, none for no change.
 */
import { TypeHierarchy, type BaseType, type Cardinality, type ElementKind, type Ontology } from '../model';
import { diffOntologies, type ElementChange, type FieldChange, type OntologyDiff } from '../diff/diff';
import { elementLabel, formatValue } from '../diff/format';
import { isRecord } from '../diff/values';
import { compareTypes } from '../merge/widening';

export const COMPATIBILITY = ['COMPATIBLE', 'BACKWARD_COMPATIBLE', 'MIGRATION_REQUIRED', 'INCOMPATIBLE'] as const;
export type Compatibility = (typeof COMPATIBILITY)[number];
export type Bump = 'none' | 'patch' | 'minor' | 'major';

/** Stable reason codes with the compatibility each implies. */
export const REASONS = {
  ELEMENT_ADDED: 'BACKWARD_COMPATIBLE',
  REQUIRED_PROPERTY_ADDED: 'MIGRATION_REQUIRED',
  ELEMENT_REMOVED: 'INCOMPATIBLE',
  PROPERTY_REMOVED: 'INCOMPATIBLE',
  API_NAME_CHANGED: 'INCOMPATIBLE',
  BASE_TYPE_WIDENED: 'BACKWARD_COMPATIBLE',
  BASE_TYPE_NARROWED: 'MIGRATION_REQUIRED',
  BASE_TYPE_CHANGED: 'INCOMPATIBLE',
  MADE_REQUIRED: 'MIGRATION_REQUIRED',
  MADE_OPTIONAL: 'BACKWARD_COMPATIBLE',
  CONSTRAINT_TIGHTENED: 'MIGRATION_REQUIRED',
  CONSTRAINT_LOOSENED: 'BACKWARD_COMPATIBLE',
  VALUE_TYPE_CHANGED: 'MIGRATION_REQUIRED',
  VALUE_TYPE_REMOVED: 'BACKWARD_COMPATIBLE',
  PRIMARY_KEY_CHANGED: 'MIGRATION_REQUIRED',
  CARDINALITY_NARROWED: 'MIGRATION_REQUIRED',
  CARDINALITY_WIDENED: 'BACKWARD_COMPATIBLE',
  LINK_END_CHANGED: 'INCOMPATIBLE',
  FOREIGN_KEY_CHANGED: 'MIGRATION_REQUIRED',
  DEPRECATED: 'BACKWARD_COMPATIBLE',
  STATUS_CHANGED: 'COMPATIBLE',
  INTERFACE_IMPLEMENTED: 'BACKWARD_COMPATIBLE',
  INTERFACE_DROPPED: 'INCOMPATIBLE',
  INTERFACE_REQUIREMENT_ADDED: 'MIGRATION_REQUIRED',
  INTERFACE_REQUIREMENT_REMOVED: 'BACKWARD_COMPATIBLE',
  PII_RAISED: 'MIGRATION_REQUIRED',
  PII_LOWERED: 'BACKWARD_COMPATIBLE',
  DOCUMENTATION_CHANGED: 'COMPATIBLE',
  ORDER_CHANGED: 'COMPATIBLE',
  METADATA_CHANGED: 'COMPATIBLE',
  /** A new supertype: the type gains its properties and interfaces and is now also one of it. */
  SUPERTYPE_ADDED: 'BACKWARD_COMPATIBLE',
  /** …and one of the properties it now inherits is required, which existing objects lack. */
  SUPERTYPE_ADDED_REQUIRED_PROPERTIES: 'MIGRATION_REQUIRED',
  /** Code and queries that use the type as its former supertype (polymorphism, inherited properties) break. */
  SUPERTYPE_REMOVED: 'INCOMPATIBLE',
  /** An object of both types is now invalid, so existing data must be checked. */
  DISJOINTNESS_ADDED: 'MIGRATION_REQUIRED',
  DISJOINTNESS_REMOVED: 'BACKWARD_COMPATIBLE',
  /** owl:equivalentClass / rdfs:subPropertyOf: kept for interop, no effect on data or generated code. */
  EQUIVALENCE_CHANGED: 'COMPATIBLE',
  SUBPROPERTY_CHANGED: 'COMPATIBLE',
  /** Definitions, synonyms, cross-references, comments…: documentation. */
  ANNOTATIONS_CHANGED: 'COMPATIBLE',
  /** A link now needs more targets per object (minCardinality raised) or allows fewer (maxCardinality lowered). */
  LINK_COUNT_TIGHTENED: 'MIGRATION_REQUIRED',
  LINK_COUNT_LOOSENED: 'BACKWARD_COMPATIBLE',
  /** Anything not understood more precisely is treated conservatively. */
  FIELD_CHANGED: 'MIGRATION_REQUIRED',
} as const satisfies Record<string, Compatibility>;
export type ReasonCode = keyof typeof REASONS;

export interface ClassifiedChange {
  compatibility: Compatibility;
  reason: ReasonCode;
  message: string;
  /** `ontology` for header changes. */
  kind: ElementKind | 'ontology';
  id?: string;
  path: string[];
  /** e.g. `Flight.departure`. */
  label: string;
  field?: string;
  before?: unknown;
  after?: unknown;
}

export interface ChangeReport {
  changes: ClassifiedChange[];
  bump: Bump;
  counts: Record<Compatibility, number>;
  /** Changes that force a major version, in path order. */
  breaking: ClassifiedChange[];
}

const RANK: Record<Compatibility, number> = { COMPATIBLE: 0, BACKWARD_COMPATIBLE: 1, MIGRATION_REQUIRED: 2, INCOMPATIBLE: 3 };
const DOC_FIELDS = new Set(['description', 'displayName', 'pluralDisplayName', 'fromDisplayName', 'toDisplayName', 'icon', 'color', 'iri', 'titleKey']);
const PII_RANK: Record<string, number> = { none: 0, personal: 1, sensitive: 2 };

export function isBreaking(c: Compatibility): boolean {
  return RANK[c] >= RANK.MIGRATION_REQUIRED;
}

export function bumpFor(compatibilities: Iterable<Compatibility>): Bump {
  let worst = -1;
  for (const c of compatibilities) worst = Math.max(worst, RANK[c]);
  return worst < 0 ? 'none' : worst >= RANK.MIGRATION_REQUIRED ? 'major' : worst === RANK.BACKWARD_COMPATIBLE ? 'minor' : 'patch';
}

/** Per end: does one object on the other side link to one (1) or many (N)? */
function ends(c: Cardinality): [number, number] {
  const [from, to] = c.split('_TO_') as [string, string];
  return [from === 'ONE' ? 1 : 2, to === 'ONE' ? 1 : 2];
}

type Make = (reason: ReasonCode, message: string, extra?: Partial<ClassifiedChange>) => ClassifiedChange;

function constraintChange(key: string, before: unknown, after: unknown): 'tightened' | 'loosened' {
  if (key === 'enum') {
    if (!Array.isArray(after)) return 'loosened';
    if (!Array.isArray(before)) return 'tightened';
    const now = new Set(after.map((v: unknown) => `${typeof v}:${String(v)}`));
    return before.every((v: unknown) => now.has(`${typeof v}:${String(v)}`)) ? 'loosened' : 'tightened';
  }
  if (after === undefined) return 'loosened';
  if (before === undefined || key === 'regex') return 'tightened';
  if (typeof before === 'number' && typeof after === 'number') {
    const isLower = key === 'min' || key === 'minLength';
    return (isLower ? after > before : after < before) ? 'tightened' : 'loosened';
  }
  return 'tightened';
}

/** Both sides' hierarchies, for what a supertype change means through inheritance. */
interface Sides {
  before: TypeHierarchy;
  after: TypeHierarchy;
  name: (id: string) => string;
}

function classifySupertypes(c: ElementChange, f: FieldChange, make: Make, sides: Sides): ClassifiedChange {
  const label = elementLabel(c);
  const extra = { field: f.field, before: f.before, after: f.after };
  const list = (v: unknown[] | undefined): string => (v ?? []).map((x) => sides.name(String(x))).join(', ');
  if ((f.removed ?? []).length > 0) {
    return make('SUPERTYPE_REMOVED', `${label} is no longer a ${list(f.removed)}${(f.added ?? []).length > 0 ? ` (now a ${list(f.added)})` : ''}: uses of it as one, and its inherited properties, break`, extra);
  }
  const had = new Set(sides.before.properties(c.id).map((p) => p.id));
  const required = sides.after.properties(c.id).filter((p) => !had.has(p.id) && p.property.required).map((p) => p.property.apiName);
  return required.length > 0
    ? make('SUPERTYPE_ADDED_REQUIRED_PROPERTIES', `${label} is now a ${list(f.added)} and inherits required ${required.join(', ')}, which existing objects lack`, extra)
    : make('SUPERTYPE_ADDED', `${label} is now a ${list(f.added)}`, extra);
}

function classifyCount(key: 'minCardinality' | 'maxCardinality', label: string, f: FieldChange, make: Make): ClassifiedChange {
  const extra = { field: f.field, before: f.before, after: f.after };
  const [b, a] = [f.before as number | undefined, f.after as number | undefined];
  // Absent min is 0 and absent max is unbounded.
  const tightened = key === 'minCardinality' ? (a ?? 0) > (b ?? 0) : a !== undefined && (b === undefined || a < b);
  return make(tightened ? 'LINK_COUNT_TIGHTENED' : 'LINK_COUNT_LOOSENED', `${label}: ${key} ${tightened ? 'tightened' : 'loosened'} ${formatValue(b)} → ${formatValue(a)}`, extra);
}

function classifyField(c: ElementChange, f: FieldChange, make: Make, sides: Sides): ClassifiedChange {
  const key = f.path[0] as string;
  const label = elementLabel(c);
  const extra = { field: f.field, before: f.before, after: f.after };
  const fromTo = `${formatValue(f.before)} → ${formatValue(f.after)}`;
  switch (key) {
    case 'apiName': return make('API_NAME_CHANGED', `${c.kind} renamed ${formatValue(f.before)} → ${formatValue(f.after)}`, extra);
    case 'baseType': {
      const how = isRecord(f.before) && isRecord(f.after) ? compareTypes(f.before as BaseType, f.after as BaseType) : 'changed';
      const reason = how === 'widened' ? 'BASE_TYPE_WIDENED' : how === 'narrowed' ? 'BASE_TYPE_NARROWED' : 'BASE_TYPE_CHANGED';
      return make(reason, `${label}: base type ${how} ${fromTo}`, extra);
    }
    case 'required': return f.after === true ? make('MADE_REQUIRED', `${label} made required`, extra) : make('MADE_OPTIONAL', `${label} made optional`, extra);
    case 'constraints': {
      const how = constraintChange(f.path[1] ?? '', f.before, f.after);
      return make(how === 'tightened' ? 'CONSTRAINT_TIGHTENED' : 'CONSTRAINT_LOOSENED', `${label}: constraint ${f.path[1] ?? ''} ${how} ${fromTo}`, extra);
    }
    case 'valueTypeId':
      return f.after === undefined ? make('VALUE_TYPE_REMOVED', `${label} no longer uses value type ${formatValue(f.before)}`, extra) : make('VALUE_TYPE_CHANGED', `${label}: value type ${fromTo}`, extra);
    case 'primaryKey': return make('PRIMARY_KEY_CHANGED', `${label}: primary key ${fromTo}`, extra);
    case 'cardinality': {
      const [b1, b2] = ends(f.before as Cardinality);
      const [a1, a2] = ends(f.after as Cardinality);
      const narrowed = a1 < b1 || a2 < b2;
      return make(narrowed ? 'CARDINALITY_NARROWED' : 'CARDINALITY_WIDENED', `${label}: cardinality ${narrowed ? 'narrowed' : 'widened'} ${fromTo}`, extra);
    }
    case 'fromObjectTypeId':
    case 'toObjectTypeId': return make('LINK_END_CHANGED', `${label}: link end ${key === 'fromObjectTypeId' ? 'from' : 'to'} ${fromTo}`, extra);
    case 'foreignKeyPropertyId': return make('FOREIGN_KEY_CHANGED', `${label}: foreign key ${fromTo}`, extra);
    case 'status':
      return f.after === 'deprecated' ? make('DEPRECATED', `${c.kind} ${label} deprecated`, extra) : make('STATUS_CHANGED', `${label}: status ${fromTo}`, extra);
    case 'pii': {
      const raised = (PII_RANK[String(f.after)] ?? 0) > (PII_RANK[String(f.before)] ?? 0);
      return make(raised ? 'PII_RAISED' : 'PII_LOWERED', `${label}: PII ${fromTo}`, extra);
    }
    case 'order': return make('ORDER_CHANGED', `${label} moved`, extra);
    case 'supertypes': return classifySupertypes(c, f, make, sides);
    case 'disjointWith':
      return (f.added ?? []).length > 0
        ? make('DISJOINTNESS_ADDED', `${label}: now disjoint with ${(f.added ?? []).map((x) => sides.name(String(x))).join(', ')}; objects of both are invalid`, extra)
        : make('DISJOINTNESS_REMOVED', `${label}: no longer disjoint with ${(f.removed ?? []).map((x) => sides.name(String(x))).join(', ')}`, extra);
    case 'equivalentTo': return make('EQUIVALENCE_CHANGED', `${label}: equivalentTo ${fromTo}`, extra);
    case 'subPropertyOf': return make('SUBPROPERTY_CHANGED', `${label}: subPropertyOf ${fromTo}`, extra);
    case 'minCardinality':
    case 'maxCardinality': return classifyCount(key, label, f, make);
    case 'implements':
    case 'extends':
    case 'properties': {
      const before = new Set(Array.isArray(f.before) ? (f.before as string[]) : []);
      const dropped = Array.isArray(f.before) && (f.before as string[]).some((x) => !(f.after as string[] | undefined)?.includes(x));
      const added = Array.isArray(f.after) && (f.after as string[]).some((x) => !before.has(x));
      if (key === 'properties') {
        return added ? make('INTERFACE_REQUIREMENT_ADDED', `${label}: implementers must now carry ${fromTo}`, extra) : make('INTERFACE_REQUIREMENT_REMOVED', `${label}: fewer required properties ${fromTo}`, extra);
      }
      return dropped ? make('INTERFACE_DROPPED', `${label}: ${key} ${fromTo}`, extra) : make('INTERFACE_IMPLEMENTED', `${label}: ${key} ${fromTo}`, extra);
    }
    default:
      if (DOC_FIELDS.has(key)) return make('DOCUMENTATION_CHANGED', `${label}: ${f.field} changed`, extra);
      return make('FIELD_CHANGED', `${label}: ${f.field} ${fromTo}`, extra);
  }
}

function classifyElement(c: ElementChange, out: ClassifiedChange[], sides: Sides): void {
  const label = elementLabel(c);
  const make: Make = (reason, message, extra) => {
    const cc: ClassifiedChange = { compatibility: REASONS[reason], reason, message, kind: c.kind, id: c.id, path: c.path, label, ...extra };
    return cc;
  };
  if (c.op === 'added') {
    const required = (c.kind === 'property' || c.kind === 'actionParameter' || c.kind === 'structField') && c.value?.required === true;
    out.push(required ? make('REQUIRED_PROPERTY_ADDED', `${c.kind} ${label} added as required`) : make('ELEMENT_ADDED', `${c.kind} ${label} added`));
    return;
  }
  if (c.op === 'removed') {
    out.push(c.kind === 'property' ? make('PROPERTY_REMOVED', `property ${label} removed`) : make('ELEMENT_REMOVED', `${c.kind} ${label} removed`));
    return;
  }
  // Documentation edits of one element read as one line, not one per field.
  const docs = c.fields.filter((f) => DOC_FIELDS.has(f.path[0] as string));
  if (docs.length > 0) out.push(make('DOCUMENTATION_CHANGED', `${label}: ${docs.map((f) => f.field).join(', ')} changed`, { field: docs.map((f) => f.field).join(',') }));
  // Likewise all annotation keys of one element.
  const notes = c.fields.filter((f) => f.path[0] === 'annotations');
  if (notes.length > 0) out.push(make('ANNOTATIONS_CHANGED', `${label}: annotations ${notes.map((f) => f.path[1] ?? '').join(', ')} changed`, { field: notes.map((f) => f.field).join(',') }));
  for (const f of c.fields) if (!DOC_FIELDS.has(f.path[0] as string) && f.path[0] !== 'annotations') out.push(classifyField(c, f, make, sides));
}

/** Classify every change between two ontologies (or of a precomputed diff of them). */
export function analyzeChanges(before: Ontology, after: Ontology, diff: OntologyDiff = diffOntologies(before, after)): ChangeReport {
  const changes: ClassifiedChange[] = [];
  for (const f of diff.header) {
    changes.push({ compatibility: 'COMPATIBLE', reason: 'METADATA_CHANGED', message: `ontology ${f.field} changed`, kind: 'ontology', path: f.path, label: after.name, field: f.field, before: f.before, after: f.after });
  }
  // Children of added or removed elements are part of that addition or removal.
  const wholesale = new Set(diff.changes.filter((c) => c.op !== 'changed' && c.path.length === 2).map((c) => c.path.join('/')));
  const sides: Sides = {
    before: new TypeHierarchy(before.objectTypes),
    after: new TypeHierarchy(after.objectTypes),
    name: (id) => after.objectTypes[id]?.apiName ?? before.objectTypes[id]?.apiName ?? id,
  };
  for (const c of diff.changes) {
    if (c.path.length > 2 && c.op !== 'changed' && wholesale.has(c.path.slice(0, 2).join('/'))) continue;
    classifyElement(c, changes, sides);
  }
  const counts: Record<Compatibility, number> = { COMPATIBLE: 0, BACKWARD_COMPATIBLE: 0, MIGRATION_REQUIRED: 0, INCOMPATIBLE: 0 };
  for (const c of changes) counts[c.compatibility]++;
  return { changes, bump: bumpFor(changes.map((c) => c.compatibility)), counts, breaking: changes.filter((c) => isBreaking(c.compatibility)) };
}
