/**
 * Opaque secrets (refresh tokens, recovery codes, service tokens, MFA challenge tokens, ids): random
 * from the CSPRNG, stored as SHA-256. Lookups go by the hash of what was presented, so the database
 * never compares secrets and a leaked table holds nothing usable.
 */
import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');

/** 256 bits, URL-safe. `prefix` tells a human (and a secret scanner) what a leaked string is. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** Recovery codes people copy by hand: 10 groups of 4 from an alphabet without look-alikes (50 bits). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

export const normaliseRecoveryCode = (code: string): string => code.trim().toLowerCase().replace(/[\s-]/g, '');

export const REFRESH_PREFIX = 'omsr_';
export const SERVICE_TOKEN_PREFIX = 'omss_';
export const MFA_PREFIX = 'omsm_';
