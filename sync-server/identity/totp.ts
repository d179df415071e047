/**
 * TOTP (RFC 6238) through otpauth: SHA-1, 6 digits, 30 s steps, ±1 step accepted. A code is
 * accepted at most once: the store keeps the last accepted step and only a later one passes.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD = 30;

export interface TotpCheck {
  /** The time step the code belongs to (stored so it cannot be used again). */
  step: number;
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD }).toString();
}

/** The step `code` matches within ±1 step of `now`, or null. */
export function matchTotp(secret: string, code: string, now: number, options: { digits?: number; algorithm?: string } = {}): TotpCheck | null {
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), algorithm: options.algorithm ?? 'SHA1', digits: options.digits ?? 6, period: TOTP_PERIOD, timestamp: now, window: 1 });
  if (delta === null) return null;
  return { step: TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta };
}

export function totpAt(secret: string, now: number, options: { digits?: number; algorithm?: string } = {}): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: options.algorithm ?? 'SHA1', digits: options.digits ?? 6, period: TOTP_PERIOD, timestamp: now });
}
