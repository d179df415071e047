/**
 * Password hashing (argon2id through @node-rs/argon2: a maintained native binding, PHC strings with
 * a per-user random salt) and the password policy. Verification of an unknown user runs against a
 * dummy hash of the same cost, so it takes as long as a wrong password for a real one.
 */
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import { IdentityError } from './errors';

export interface HashParams {
  /** KiB of memory per hash. OWASP's argon2id minimum: 19 MiB, t=2, p=1. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export const DEFAULT_HASH_PARAMS: HashParams = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  constructor(private readonly params: HashParams) {}

  hash(password: string): Promise<string> {
    return hash(password, { ...this.params, algorithm: ARGON2ID });
  }

  /** Verify against a stored PHC string; a malformed stored hash is a store fault, not a wrong password. */
  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch (err) {
      throw new IdentityError('IDENTITY_STORE_FAILED', 'stored password hash is unreadable', undefined, { cause: err });
    }
  }

  /** Spend the time of one verification without a user (unknown user names). */
  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('oms-sync dummy password for unknown users');
    await verify(await this.dummy, password);
  }
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** zxcvbn score 0-4 the password must reach (3 = "safely unguessable"); 0 turns the check off. */
  minStrength: number;
  /** The N most recent passwords (the current one included) are refused. */
  historySize: number;
  /** Days after which a password must be changed; 0 = never. */
  maxAgeDays: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, maxLength: 256, minStrength: 3, historySize: 5, maxAgeDays: 0 };

let zxcvbn: ZxcvbnFactory | null = null;
function estimator(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs });
  return zxcvbn;
}

/** Refuse a new password by the policy's static rules (length, strength, the user's own name). */
export function checkPasswordPolicy(policy: PasswordPolicy, password: string, user: { username: string; email: string | null; displayName?: string | null }): void {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`at least ${policy.minLength} characters`);
  if (length > policy.maxLength) problems.push(`at most ${policy.maxLength} characters`);
  const lower = password.toLowerCase();
  const own = [user.username, user.email, user.email?.split('@')[0], user.displayName].filter((s): s is string => !!s && s.length >= 3).map((s) => s.toLowerCase());
  if (own.some((s) => lower.includes(s))) problems.push('must not contain your user name or e-mail');
  if (problems.length === 0 && policy.minStrength > 0) {
    const result = estimator().check(password.slice(0, 100), own);
    if (result.score < policy.minStrength) {
      problems.push(`too easy to guess${result.feedback.warning ? ` (${result.feedback.warning})` : ''}; try a longer passphrase`);
    }
  }
  if (problems.length > 0) throw new IdentityError('PASSWORD_POLICY', `password refused: ${problems.join('; ')}`, { problems });
}
