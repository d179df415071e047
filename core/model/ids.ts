/**
 * Element ids are stable and never reused: a rename changes `apiName`, never the id,
 * so references survive renames and merges match elements by identity.
 * Format: ULID-like (48-bit time + 80 random bits, Crockford base32) so ids sort by creation.
 */
import { uint32 } from 'lib0/random';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,80}$/;

export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (let i = 0; i < 4; i++) {
    // 4 × 4 base-32 digits from a CSPRNG word each (80 random bits in all).
    let word = uint32();
    for (let j = 0; j < 4; j++) {
      rand += ALPHABET[word % 32];
      word = Math.floor(word / 32);
    }
  }
  return time + rand;
}

/** Deterministic ids for generated content (imports, tests): same seed text → same id. */
export function idFromString(text: string): string {
  // FNV-1a 64-bit over the UTF-16 code units, printed in base32; collisions are checked by callers.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  let out = '';
  for (let v of [h1, h2]) {
    for (let i = 0; i < 7; i++) {
      out += ALPHABET[v % 32];
      v = Math.floor(v / 32);
    }
  }
  return out;
}
