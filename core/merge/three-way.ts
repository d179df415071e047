/**
 * The primary pass of the three-way merge: every element (top-level and nested, matched by id) and
 * every field, base vs ours vs theirs. Unchanged-on-one-side elements are taken whole from the
 * other side without copying; only elements changed on both sides are merged field by field.
 * Unresolved conflicts leave `ours` in the draft (the provisional value), except delete/modify,
 * which keeps the modified element.
 */
import {
  COLLECTIONS, KIND_OF_COLLECTION, NESTED, annotationValueKey, normalizeAnnotationValue,
  type AnnotationValue, type ElementKind, type NestedKind, type Ontology, type TopLevelKind,
} from '../model';
import { ATOMIC_FIELDS, deepEqual, isRecord, type JsonRecord } from '../diff/values';
import { childFieldsOf } from '../diff/diff';
import { deleteModifyConflict, fieldConflict } from './conflicts';
import { mergeSet } from './sets';
import type { Conflict, MergeStats } from './types';

/**
 * Set-valued id lists: merged member by member (three-way, see sets.ts), never in conflict. Fields
 * marked `omit` are optional in the schema and absent rather than `[]` when empty.
 */
const SET_FIELDS: Partial<Record<ElementKind, ReadonlyMap<string, { omit: boolean }>>> = {
  objectType: new Map([['implements', { omit: false }], ['supertypes', { omit: true }], ['equivalentTo', { omit: true }], ['disjointWith', { omit: true }]]),
  interface: new Map([['extends', { omit: false }], ['properties', { omit: false }]]),
  property: new Map([['subPropertyOf', { omit: true }]]),
  sharedProperty: new Map([['subPropertyOf', { omit: true }]]),
  linkType: new Map([['subPropertyOf', { omit: true }]]),
};
const HEADER_SKIP: ReadonlySet<string> = new Set(['format', ...COLLECTIONS]);

/** Sorted three-way merge of id lists (ids are a set; sorted is their canonical order). */
export function mergeSets(b: unknown, o: unknown, t: unknown): string[] {
  const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);
  return mergeSet(list(b), list(o), list(t)).sort();
}

export interface PrimaryPass {
  draft: JsonRecord;
  conflicts: Conflict[];
  /** [collection, id] of top-level elements that differ from base on either side. */
  touched: Array<[string, string]>;
  stats: Pick<MergeStats, 'fromOurs' | 'fromTheirs' | 'merged'>;
}

export function primaryMerge(base: Ontology, ours: Ontology, theirs: Ontology): PrimaryPass {
  const conflicts: Conflict[] = [];
  const touched: Array<[string, string]> = [];
  const stats = { fromOurs: 0, fromTheirs: 0, merged: 0 };

  function mergeFields(kind: ElementKind | 'ontology', elementPath: string[], apiName: string | undefined, b: JsonRecord, o: JsonRecord, t: JsonRecord, skip: ReadonlySet<string> | undefined, prefix: string[], out: JsonRecord): void {
    const keys = new Set<string>();
    for (const k in o) keys.add(k);
    for (const k in t) keys.add(k);
    for (const k in b) keys.add(k);
    const sets = prefix.length === 0 && kind !== 'ontology' ? SET_FIELDS[kind] : undefined;
    for (const k of keys) {
      if (skip?.has(k)) continue;
      const bv = b[k];
      const ov = o[k];
      const tv = t[k];
      let v: unknown;
      if (deepEqual(ov, tv) || deepEqual(bv, tv)) v = ov;
      else if (deepEqual(bv, ov)) v = tv;
      else if (sets?.has(k)) {
        const merged = mergeSets(bv, ov, tv);
        v = merged.length === 0 && sets.get(k)?.omit ? undefined : merged;
      } else if (prefix.length === 1 && prefix[0] === 'annotations') {
        // Each annotation's values are a set (by content): concurrent synonyms union, a removal sticks.
        const list = (x: unknown): AnnotationValue[] | undefined => (Array.isArray(x) ? (x as AnnotationValue[]) : undefined);
        const merged = mergeSet(list(bv), list(ov), list(tv), (a) => annotationValueKey(normalizeAnnotationValue(a)));
        v = merged.length === 0 ? undefined : merged;
      }
      else if (prefix.length === 0 && k === 'annotations' && !Array.isArray(ov) && !Array.isArray(tv)) {
        // Annotations are optional: one side having none is an empty record, merged per key like any other.
        const sub: JsonRecord = {};
        mergeFields(kind, elementPath, apiName, (isRecord(bv) ? bv : {}), (isRecord(ov) ? ov : {}), (isRecord(tv) ? tv : {}), undefined, [k], sub);
        v = Object.keys(sub).length === 0 ? undefined : sub;
      } else if (isRecord(ov) && isRecord(tv) && (isRecord(bv) || bv === undefined) && !(prefix.length === 0 && ATOMIC_FIELDS.has(k))) {
        const sub: JsonRecord = {};
        mergeFields(kind, elementPath, apiName, (bv ?? {}) as JsonRecord, ov, tv, undefined, [...prefix, k], sub);
        v = sub;
      } else {
        conflicts.push(fieldConflict({ kind, elementPath, fieldPath: [...prefix, k], apiName, base: bv, ours: ov, theirs: tv }));
        v = ov;
      }
      if (v !== undefined) out[k] = v;
    }
  }

  /** Merge one element (with its nested children if top-level); undefined = absent from the result. */
  function mergeElement(kind: ElementKind, path: string[], b: JsonRecord | undefined, o: JsonRecord | undefined, t: JsonRecord | undefined, top: boolean): JsonRecord | undefined {
    if (b === undefined) {
      if (o === undefined || t === undefined) {
        if (top) {
          if (o) stats.fromOurs++;
          else stats.fromTheirs++;
        }
        return o ?? t;
      }
      if (deepEqual(o, t)) return o;
      return mergeBoth(kind, path, {}, o, t, top);
    }
    if (o === undefined || t === undefined) {
      if (o === undefined && t === undefined) return undefined;
      const survivor = (o ?? t) as JsonRecord;
      if (deepEqual(b, survivor)) return undefined;
      const deletedBy = o === undefined ? 'ours' : 'theirs';
      conflicts.push(deleteModifyConflict(kind, path, (survivor.apiName ?? b.apiName) as string | undefined, deletedBy, b, o, t));
      // Provisionally keep the modified element whichever side deleted it: nothing is lost before a
      // person decides, and what the merge shows does not depend on which branch is "ours".
      return survivor;
    }
    if (deepEqual(o, t)) return o;
    if (deepEqual(b, o)) {
      if (top) stats.fromTheirs++;
      return t;
    }
    if (deepEqual(b, t)) {
      if (top) stats.fromOurs++;
      return o;
    }
    return mergeBoth(kind, path, b, o, t, top);
  }

  function mergeBoth(kind: ElementKind, path: string[], b: JsonRecord, o: JsonRecord, t: JsonRecord, top: boolean): JsonRecord {
    if (top) stats.merged++;
    const out: JsonRecord = {};
    const apiName = (o.apiName ?? t.apiName) as string | undefined;
    mergeFields(kind, path, apiName, b, o, t, childFieldsOf(kind), [], out);
    const nested = top ? NESTED[kind as TopLevelKind] : undefined;
    for (const [field, childKind] of Object.entries(nested ?? {}) as Array<[string, NestedKind]>) {
      out[field] = mergeMap(childKind, [...path, field], b[field] as JsonRecord | undefined, o[field] as JsonRecord | undefined, t[field] as JsonRecord | undefined, false);
    }
    return out;
  }

  /**
   * Merge a map of elements keyed by id. Starts from a shallow copy of ours and patches only ids
   * where the sides differ, so the common case (an element both sides left alone) costs one
   * equality walk and no writes.
   */
  function mergeMap(kind: ElementKind, path: string[], b: JsonRecord | undefined, o: JsonRecord | undefined, t: JsonRecord | undefined, top: boolean, onTouched?: (id: string) => void): JsonRecord {
    const bm = b ?? {};
    const om = o ?? {};
    const tm = t ?? {};
    const out: JsonRecord = { ...om };
    const settle = (id: string, ov: JsonRecord | undefined, tv: JsonRecord | undefined): void => {
      onTouched?.(id);
      const v = mergeElement(kind, [...path, id], bm[id] as JsonRecord | undefined, ov, tv, top);
      if (v === undefined) delete out[id];
      else out[id] = v;
    };
    // Object.keys over for-in: these maps hold thousands of ids and are in dictionary mode.
    const oursIds = Object.keys(om);
    for (let i = 0; i < oursIds.length; i++) {
      const id = oursIds[i] as string;
      const ov = om[id] as JsonRecord;
      const tv = tm[id] as JsonRecord | undefined;
      // Identical on both sides (untouched, or the same change made twice): nothing to merge, and
      // nothing that could collide or dangle only in the combination.
      if (tv !== undefined && deepEqual(ov, tv)) continue;
      settle(id, ov, tv);
    }
    const theirsIds = Object.keys(tm);
    for (let i = 0; i < theirsIds.length; i++) {
      const id = theirsIds[i] as string;
      if (om[id] === undefined) settle(id, undefined, tm[id] as JsonRecord);
    }
    // Ids only in base were deleted on both sides: absent from `out` already.
    return out;
  }

  const draft: JsonRecord = { format: ours.format };
  mergeFields('ontology', [], undefined, base as unknown as JsonRecord, ours as unknown as JsonRecord, theirs as unknown as JsonRecord, HEADER_SKIP, [], draft);
  for (const c of COLLECTIONS) {
    draft[c] = mergeMap(KIND_OF_COLLECTION[c], [c], base[c] as JsonRecord, ours[c] as JsonRecord, theirs[c] as JsonRecord, true, (id) => touched.push([c, id]));
  }
  return { draft, conflicts, touched, stats };
}
