/**
 * Structural sharing for re-parsed element values: every part of `next` that is deep-equal to the
 * same part of `prev` is replaced by `prev`'s object. A keystroke in one field then changes the
 * identity of that field's path only, so memoised rows and fields elsewhere in the editor (and
 * the picker over 50k types) see equal props and skip their render.
 */
type Json = unknown;

/** A JSON object (not an array, a Map, a Y type…): what both sharing and prop comparison descend into. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `next` with its unchanged parts taken from `prev`; `prev` itself when the two are deep-equal. */
export function shareUnchanged<T>(prev: Json, next: T): T {
  if (Object.is(prev, next)) return next;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let same = prev.length === next.length;
    const out = next.map((item: Json, i) => {
      const shared = i < prev.length ? shareUnchanged(prev[i], item) : item;
      if (shared !== prev[i]) same = false;
      return shared;
    });
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const nextKeys = Object.keys(next);
    let same = nextKeys.length === Object.keys(prev).length;
    const out: Record<string, unknown> = {};
    for (const k of nextKeys) {
      const shared = Object.hasOwn(prev, k) ? shareUnchanged(prev[k], next[k]) : next[k];
      if (!Object.hasOwn(prev, k) || shared !== prev[k]) same = false;
      out[k] = shared;
    }
    return (same ? prev : out) as T;
  }
  return next;
}
