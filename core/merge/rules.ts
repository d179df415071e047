/**
 * Shipped resolution rules. Each looks at one conflict and either settles it or passes; merge3
 * tries them in order. Rules never narrow data: a rule that cannot find a value both sides' data
 * fits into leaves the conflict to a human.
 */
import type { BaseType } from '../model';
import { isRecord } from '../diff/values';
import { compareTypes, joinTypes } from './widening';
import type { Conflict, Resolution, ResolutionRule } from './types';
import { deepEqual } from '../diff/values';
import { mergeSet } from './sets';

/** Pick `ours`/`theirs` when the computed value equals one side, so reports read naturally. */
function valueResolution(c: Conflict, value: unknown): Resolution {
  if (deepEqual(value, c.ours)) return { pick: 'ours' };
  if (deepEqual(value, c.theirs)) return { pick: 'theirs' };
  return { pick: 'custom', value };
}

const isBaseType = (v: unknown): v is BaseType => isRecord(v) && typeof v.type === 'string';

/** integer+long → long, integer/long+double → double, date+timestamp → timestamp, element-wise for arrays. */
export const typeWidening: ResolutionRule = {
  name: 'type-widening',
  local: true,
  resolve(c) {
    if (c.code !== 'BASE_TYPE_CONFLICT' || !isBaseType(c.ours) || !isBaseType(c.theirs)) return undefined;
    const joined = joinTypes(c.ours, c.theirs);
    if (!joined) return undefined;
    // Both sides narrowed below base: the join would still narrow, which a rule must not decide.
    if (isBaseType(c.base) && compareTypes(c.base, joined) === 'narrowed') return undefined;
    return valueResolution(c, joined);
  },
};

type Bound = 'min' | 'max';
const LOOSER: Record<string, Bound> = { min: 'min', minLength: 'min', max: 'max', maxLength: 'max' };

/**
 * Value-type constraints become the looser of both: enum values merged three-way (what a side added
 * is kept, what a side removed stays removed), the lower minimum and the
 * higher maximum (a side that dropped the bound wins), regexes only when equal (never, as a conflict).
 */
export const constraintUnion: ResolutionRule = {
  name: 'constraint-union',
  local: true,
  resolve(c) {
    if (c.code !== 'FIELD_CONFLICT' || c.kind !== 'valueType' || !c.field?.startsWith('constraints/')) return undefined;
    const key = c.field.slice('constraints/'.length);
    if (key === 'enum') {
      // A side that dropped the enum allows every value: the looser of both.
      if (!Array.isArray(c.ours) || !Array.isArray(c.theirs)) return valueResolution(c, undefined);
      const merged = mergeSet(Array.isArray(c.base) ? (c.base as unknown[]) : undefined, c.ours as unknown[], c.theirs as unknown[]);
      // Both sides' removals together would leave no allowed value: that is for a person to decide.
      return merged.length === 0 ? undefined : valueResolution(c, merged);
    }
    const bound = LOOSER[key];
    if (!bound) return undefined;
    if (typeof c.ours !== 'number' || typeof c.theirs !== 'number') return valueResolution(c, undefined);
    return valueResolution(c, bound === 'min' ? Math.min(c.ours, c.theirs) : Math.max(c.ours, c.theirs));
  },
};

export const CONCAT_MARKERS = { start: '<<<<<<< ours', middle: '=======', end: '>>>>>>> theirs' } as const;

/** Descriptions edited on both sides keep both texts between conflict markers for a human to tidy. */
export const descriptionConcat: ResolutionRule = {
  name: 'description-concat',
  local: true,
  resolve(c) {
    if (c.code !== 'FIELD_CONFLICT' || c.field !== 'description') return undefined;
    const ours = typeof c.ours === 'string' ? c.ours : '';
    const theirs = typeof c.theirs === 'string' ? c.theirs : '';
    if (!ours || !theirs) return valueResolution(c, ours || theirs);
    return { pick: 'custom', value: `${CONCAT_MARKERS.start}\n${ours}\n${CONCAT_MARKERS.middle}\n${theirs}\n${CONCAT_MARKERS.end}` };
  },
};

/**
 * Settle every conflict under a path prefix (e.g. `valueTypes` or `objectTypes/<id>`) in favour
 * of one side; the longest matching prefix decides when both sides list one.
 */
export function preferSide(config: { ours?: readonly string[]; theirs?: readonly string[] }): ResolutionRule {
  const entries = [
    ...(config.ours ?? []).map((p) => ({ prefix: p.replace(/\/+$/, ''), side: 'ours' as const })),
    ...(config.theirs ?? []).map((p) => ({ prefix: p.replace(/\/+$/, ''), side: 'theirs' as const })),
  ].sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    name: 'prefer-side',
    local: true,
    resolve(c) {
      const path = c.path.join('/');
      const hit = entries.find((e) => e.prefix === '' || path === e.prefix || path.startsWith(`${e.prefix}/`));
      return hit && c.candidates.includes(hit.side) ? { pick: hit.side } : undefined;
    },
  };
}

export const DEFAULT_RULES: readonly ResolutionRule[] = [typeWidening, constraintUnion, descriptionConcat];
