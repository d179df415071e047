/**
 * Semantic diff of two ontologies: elements matched by id (so a rename is one `apiName` field
 * change), fields compared structurally, nested elements (properties, struct fields, action
 * parameters and rules) reported on their own. The output is plain JSON in a deterministic order,
 * so it can be stored, sent over IPC and compared byte for byte.
 */
import {
  COLLECTIONS, NESTED, allElements, annotationValueKey, normalizeAnnotationValue,
  type AnnotationValue, type ElementKind, type ElementRef, type Ontology,
} from '../model';
import { ATOMIC_FIELDS, deepEqual, isRecord, unionKeys, type JsonRecord } from './values';

export const DIFF_FORMAT = 'oms-diff/1';

export interface FieldChange {
  /** Segments joined with '/', e.g. `baseType`, `constraints/max`, `meta/baseIri`. */
  field: string;
  /** Segments relative to the element (or to the ontology root for header changes). */
  path: string[];
  /** Absent when the field did not exist before. */
  before?: unknown;
  /** Absent when the field was removed. */
  after?: unknown;
  /**
   * For set-valued fields (supertypes, equivalentTo, disjointWith, subPropertyOf, and each
   * annotation's value list): the members only `after` has / only `before` has, so a reader (and
   * the merge) sees which supertype or synonym changed instead of two whole lists.
   */
  added?: unknown[];
  removed?: unknown[];
}

export type ChangeOp = 'added' | 'removed' | 'changed';

export interface ElementChange {
  op: ChangeOp;
  kind: ElementKind;
  id: string;
  /** Owner id of a nested element. */
  parentId?: string;
  /** Path from the ontology root, e.g. ['objectTypes', ot, 'properties', p]. */
  path: string[];
  /** The element's apiName after the change (before it, for a removal). */
  apiName?: string;
  /** The owner's apiName, so a property reads as `Flight.departure`. */
  parentApiName?: string;
  /** The whole element without its nested children: the new value when added, the old when removed. */
  value?: JsonRecord;
  /** Field-level changes; only for `changed`. */
  fields: FieldChange[];
}

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  /** Number of changed header fields (name, description, meta entries). */
  header: number;
}

export interface OntologyDiff {
  format: typeof DIFF_FORMAT;
  header: FieldChange[];
  changes: ElementChange[];
  summary: DiffSummary;
}

const CHILD_FIELDS: Partial<Record<ElementKind, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(NESTED).map(([kind, fields]) => [kind, new Set(Object.keys(fields ?? {}))]),
);
const HEADER_SKIP: ReadonlySet<string> = new Set(['format', ...COLLECTIONS]);
const COLLECTION_RANK = new Map<string, number>(COLLECTIONS.map((c, i) => [c, i]));

/** The element's own fields: everything except its nested child maps. */
export function ownFields(kind: ElementKind, value: JsonRecord): JsonRecord {
  const skip = CHILD_FIELDS[kind];
  if (!skip) return value;
  const out: JsonRecord = {};
  for (const k in value) if (!skip.has(k)) out[k] = value[k];
  return out;
}

export function childFieldsOf(kind: ElementKind): ReadonlySet<string> | undefined {
  return CHILD_FIELDS[kind];
}

/**
 * Field changes between two records, recursing into plain sub-objects (constraints, meta, action
 * value mappings) but treating arrays and ATOMIC_FIELDS as single values.
 */
export function fieldChanges(before: JsonRecord, after: JsonRecord, skip?: ReadonlySet<string>, prefix: string[] = [], out: FieldChange[] = []): FieldChange[] {
  for (const key of unionKeys([before, after], skip)) {
    let b = before[key];
    let a = after[key];
    if (deepEqual(b, a)) continue;
    const path = [...prefix, key];
    // Annotations appearing or going away are still reported per key (annotations/definition).
    if (prefix.length === 0 && key === ANNOTATIONS) {
      b ??= {};
      a ??= {};
    }
    if (isRecord(b) && isRecord(a) && !(prefix.length === 0 && ATOMIC_FIELDS.has(key))) {
      fieldChanges(b, a, undefined, path, out);
    } else {
      out.push(fieldChange(path, b, a));
    }
  }
  return out;
}

export function fieldChange(path: string[], before: unknown, after: unknown): FieldChange {
  const fc: FieldChange = { field: path.join('/'), path };
  if (before !== undefined) fc.before = before;
  if (after !== undefined) fc.after = after;
  if (isMemberSetPath(path)) {
    const { added, removed } = memberDelta(path, before, after);
    if (added.length > 0) fc.added = added;
    if (removed.length > 0) fc.removed = removed;
  }
  return fc;
}

const ANNOTATIONS = 'annotations';
/** Set-valued fields new with the hierarchy (older ones such as `implements` keep their diff shape). */
const MEMBER_SET_FIELDS: ReadonlySet<string> = new Set(['supertypes', 'equivalentTo', 'disjointWith', 'subPropertyOf']);

/** `supertypes` & co. at the element's top level, or one annotation's value list. */
export function isMemberSetPath(path: readonly string[]): boolean {
  return (path.length === 1 && MEMBER_SET_FIELDS.has(path[0] as string)) || (path.length === 2 && path[0] === ANNOTATIONS);
}

/** Identity of a set member: the string itself, or an annotation value's content key. */
export function memberKey(path: readonly string[], member: unknown): string {
  return path[0] === ANNOTATIONS ? annotationValueKey(normalizeAnnotationValue(member as AnnotationValue)) : String(member);
}

function memberDelta(path: readonly string[], before: unknown, after: unknown): { added: unknown[]; removed: unknown[] } {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const keys = (v: unknown): Set<string> => new Set(list(v).map((m) => memberKey(path, m)));
  const [kb, ka] = [keys(before), keys(after)];
  return {
    added: list(after).filter((m) => !kb.has(memberKey(path, m))),
    removed: list(before).filter((m) => !ka.has(memberKey(path, m))),
  };
}

/** Total order on element paths: collection order of the model, then ids, parents before children. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const ra = COLLECTION_RANK.get(a[0] ?? '') ?? 99;
  const rb = COLLECTION_RANK.get(b[0] ?? '') ?? 99;
  if (ra !== rb) return ra - rb;
  const n = Math.min(a.length, b.length);
  for (let i = 1; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function pathKey(path: readonly string[]): string {
  return path.join('/');
}

function indexByPath(o: Ontology): Map<string, ElementRef> {
  const m = new Map<string, ElementRef>();
  for (const e of allElements(o)) m.set(pathKey(e.path), e);
  return m;
}

function parentApiName(o: Ontology, e: ElementRef): string | undefined {
  if (e.path.length < 4) return undefined;
  const parent = (o[e.path[0] as (typeof COLLECTIONS)[number]] as Record<string, { apiName?: string }>)[e.path[1] as string];
  return parent?.apiName;
}

function describe(op: ChangeOp, e: ElementRef, o: Ontology): ElementChange {
  const change: ElementChange = { op, kind: e.kind, id: e.id, path: e.path, fields: [] };
  if (e.parentId !== undefined) change.parentId = e.parentId;
  if (e.apiName !== undefined) change.apiName = e.apiName;
  const parentName = parentApiName(o, e);
  if (parentName !== undefined) change.parentApiName = parentName;
  return change;
}

export function diffOntologies(a: Ontology, b: Ontology): OntologyDiff {
  const header = fieldChanges(a as unknown as JsonRecord, b as unknown as JsonRecord, HEADER_SKIP);
  const before = indexByPath(a);
  const after = indexByPath(b);
  const changes: ElementChange[] = [];
  for (const [key, eb] of before) {
    const ea = after.get(key);
    if (!ea) {
      changes.push({ ...describe('removed', eb, a), value: ownFields(eb.kind, eb.value) });
      continue;
    }
    if (eb.value === ea.value) continue;
    const fields = fieldChanges(eb.value, ea.value, CHILD_FIELDS[eb.kind]);
    if (fields.length > 0) changes.push({ ...describe('changed', ea, b), fields });
  }
  for (const [key, ea] of after) {
    if (!before.has(key)) changes.push({ ...describe('added', ea, b), value: ownFields(ea.kind, ea.value) });
  }
  changes.sort((x, y) => comparePaths(x.path, y.path) || opRank(x.op) - opRank(y.op));
  const summary: DiffSummary = { added: 0, removed: 0, changed: 0, header: header.length };
  for (const c of changes) summary[c.op]++;
  return { format: DIFF_FORMAT, header, changes, summary };
}

function opRank(op: ChangeOp): number {
  return op === 'removed' ? 0 : op === 'added' ? 1 : 2;
}

export function isEmptyDiff(d: OntologyDiff): boolean {
  return d.header.length === 0 && d.changes.length === 0;
}
