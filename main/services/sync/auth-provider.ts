/**
 * How the sync client proves who it is. Static tokens (today's token file, CI service accounts) and
 * accounts (POST /auth/login, /auth/refresh with rotation) implement one interface, so the room
 * client and the history client never care which one is configured.
 */
import { SyncError } from './errors';

export interface AuthProvider {
  readonly kind: 'token' | 'account';
  /** Who is signed in, for the status bar. */
  readonly user: string;
  /** A bearer token to send now. */
  accessToken(): Promise<string>;
  /** The server refused the token: try to get a new one. False when only signing in again helps. */
  refresh(): Promise<boolean>;
  /** What must be kept (encrypted) to sign in again without asking the user. */
  persisted(): PersistedCredential;
}

export type PersistedCredential =
  | { kind: 'token'; user: string; token: string }
  | { kind: 'account'; user: string; refreshToken: string };

export class StaticTokenProvider implements AuthProvider {
  readonly kind = 'token' as const;

  constructor(private readonly token: string, readonly user = 'token') {
    if (token.trim().length === 0) throw new SyncError('SYNC_AUTH_FAILED', 'an empty token cannot sign in');
  }

  accessToken(): Promise<string> {
    return Promise.resolve(this.token);
  }

  refresh(): Promise<boolean> {
    return Promise.resolve(false);
  }

  persisted(): PersistedCredential {
    return { kind: 'token', user: this.user, token: this.token };
  }
}
