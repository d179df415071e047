import { OmsError } from '../../core/errors';

/** Stable codes of the identity boundary; the HTTP layer maps each to one status. */
export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'MFA_INVALID'
  | 'RATE_LIMITED'
  | 'PASSWORD_POLICY'
  | 'PASSWORD_EXPIRED'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'SESSION_REVOKED'
  | 'REFRESH_INVALID'
  | 'REFRESH_REUSED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_ARGUMENT'
  | 'IDENTITY_STORE_FAILED';

export class IdentityError extends OmsError {
  declare readonly code: IdentityErrorCode;

  constructor(code: IdentityErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

export const IDENTITY_STATUS: Readonly<Record<IdentityErrorCode, number>> = {
  INVALID_CREDENTIALS: 401,
  MFA_INVALID: 401,
  RATE_LIMITED: 429,
  PASSWORD_POLICY: 422,
  PASSWORD_EXPIRED: 403,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  SESSION_REVOKED: 401,
  REFRESH_INVALID: 401,
  REFRESH_REUSED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_ARGUMENT: 400,
  IDENTITY_STORE_FAILED: 500,
};
