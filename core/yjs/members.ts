/**
 * Set-valued fields stored as flat member keys on the element's own map:
 *
 *   `supertypes␟<id>` → true          (also equivalentTo, disjointWith, subPropertyOf)
 *   `annotations␟["<key>","<value identity>"]` → AnnotationValue
 *
 * (␟ is U+001F, which no field name contains.) Why not a nested Y.Map per field, like `implements`:
 * these fields are optional and absent on most elements, so the nested map would be created by the
 * first edit, and two peers adding the first supertype or synonym at once would each create one;
 * Yjs keeps one of the two maps and the other peer's value is silently lost. Flat keys live on a map
 * that exists from the element's creation, so concurrent adds always union, a remove deletes exactly
 * the member it saw, a delete of the element takes them with it, and an element without any costs
 * nothing. Annotation values are members by content (annotationValueKey), so editing one is remove
 * + add and equal values from two sides collapse.
 */
import type * as Y from 'yjs';
import { annotationValueKey, normalizeAnnotationValue, type AnnotationValue } from '../model';
import { cloneJson, jsonEqual } from './json';

export const MEMBER_SEPARATOR = '\u001f';
export const ANNOTATIONS_FIELD = 'annotations';
/** Fields holding sets of ids/IRIs as member keys. Field names are unique to their meaning across kinds. */
export const MEMBER_SET_FIELDS: ReadonlySet<string> = new Set(['supertypes', 'equivalentTo', 'disjointWith', 'subPropertyOf']);

export function isMemberField(field: string): boolean {
  return field === ANNOTATIONS_FIELD || MEMBER_SET_FIELDS.has(field);
}

/** The field a map key belongs to when it is a member key, else undefined. */
export function memberFieldOf(key: string): string | undefined {
  const at = key.indexOf(MEMBER_SEPARATOR);
  return at > 0 ? key.slice(0, at) : undefined;
}

export function annotationMemberKey(annotationKey: string, value: AnnotationValue): string {
  return `${ANNOTATIONS_FIELD}${MEMBER_SEPARATOR}${JSON.stringify([annotationKey, annotationValueKey(normalizeAnnotationValue(value))])}`;
}

export function setMemberKey(field: string, member: string): string {
  return `${field}${MEMBER_SEPARATOR}${member}`;
}

/** The member entries (key → stored value) that represent `value` of member field `field`. */
export function memberEntries(field: string, value: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value === undefined) return out;
  if (field === ANNOTATIONS_FIELD) {
    for (const [key, values] of Object.entries(value as Record<string, AnnotationValue[]>)) {
      for (const v of values) out.set(annotationMemberKey(key, v), normalizeAnnotationValue(v));
    }
  } else for (const member of value as string[]) out.set(setMemberKey(field, member), true);
  return out;
}

/** Make the member keys of `field` on `m` represent `value` (undefined: none), touching only what differs. */
export function writeMembers(m: Y.Map<unknown>, field: string, value: unknown): void {
  const want = memberEntries(field, value);
  const prefix = `${field}${MEMBER_SEPARATOR}`;
  for (const key of [...m.keys()]) if (key.startsWith(prefix) && !want.has(key)) m.delete(key);
  for (const [key, v] of want) if (!m.has(key) || !jsonEqual(m.get(key), v)) m.set(key, cloneJson(v));
}

/**
 * Collects member keys met while reading an element map into plain field values. A malformed member
 * (a peer wrote a key that does not parse) becomes a value the schema rejects, so a strict read
 * reports DOC_INVALID and a lenient one drops the element, as for any other bad field.
 */
export class MemberReader {
  private readonly sets = new Map<string, string[]>();
  /** Annotation key → values; null once a malformed member was met. Maps, so keys like `__proto__` stay plain keys. */
  private annotations: Map<string, unknown[]> | null | undefined;

  add(field: string, key: string, stored: unknown): void {
    const member = key.slice(field.length + 1);
    if (field !== ANNOTATIONS_FIELD) {
      const set = this.sets.get(field);
      if (set) set.push(member);
      else this.sets.set(field, [member]);
      return;
    }
    if (this.annotations === null) return;
    const annotationKey = parseAnnotationKey(member);
    if (annotationKey === undefined) {
      this.annotations = null;
      return;
    }
    this.annotations ??= new Map();
    const values = this.annotations.get(annotationKey);
    if (values) values.push(cloneJson(stored));
    else this.annotations.set(annotationKey, [cloneJson(stored)]);
  }

  /** Write the collected fields into `out` (sets sorted; annotation order is canonicalize's job). */
  into(out: Record<string, unknown>): void {
    for (const [field, set] of this.sets) out[field] = set.sort();
    if (this.annotations !== undefined) out[ANNOTATIONS_FIELD] = this.annotations === null ? null : Object.fromEntries(this.annotations);
  }
}

function parseAnnotationKey(member: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(member);
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : undefined;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}
