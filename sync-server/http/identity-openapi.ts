/**
 * The identity part of the OpenAPI document (paths of http/identity-routes.ts), from the zod
 * schemas of core/contract/identity-api.ts; openapi.ts registers the components and spreads these paths.
 */
import {
  AuditListSchema,
  AuthorshipListSchema,
  ChangePasswordRequestSchema,
  CreateServiceAccountRequestSchema,
  CreateServiceTokenRequestSchema,
  CreateUserRequestSchema,
  CreateWorkspaceRequestSchema,
  DisableMfaRequestSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  MemberListSchema,
  MemberSchema,
  ProtectBranchRequestSchema,
  ProtectedBranchListSchema,
  ProtectedBranchSchema,
  RecoveryCodesSchema,
  RefreshRequestSchema,
  ServiceAccountListSchema,
  ServiceAccountSchema,
  ServiceTokenSchema,
  SessionListSchema,
  SetMemberRequestSchema,
  TokenPairSchema,
  TotpEnrolmentSchema,
  TotpVerifyRequestSchema,
  UpdateUserRequestSchema,
  UserPermissionsSchema,
  UserSchema,
  ValidateResponseSchema,
} from '../../core/contract/identity-api';

export const IDENTITY_COMPONENTS = {
  LoginRequest: LoginRequestSchema,
  LoginResponse: LoginResponseSchema,
  TokenPair: TokenPairSchema,
  RefreshRequest: RefreshRequestSchema,
  ValidateResponse: ValidateResponseSchema,
  User: UserSchema,
  CreateUserRequest: CreateUserRequestSchema,
  UpdateUserRequest: UpdateUserRequestSchema,
  UserPermissions: UserPermissionsSchema,
  ChangePasswordRequest: ChangePasswordRequestSchema,
  TotpEnrolment: TotpEnrolmentSchema,
  TotpVerifyRequest: TotpVerifyRequestSchema,
  RecoveryCodes: RecoveryCodesSchema,
  DisableMfaRequest: DisableMfaRequestSchema,
  SessionList: SessionListSchema,
  CreateWorkspaceRequest: CreateWorkspaceRequestSchema,
  Member: MemberSchema,
  MemberList: MemberListSchema,
  SetMemberRequest: SetMemberRequestSchema,
  ProtectedBranch: ProtectedBranchSchema,
  ProtectedBranchList: ProtectedBranchListSchema,
  ProtectBranchRequest: ProtectBranchRequestSchema,
  ServiceAccount: ServiceAccountSchema,
  ServiceAccountList: ServiceAccountListSchema,
  CreateServiceAccountRequest: CreateServiceAccountRequestSchema,
  CreateServiceTokenRequest: CreateServiceTokenRequestSchema,
  ServiceToken: ServiceTokenSchema,
  AuditList: AuditListSchema,
  AuthorshipList: AuthorshipListSchema,
} as const;
type Name = keyof typeof IDENTITY_COMPONENTS | 'ApiError';

const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const ok = (name: Name, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const err = (description: string) => ok('ApiError', description);
const input = (name: Name) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const none = (description: string) => ({ description });
const param = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const userParam = param('id', 'User id, or `me`.');
const wsParam = { name: 'workspace', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } };
const branchParam = param('branch', 'Branch name; may contain "/".');
const denied = { '401': err('Missing, invalid, expired or revoked token'), '403': err('FORBIDDEN: the permission table does not grant this') };
const secured = { security: [{ bearer: [] }] };

function op(operationId: string, summary: string, extra: Record<string, unknown>, auth = true): Record<string, unknown> {
  return { operationId, summary, tags: ['identity'], ...(auth ? secured : {}), ...extra };
}

export function identityPaths(): Record<string, unknown> {
  const ws = '/api/v1/workspaces/{workspace}';
  return {
    '/auth/login': {
      post: op(
        'login',
        'Sign in with user name (or e-mail) and password. With MFA on, answers `mfa_required` with an mfaToken; send it back with a TOTP or recovery code. Unknown users and wrong passwords get the same answer.',
        { requestBody: input('LoginRequest'), responses: { '200': ok('LoginResponse', 'Tokens, or the MFA step'), '400': err('INVALID_BODY'), '401': err('INVALID_CREDENTIALS / MFA_INVALID'), '429': err('RATE_LIMITED (Retry-After)') } },
        false,
      ),
    },
    '/auth/refresh': {
      post: op(
        'refresh',
        'Exchange a refresh token (single use) for new tokens. Reusing a spent refresh token revokes the whole session.',
        { requestBody: input('RefreshRequest'), responses: { '200': ok('TokenPair', 'New tokens'), '401': err('REFRESH_INVALID / REFRESH_REUSED / SESSION_REVOKED') } },
        false,
      ),
    },
    '/auth/logout': { post: op('logout', 'End this session (its access and refresh tokens stop working at once)', { responses: { '204': none('Signed out'), ...denied } }) },
    '/auth/validate': { get: op('validate', 'Who the bearer token speaks for', { responses: { '200': ok('ValidateResponse', 'Valid'), ...denied } }) },
    '/users': {
      get: op('listUsers', 'Every user (server administrators)', { responses: { '200': { description: 'Users' }, ...denied } }),
      post: op('createUser', 'Create a user (server administrators); the password policy applies', { requestBody: input('CreateUserRequest'), responses: { '201': ok('User', 'Created'), '409': err('CONFLICT'), '422': err('PASSWORD_POLICY'), ...denied } }),
    },
    '/users/{id}': {
      parameters: [userParam],
      get: op('getUser', 'A user (yourself, or anyone for server administrators)', { responses: { '200': ok('User', 'User'), '404': err('NOT_FOUND'), ...denied } }),
      patch: op('updateUser', 'Disable / enable, rename (server administrators); disabling revokes every session', { requestBody: input('UpdateUserRequest'), responses: { '200': ok('User', 'Updated'), ...denied } }),
      delete: op('deleteUser', 'Delete a user (server administrators)', { responses: { '204': none('Deleted'), '409': err('CONFLICT: last administrator'), ...denied } }),
    },
    '/users/{id}/permissions': {
      parameters: [userParam],
      get: op('userPermissions', 'Roles per workspace and what they allow (the permission table)', { responses: { '200': ok('UserPermissions', 'Permissions'), ...denied } }),
    },
    '/users/{id}/password': {
      parameters: [userParam],
      post: op('changePassword', 'Change your password (currentPassword required) or reset someone else\'s (administrators); other sessions are revoked. Accepted with an expired password.', {
        requestBody: input('ChangePasswordRequest'),
        responses: { '204': none('Changed'), '422': err('PASSWORD_POLICY (length, strength, own name, recent passwords)'), ...denied },
      }),
    },
    '/users/{id}/mfa/totp': {
      parameters: [userParam],
      post: op('enrolTotp', 'Start TOTP enrolment: a secret and an otpauth:// URI for the authenticator app', { responses: { '200': ok('TotpEnrolment', 'Enrolment'), '409': err('CONFLICT: already on'), ...denied } }),
    },
    '/users/{id}/mfa/totp/verify': {
      parameters: [userParam],
      post: op('verifyTotp', 'Confirm enrolment with a first code; returns one-time recovery codes (shown once)', { requestBody: input('TotpVerifyRequest'), responses: { '200': ok('RecoveryCodes', 'MFA on'), ...denied, '401': err('MFA_INVALID, or a missing/invalid token') } }),
    },
    '/users/{id}/mfa': {
      parameters: [userParam],
      delete: op('disableMfa', 'Turn MFA off (your password required) or reset it (administrators)', { requestBody: input('DisableMfaRequest'), responses: { '204': none('MFA off'), ...denied } }),
    },
    '/users/{id}/sessions': {
      parameters: [userParam],
      get: op('listSessions', 'Active sessions', { responses: { '200': ok('SessionList', 'Sessions'), ...denied } }),
    },
    '/users/{id}/sessions/{session}': {
      parameters: [userParam, param('session', 'Session id')],
      delete: op('revokeSession', 'Revoke a session; its open WebSockets close within a second', { responses: { '204': none('Revoked'), '404': err('NOT_FOUND'), ...denied } }),
    },
    '/api/v1/workspaces': {
      post: op('createWorkspace', 'Create a workspace (server administrators); the creator becomes its owner', { requestBody: input('CreateWorkspaceRequest'), responses: { '201': none('Created'), '409': err('CONFLICT'), ...denied } }),
    },
    [`${ws}/members`]: { parameters: [wsParam], get: op('listMembers', 'Members and roles (read)', { responses: { '200': ok('MemberList', 'Members'), ...denied } }) },
    [`${ws}/members/{user}`]: {
      parameters: [wsParam, param('user', 'User id or name')],
      put: op('setMember', 'Add a member or change their role (manage_members; the owner role needs manage_workspace)', { requestBody: input('SetMemberRequest'), responses: { '200': ok('Member', 'Member'), ...denied } }),
      delete: op('removeMember', 'Remove a member (manage_members); their sockets close within a second', { responses: { '204': none('Removed'), '409': err('CONFLICT: last owner'), ...denied } }),
    },
    [`${ws}/protected`]: { parameters: [wsParam], get: op('listProtected', 'Protected branches (read)', { responses: { '200': ok('ProtectedBranchList', 'Protected branches'), ...denied } }) },
    [`${ws}/protected/{branch}`]: {
      parameters: [wsParam, branchParam],
      put: op('protectBranch', 'Protect a branch (protect_branch): direct writes from maintainers and above only; requireReview refuses direct writes altogether', {
        requestBody: input('ProtectBranchRequest'),
        responses: { '200': ok('ProtectedBranch', 'Protected'), ...denied },
      }),
      delete: op('unprotectBranch', 'Unprotect a branch (protect_branch)', { responses: { '204': none('Unprotected'), '404': err('NOT_FOUND'), ...denied } }),
    },
    [`${ws}/service-accounts`]: {
      parameters: [wsParam],
      get: op('listServiceAccounts', 'Service accounts (manage_members)', { responses: { '200': ok('ServiceAccountList', 'Accounts'), ...denied } }),
      post: op('createServiceAccount', 'Create a service account (manage_members; never above your own role)', { requestBody: input('CreateServiceAccountRequest'), responses: { '201': ok('ServiceAccount', 'Created'), ...denied } }),
    },
    [`${ws}/service-accounts/{account}`]: {
      parameters: [wsParam, param('account', 'Service account id')],
      delete: op('deleteServiceAccount', 'Delete a service account and its tokens', { responses: { '204': none('Deleted'), ...denied } }),
    },
    [`${ws}/service-accounts/{account}/tokens`]: {
      parameters: [wsParam, param('account', 'Service account id')],
      post: op('createServiceToken', 'A long-lived token, shown once (stored hashed); optionally delegated: on behalf of a user, with a reason', {
        requestBody: input('CreateServiceTokenRequest'),
        responses: { '201': ok('ServiceToken', 'Token'), ...denied },
      }),
    },
    [`${ws}/service-tokens/{token}`]: {
      parameters: [wsParam, param('token', 'Token id')],
      delete: op('revokeServiceToken', 'Revoke a service token; its sockets close within a second', { responses: { '204': none('Revoked'), ...denied } }),
    },
    [`${ws}/audit`]: { parameters: [wsParam], get: op('readAudit', 'Audit log, newest first (read_audit)', { responses: { '200': ok('AuditList', 'Entries'), ...denied } }) },
    [`${ws}/authorship`]: {
      parameters: [wsParam, { name: 'branch', in: 'query', required: false, schema: { type: 'string' } }],
      get: op('readAuthorship', 'Server-verified authors of live update batches and branch moves (read)', { responses: { '200': ok('AuthorshipList', 'Entries'), ...denied } }),
    },
  };
}
