/**
 * Wire contract of oms-sync's identity endpoints: sign-in (with the MFA step), token refresh,
 * sessions, users, MFA, memberships, protected branches and service accounts. Shared by the server
 * (validation, OpenAPI) and the desktop's sync client, which signs in with POST /auth/login and
 * keeps its session with POST /auth/refresh: those two shapes are stable.
 */
import { z } from 'zod';

/** Paths of the identity endpoints, so clients never spell them by hand. */
export const IDENTITY_PATHS = {
  login: '/auth/login',
  refresh: '/auth/refresh',
  logout: '/auth/logout',
  validate: '/auth/validate',
  users: '/users',
} as const;

export const WORKSPACE_ROLES = ['owner', 'admin', 'maintainer', 'editor', 'viewer'] as const;
export const WorkspaceRoleSchema = z.enum(WORKSPACE_ROLES);
export type WorkspaceRole = z.infer<typeof WorkspaceRoleSchema>;

/** User names: what people type at sign-in. Lower-case so `Alice` and `alice` are one account. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const UsernameSchema = z.string().regex(USERNAME, 'user names are 2-64 of a-z 0-9 . _ -, starting with a letter or digit');
/** Opaque server-assigned ids (users, sessions, service accounts). */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not an id');

export const PasswordLoginSchema = z.strictObject({
  username: z.string().min(1).max(320).describe('User name or e-mail address.'),
  password: z.string().min(1).max(1024),
  /** Optional: a client that already has the code may send it with the password (one round trip). */
  totp: z.string().regex(/^\d{6}$/).optional(),
  deviceName: z.string().max(100).optional().describe('Shown in the session list ("Alice\'s laptop").'),
});

/** The second step: the mfaToken from a `mfa_required` answer plus a TOTP or recovery code. */
export const MfaLoginSchema = z.strictObject({
  mfaToken: z.string().min(16).max(512),
  totp: z.string().regex(/^\d{6}$/).optional(),
  recoveryCode: z.string().min(8).max(64).optional(),
});

export const LoginRequestSchema = z.union([PasswordLoginSchema, MfaLoginSchema]);
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserSchema = z.strictObject({
  id: IdSchema,
  username: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  serverAdmin: z.boolean(),
  disabled: z.boolean(),
  mfaEnabled: z.boolean(),
  createdAt: z.iso.datetime(),
  passwordChangedAt: z.iso.datetime(),
});
export type User = z.infer<typeof UserSchema>;

/** Tokens of a signed-in session. `expiresIn`/`refreshExpiresIn` are seconds from now. */
export const TokenPairSchema = z.strictObject({
  status: z.literal('ok'),
  tokenType: z.literal('Bearer'),
  accessToken: z.string().describe('JWT (EdDSA); send as `Authorization: Bearer` and as `?token=` on the WebSocket.'),
  expiresIn: z.number().int().positive(),
  refreshToken: z.string().describe('Opaque, single use: every refresh returns a new one; reusing an old one ends the session.'),
  refreshExpiresIn: z.number().int().positive(),
  sessionId: IdSchema,
  user: UserSchema,
  /** The password is past its maximum age: only the password change endpoint accepts this token. */
  passwordChangeRequired: z.boolean(),
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const MfaRequiredSchema = z.strictObject({
  status: z.literal('mfa_required'),
  mfaToken: z.string(),
  expiresIn: z.number().int().positive(),
  methods: z.array(z.enum(['totp', 'recovery'])),
});
export type MfaRequired = z.infer<typeof MfaRequiredSchema>;

export const LoginResponseSchema = z.discriminatedUnion('status', [TokenPairSchema, MfaRequiredSchema]);
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const RefreshRequestSchema = z.strictObject({ refreshToken: z.string().min(16).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const LogoutRequestSchema = z.strictObject({ refreshToken: z.string().min(16).max(512).optional() }).default({});

/** Who the bearer token speaks for (GET /auth/validate). */
export const AuthorSchema = z.strictObject({
  kind: z.enum(['user', 'service-account', 'static-token']),
  id: z.string(),
  name: z.string(),
  sessionId: z.string().nullable(),
  /** A delegated service-account token: on whose behalf and why. */
  onBehalfOf: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Author = z.infer<typeof AuthorSchema>;

export const ValidateResponseSchema = z.strictObject({
  valid: z.literal(true),
  author: AuthorSchema,
  expiresAt: z.iso.datetime().nullable(),
});
export type ValidateResponse = z.infer<typeof ValidateResponseSchema>;

export const CreateUserRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: z.string().min(1).max(1024),
  email: z.email().max(320).optional(),
  displayName: z.string().min(1).max(200).optional(),
  serverAdmin: z.boolean().optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z.strictObject({ disabled: z.boolean().optional(), displayName: z.string().min(1).max(200).optional() });

export const ChangePasswordRequestSchema = z.strictObject({
  /** Required when changing one's own password; an admin resetting someone else's omits it. */
  currentPassword: z.string().min(1).max(1024).optional(),
  newPassword: z.string().min(1).max(1024),
});

export const TotpEnrolmentSchema = z.strictObject({ secret: z.string(), otpauthUri: z.string() });
export const TotpVerifyRequestSchema = z.strictObject({ totp: z.string().regex(/^\d{6}$/) });
export const RecoveryCodesSchema = z.strictObject({ recoveryCodes: z.array(z.string()) });
export const DisableMfaRequestSchema = z.strictObject({ password: z.string().min(1).max(1024).optional() }).default({});

export const SessionSchema = z.strictObject({
  id: IdSchema,
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  deviceName: z.string().nullable(),
  mfa: z.boolean(),
  current: z.boolean(),
});
export const SessionListSchema = z.strictObject({ sessions: z.array(SessionSchema) });

export const PERMISSIONS = [
  'read',
  'write_branch',
  'create_delete_branch',
  'write_protected_branch',
  'merge_protected_branch',
  'protect_branch',
  'manage_members',
  'read_audit',
  'manage_workspace',
] as const;
export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

export const UserPermissionsSchema = z.strictObject({
  userId: IdSchema,
  serverAdmin: z.boolean(),
  workspaces: z.array(z.strictObject({ workspace: z.string(), role: WorkspaceRoleSchema, permissions: z.array(PermissionSchema) })),
});
export type UserPermissions = z.infer<typeof UserPermissionsSchema>;

export const CreateWorkspaceRequestSchema = z.strictObject({ name: z.string().min(1).max(100) });

export const MemberSchema = z.strictObject({ userId: IdSchema, username: z.string(), role: WorkspaceRoleSchema });
export const MemberListSchema = z.strictObject({ members: z.array(MemberSchema) });
export const SetMemberRequestSchema = z.strictObject({ role: WorkspaceRoleSchema });

export const ProtectedBranchSchema = z.strictObject({ branch: z.string(), requireReview: z.boolean() });
export const ProtectedBranchListSchema = z.strictObject({ protected: z.array(ProtectedBranchSchema) });
export const ProtectBranchRequestSchema = z.strictObject({ requireReview: z.boolean().default(false) }).default({ requireReview: false });

export const CreateServiceAccountRequestSchema = z.strictObject({
  name: UsernameSchema,
  role: WorkspaceRoleSchema,
});
export const ServiceAccountSchema = z.strictObject({
  id: IdSchema,
  workspace: z.string(),
  name: z.string(),
  role: WorkspaceRoleSchema,
  createdAt: z.iso.datetime(),
});
export const ServiceAccountListSchema = z.strictObject({ serviceAccounts: z.array(ServiceAccountSchema) });
export const CreateServiceTokenRequestSchema = z.strictObject({
  /** ISO time; at most a year ahead. */
  expiresAt: z.iso.datetime({ offset: true }),
  /** A delegated token: the user it acts for (its rights never exceed theirs) … */
  onBehalfOf: IdSchema.optional(),
  /** … and why ("nightly import"). Required with onBehalfOf. */
  reason: z.string().min(1).max(200).optional(),
});
export const ServiceTokenSchema = z.strictObject({
  id: IdSchema,
  /** Shown once; the server keeps only its hash. */
  token: z.string(),
  expiresAt: z.iso.datetime(),
});

export const AuditEntrySchema = z.strictObject({
  at: z.iso.datetime(),
  workspace: z.string().nullable(),
  actor: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export const AuditListSchema = z.strictObject({ entries: z.array(AuditEntrySchema) });

/** Who wrote a live update batch or moved a branch, as stamped by the server. */
export const AuthorshipEntrySchema = z.strictObject({
  at: z.iso.datetime(),
  branch: z.string(),
  kind: z.enum(['live-update', 'branch-move']),
  /** The new head commit for a branch move; null for live updates. */
  commit: z.string().nullable(),
  authors: z.array(AuthorSchema),
});
export const AuthorshipListSchema = z.strictObject({ entries: z.array(AuthorshipEntrySchema) });
