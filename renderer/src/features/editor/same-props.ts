/**
 * The React.memo comparer of editor fields. Editors rebuild small props on every render (an
 * `{ id }` address, a `forField(...)` slice of the diagnostics), so identity alone would re-render
 * every field on every keystroke; one level of content comparison (arrays item by item, plain
 * objects key by key, by identity) is enough because element values are structurally shared by
 * the model index. Functions are compared by identity: a new callback is a real change.
 */
import { isPlainObject } from '../../state/structural-share';

function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]));
  }
  return false;
}

export function sameFieldProps<P extends object>(a: Readonly<P>, b: Readonly<P>): boolean {
  const ka = Object.keys(a) as Array<keyof P>;
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && shallowEqual(a[k], b[k]));
}
