/**
 * Plain JSON helpers for atomic field values. Values handed to or read from Yjs are copied, because
 * Yjs keeps the very object it was given: a caller mutating it later would silently change the local
 * doc without producing an update, and the replicas would diverge.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = cloneJson(v);
  return out as T;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ea = Object.entries(a).filter(([, v]) => v !== undefined);
  const rb = b as Record<string, unknown>;
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ea.length === kb.length && ea.every(([k, v]) => k in rb && jsonEqual(v, rb[k]));
}
