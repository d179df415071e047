/**
 * The `identity` section of oms-sync's configuration. Defaults are the strong ones (argon2id at
 * OWASP's parameters, 15-minute access tokens); tests lower the hash cost through the same keys.
 */
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

export const IdentityConfigSchema = z.strictObject({
  /** Accounts, sessions and RBAC. Off only with --insecure-no-auth or `false` here (static tokens alone). */
  enabled: z.preprocess((v) => (v === 'false' || v === '0' ? false : v === 'true' || v === '1' ? true : v), z.boolean()).default(true),
  /** 32-byte key (base64) sealing TOTP seeds; default `$OMS_DATA_DIR/oms-identity.key`, created at first start. */
  secretsKeyFile: z.string().min(1).optional(),
  /** PKCS#8 PEM Ed25519 key that signs access tokens; generated and kept in the account store when unset. */
  signingKeyFile: z.string().min(1).optional(),
  accessTokenTtlSeconds: positiveInt.default(900),
  /** Absolute lifetime of a session (refresh tokens rotate inside it). */
  sessionTtlSeconds: positiveInt.default(30 * 24 * 3600),
  maxSessionsPerUser: positiveInt.default(10),
  hash: z
    .strictObject({ memoryCost: z.coerce.number().int().min(8).default(19_456), timeCost: positiveInt.default(2), parallelism: positiveInt.default(1) })
    .default({ memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  password: z
    .strictObject({
      minLength: positiveInt.default(12),
      maxLength: positiveInt.default(256),
      minStrength: z.coerce.number().int().min(0).max(4).default(3),
      historySize: nonNegativeInt.default(5),
      maxAgeDays: nonNegativeInt.default(0),
    })
    .default({ minLength: 12, maxLength: 256, minStrength: 3, historySize: 5, maxAgeDays: 0 }),
  lockout: z
    .strictObject({ maxFailures: positiveInt.default(5), lockSeconds: positiveInt.default(900) })
    .default({ maxFailures: 5, lockSeconds: 900 }),
  /** Sliding-window login throttles: attempts per window, per client IP and per account name. */
  throttle: z
    .strictObject({ perIp: positiveInt.default(30), perAccount: positiveInt.default(10), windowSeconds: positiveInt.default(60) })
    .default({ perIp: 30, perAccount: 10, windowSeconds: 60 }),
  /** Denied writes a WebSocket connection may send before it is closed with 4403. */
  maxDeniedWrites: positiveInt.default(16),
  /** Issuer shown in authenticator apps. */
  totpIssuer: z.string().min(1).max(60).default('OMS Studio'),
});
export type IdentityConfig = z.infer<typeof IdentityConfigSchema>;

export const IDENTITY_DEFAULTS: IdentityConfig = IdentityConfigSchema.parse({});

export const IDENTITY_ENV_KEYS: ReadonlyArray<[string, string]> = [
  ['OMS_ACCOUNTS', 'identity.enabled'],
  ['OMS_SIGNING_KEY_FILE', 'identity.signingKeyFile'],
  ['OMS_SECRETS_KEY_FILE', 'identity.secretsKeyFile'],
  ['OMS_ACCESS_TOKEN_TTL', 'identity.accessTokenTtlSeconds'],
  ['OMS_SESSION_TTL', 'identity.sessionTtlSeconds'],
  ['OMS_MAX_SESSIONS', 'identity.maxSessionsPerUser'],
  ['OMS_LOCKOUT_FAILURES', 'identity.lockout.maxFailures'],
  ['OMS_LOCKOUT_SECONDS', 'identity.lockout.lockSeconds'],
  ['OMS_PASSWORD_MIN_LENGTH', 'identity.password.minLength'],
  ['OMS_PASSWORD_MAX_AGE_DAYS', 'identity.password.maxAgeDays'],
];
