/**
 * Three-way merge of a set: a member stays when both sides keep it, or when one side added it; a
 * member either side removed from base is gone. (A union ignoring base would bring back what one
 * side deliberately removed.) Order: ours first, then what only theirs has, each in its own order.
 */
const keyOf = (v: unknown): string => `${typeof v}:${String(v)}`;

/** `key` gives a member's identity (default: its primitive value; annotation values pass their content key). */
export function mergeSet<T>(base: readonly T[] | undefined, ours: readonly T[] | undefined, theirs: readonly T[] | undefined, key: (v: T) => string = keyOf): T[] {
  const keyOf = key;
  const inB = new Set((base ?? []).map(keyOf));
  const inO = new Set((ours ?? []).map(keyOf));
  const inT = new Set((theirs ?? []).map(keyOf));
  const keep = (k: string): boolean => (inO.has(k) && inT.has(k)) || (inO.has(k) && !inB.has(k)) || (inT.has(k) && !inB.has(k));
  const out: T[] = [];
  const seen = new Set<string>();
  for (const v of [...(ours ?? []), ...(theirs ?? [])]) {
    const k = keyOf(v);
    if (seen.has(k) || !keep(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
