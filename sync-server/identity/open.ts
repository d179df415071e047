/**
 * Wiring of identity into oms-sync: open the account store next to the live documents (SQLite in
 * the data directory, or the same PostgreSQL as OMS_DB), and build the extensions and routes the
 * server registers. Kept here so server.ts only says "identity goes here".
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { SyncServerError } from '../errors';
import { AccountAuth } from '../extensions/account-auth';
import { AuthorshipRecorder } from '../extensions/authorship';
import { RbacGuard } from '../extensions/rbac';
import type { Extension } from '../extensions/types';
import { createIdentityRoutes } from '../http/identity-routes';
import type { RouteHandler } from '../http/routes';
import type { SyncServer } from '../server';
import type { ServerStats } from '../stats';
import { IDENTITY_DB_FILE, openAccountStore, type AccountStore } from './account-store';
import { IDENTITY_DEFAULTS, type IdentityConfig } from './config';
import { SecretBox } from './sealed';
import { IdentityService } from './service';

export const SECRETS_KEY_FILE = 'oms-identity.key';

export function identityConfigOf(config: ServerConfig): IdentityConfig {
  return config.identity ?? IDENTITY_DEFAULTS;
}

export function openIdentityStore(config: ServerConfig): Promise<AccountStore> {
  if (config.db) return openAccountStore({ url: config.db, poolSize: Math.max(2, Math.min(5, config.dbPoolSize)) });
  return openAccountStore({ file: join(config.dataDir, IDENTITY_DB_FILE), durability: config.durability });
}

export function openSecretBox(config: ServerConfig): SecretBox {
  return SecretBox.open(identityConfigOf(config).secretsKeyFile ?? join(config.dataDir, SECRETS_KEY_FILE));
}

/**
 * The identity service for a server about to start, or null when accounts are off (insecure mode,
 * or `identity.enabled: false`). A server with neither static tokens nor a single account would
 * let nobody in: that is refused with the first-run hint.
 */
export async function openIdentity(config: ServerConfig, now: () => number = Date.now): Promise<IdentityService | null> {
  const ic = identityConfigOf(config);
  if (config.insecureNoAuth || !ic.enabled) return null;
  const store = await openIdentityStore(config);
  try {
    if (!config.tokensFile && (await store.listUsers()).length === 0) {
      throw new SyncServerError(
        'AUTH_NOT_CONFIGURED',
        'no authentication configured: create the first administrator with `oms-sync admin create-user <name> --admin`, set OMS_TOKENS to a token file, or pass --insecure-no-auth to run an open server on purpose',
      );
    }
    return await IdentityService.open(store, ic, openSecretBox(config), now);
  } catch (err) {
    await store.close();
    throw err;
  }
}

export interface IdentityWiring {
  /** In registration order: account auth (before static tokens), rbac (before the viewer floor), authorship. */
  extensions: Extension[];
  routes: RouteHandler[];
  auth: AccountAuth;
}

export function wireIdentity(identity: IdentityService, server: SyncServer, deps: { stats: ServerStats; logger: Logger }): IdentityWiring {
  const auth = new AccountAuth(identity, deps.logger);
  const rbac = new RbacGuard(identity, auth, { sendTo: (info, frame) => server.sendTo(info, frame) }, deps.stats, deps.logger, identity.config.maxDeniedWrites);
  return { extensions: [auth, rbac, new AuthorshipRecorder(identity, auth, deps.logger)], routes: [createIdentityRoutes(server, identity, auth)], auth };
}
