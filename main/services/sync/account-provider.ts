/**
 * Accounts on oms-sync: POST /auth/login (password, then the TOTP step when the account has MFA),
 * short-lived access tokens, and POST /auth/refresh, whose answer carries a NEW refresh token each
 * time (rotation: the server ends the session if an old one is ever used again, so the newest must
 * be kept — `onRotate` persists it before it is used).
 */
import { z } from 'zod';
import { IDENTITY_PATHS, LoginResponseSchema, TokenPairSchema, type TokenPair } from '../../../core/contract/identity-api';
import type { AuthProvider, PersistedCredential } from './auth-provider';
import { SyncError } from './errors';
import type { HttpJson} from './http-json';
import { type HttpFailure } from './http-json';

/** Refresh this long before the access token expires, so a connect never starts with a dying token. */
const EARLY_REFRESH_MS = 30_000;

function authError(f: HttpFailure): SyncError | undefined {
  if (f.status === 401 || f.status === 400 || f.status === 423) return new SyncError('SYNC_AUTH_FAILED', `${f.message} (${f.code})`, { serverCode: f.code, status: f.status });
  if (f.status === 429) return new SyncError('SYNC_SERVER_ERROR', `too many sign-in attempts; wait and try again (${f.code})`, { serverCode: f.code, status: f.status });
  return undefined;
}

export class AccountProvider implements AuthProvider {
  readonly kind = 'account' as const;
  private access: { token: string; expiresAt: number } | undefined;
  private refreshing: Promise<boolean> | undefined;

  private constructor(
    private readonly http: HttpJson,
    readonly user: string,
    private refreshToken: string,
    private readonly onRotate: (c: PersistedCredential) => void,
    private readonly now: () => number,
  ) {}

  /**
   * Sign in. An account with MFA answers `mfa_required`; pass `totp` up front or call again with
   * `mfaToken` from the SYNC_MFA_REQUIRED error's details.
   */
  static async signIn(
    http: HttpJson,
    creds: { username: string; password: string; totp?: string; deviceName?: string } | { mfaToken: string; totp?: string; recoveryCode?: string },
    onRotate: (c: PersistedCredential) => void,
    now: () => number = Date.now,
  ): Promise<AccountProvider> {
    const answer = await http.request('POST', IDENTITY_PATHS.login, { body: creds, schema: LoginResponseSchema, onError: authError });
    if (answer.status === 'mfa_required') {
      throw new SyncError('SYNC_MFA_REQUIRED', 'this account needs a code from its authenticator app', { mfaToken: answer.mfaToken, methods: answer.methods });
    }
    const p = new AccountProvider(http, answer.user.username, answer.refreshToken, onRotate, now);
    p.accept(answer);
    return p;
  }

  /** Resume a saved session from its refresh token (the next `accessToken()` refreshes). */
  static resume(http: HttpJson, saved: { user: string; refreshToken: string }, onRotate: (c: PersistedCredential) => void, now: () => number = Date.now): AccountProvider {
    return new AccountProvider(http, saved.user, saved.refreshToken, onRotate, now);
  }

  private accept(pair: TokenPair): void {
    this.refreshToken = pair.refreshToken;
    this.access = { token: pair.accessToken, expiresAt: this.now() + pair.expiresIn * 1000 };
    this.onRotate(this.persisted());
  }

  async accessToken(): Promise<string> {
    if (!this.access || this.access.expiresAt - EARLY_REFRESH_MS <= this.now()) {
      if (!(await this.refresh())) throw new SyncError('SYNC_AUTH_FAILED', 'the session ended; sign in again');
    }
    return this.access!.token;
  }

  /** One refresh at a time: two concurrent refreshes would present the same token twice (reuse → session revoked). */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<boolean> {
    try {
      const pair = await this.http.request('POST', IDENTITY_PATHS.refresh, { body: { refreshToken: this.refreshToken }, schema: TokenPairSchema, onError: authError });
      this.accept(pair);
      return true;
    } catch (err) {
      if (err instanceof SyncError && err.code === 'SYNC_AUTH_FAILED') {
        this.access = undefined;
        return false;
      }
      throw err;
    }
  }

  /** End the session on the server too (best effort: offline sign-out still forgets it locally). */
  async signOut(): Promise<void> {
    const token = this.access?.token;
    this.access = undefined;
    if (!token) return;
    await this.http.request('POST', IDENTITY_PATHS.logout, { body: { refreshToken: this.refreshToken }, token, schema: z.unknown() }).catch(() => undefined);
  }

  persisted(): PersistedCredential {
    return { kind: 'account', user: this.user, refreshToken: this.refreshToken };
  }
}
