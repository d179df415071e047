/**
 * Fractional order keys: a sibling's position is a string that sorts between its neighbours,
 * so moving or inserting one property changes one field and concurrent moves merge without
 * rewriting siblings. Keys are base-62 fractions without a trailing zero digit.
 * The midpoint algorithm follows the public-domain `fractional-indexing` (Figma's approach).
 */
import { ModelError } from '../errors';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? '0') === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a ? DIGITS.indexOf(a[0] as string) : 0;
  const digitB = b !== null ? DIGITS.indexOf(b[0] as string) : DIGITS.length;
  if (digitB - digitA > 1) return DIGITS[Math.round(0.5 * (digitA + digitB))] as string;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return (DIGITS[digitA] as string) + midpoint(a.slice(1), null);
}

function checkKey(key: string): void {
  if (!key || key.endsWith('0') || [...key].some((c) => !DIGITS.includes(c))) {
    throw new ModelError('ORDER_KEY_INVALID', `invalid order key "${key}"`);
  }
}

/** A key strictly between `before` and `after` (either may be absent: start/end of the list). */
export function keyBetween(before?: string | null, after?: string | null): string {
  if (before) checkKey(before);
  if (after) checkKey(after);
  if (before && after && before >= after) {
    throw new ModelError('ORDER_KEY_INVALID', `order key "${before}" is not before "${after}"`);
  }
  return midpoint(before ?? '', after ?? null);
}

/** `n` evenly spaced keys of equal width, for laying out a fresh list in one go. */
export function initialOrderKeys(n: number): string[] {
  if (n <= 0) return [];
  let width = 1;
  while (62 ** width <= n) width++;
  const step = 62 ** width / (n + 1);
  const keys: string[] = [];
  for (let i = 1; i <= n; i++) {
    let v = Math.floor(i * step);
    let s = '';
    for (let w = 0; w < width; w++) {
      s = DIGITS[v % 62] + s;
      v = Math.floor(v / 62);
    }
    s = s.replace(/0+$/, '');
    keys.push(s || '1');
  }
  return keys;
}

/**
 * A key strictly between two sibling keys. Keys written by hand or by other tools may not be valid
 * fractional keys (`keyBetween` refuses e.g. "10"); adding or moving a child must still work, so
 * fall back to a plain lexicographic midpoint in that case.
 */
export function orderKeyBetween(before: string | null, after: string | null): string {
  try {
    return keyBetween(before, after);
  } catch (err) {
    if (!(err instanceof ModelError) || err.code !== 'ORDER_KEY_INVALID') throw err;
  }
  const a = before ?? '';
  if (after === null) return `${a}V`;
  if (a >= after) throw new ModelError('ORDER_KEY_INVALID', `sibling order keys "${a}" and "${after}" are out of order`);
  let i = 0;
  while (i < a.length && a[i] === after[i]) i++;
  const hi = after.charCodeAt(i);
  if (i < a.length) {
    const lo = a.charCodeAt(i);
    // Room between the first differing characters: take the middle one; else extend `a`, which keeps s[i] < after[i].
    return hi - lo > 1 ? after.slice(0, i) + String.fromCharCode((lo + hi) >> 1) : `${a}V`;
  }
  // `a` is a prefix of `after`: a + (a character below after[i]) sorts between them.
  if (hi < 2) throw new ModelError('ORDER_KEY_INVALID', `no order key fits between "${a}" and "${after}"`);
  return a + String.fromCharCode(hi > 0x30 ? 0x30 + ((hi - 0x30) >> 1) : hi >> 1);
}
