/**
 * The widening order on base types: a value of the narrower type is always representable in the
 * wider one (integer ⊂ long ⊂ double, long ⊂ decimal, date ⊂ timestamp; arrays element-wise).
 * Shared by the type-widening merge rule and change analysis (widened vs narrowed).
 */
import type { BaseType } from '../model';
import { deepEqual } from '../diff/values';

const WIDER: Record<string, readonly string[]> = {
  integer: ['long', 'double', 'decimal'],
  long: ['double', 'decimal'],
  date: ['timestamp'],
};

/** True when every value of `a` is a value of `b` (a ⊑ b). */
export function isWiderOrEqual(b: BaseType, a: BaseType): boolean {
  if (deepEqual(a, b)) return true;
  if (a.type === 'array' && b.type === 'array') return isWiderOrEqual(b.items, a.items);
  return WIDER[a.type]?.includes(b.type) ?? false;
}

/** The narrowest type both widen to, or undefined when they are unrelated (string vs integer). */
export function joinTypes(a: BaseType, b: BaseType): BaseType | undefined {
  if (isWiderOrEqual(b, a)) return b;
  if (isWiderOrEqual(a, b)) return a;
  if (a.type === 'array' && b.type === 'array') {
    const items = joinTypes(a.items, b.items);
    return items ? { type: 'array', items } : undefined;
  }
  // integer + double → double, integer + decimal → decimal: take the common upper bound if unique.
  const ups = (WIDER[a.type] ?? []).filter((t) => (WIDER[b.type] ?? []).includes(t) || t === b.type);
  const least = ups.find((t) => ups.every((u) => u === t || (WIDER[t] ?? []).includes(u)));
  return least ? ({ type: least } as BaseType) : undefined;
}

export type TypeChange = 'same' | 'widened' | 'narrowed' | 'changed';

export function compareTypes(before: BaseType, after: BaseType): TypeChange {
  if (deepEqual(before, after)) return 'same';
  if (isWiderOrEqual(after, before)) return 'widened';
  if (isWiderOrEqual(before, after)) return 'narrowed';
  return 'changed';
}
