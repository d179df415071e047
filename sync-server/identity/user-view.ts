/**
 * A user as the API shows it (no secrets). Kept apart from the identity service so that what only
 * formats users (the admin CLI's command table, loaded for `oms-sync --help`) does not load jose,
 * argon2 and the rest of sign-in.
 */
import type { User } from '../../core/contract/identity-api';
import type { UserRecord } from './account-store';

export function toUser(u: UserRecord): User {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    displayName: u.displayName,
    serverAdmin: u.serverAdmin,
    disabled: u.disabled,
    mfaEnabled: u.totpSecret !== null,
    createdAt: new Date(u.createdAt).toISOString(),
    passwordChangedAt: new Date(u.passwordChangedAt).toISOString(),
  };
}
