/**
 * Account authentication: bearer tokens that are our JWT access tokens or service-account tokens
 * (anything else is left to the static-token extension). The principal's role is resolved for the
 * workspace asked for; open connections are rechecked about once a second (session revoked, user
 * disabled, token expired, role changed, membership gone) and closed when they no longer hold.
 */
import type { Logger } from 'pino';
import { CloseCode } from '../../core/contract/sync-api';
import type { Author } from '../../core/contract/identity-api';
import { ConnectionRejected } from '../errors';
import { IdentityError, IDENTITY_STATUS } from '../identity/errors';
import { looksLikeJwt } from '../identity/jwt';
import { SERVICE_TOKEN_PREFIX } from '../identity/secrets';
import { authorOf, type Authn, type IdentityService } from '../identity/service';
import type { AuthenticateContext, ConnectionInfo, DisconnectContext, Extension, Principal, Role } from './types';

/** An identity failure as the transport shows it: 401 → 4401, 403 → 4403, 429, else 500 → 1011. */
export function identityRejection(err: unknown): ConnectionRejected {
  if (err instanceof ConnectionRejected) return err;
  if (!(err instanceof IdentityError)) throw err;
  const status = IDENTITY_STATUS[err.code];
  const close = status === 401 ? CloseCode.UNAUTHORIZED : status === 403 ? CloseCode.FORBIDDEN : status === 429 ? CloseCode.RATE_LIMITED : CloseCode.INTERNAL_ERROR;
  return new ConnectionRejected(err.code === 'TOKEN_EXPIRED' ? 'AUTH_EXPIRED' : err.code, err.message, status, close);
}

/** Principals this extension made → who they are. Module-wide so /api/v1 can name a pusher too. */
const AUTHNS = new WeakMap<Principal, Authn>();

/** Who a principal is, for authorship and audit: accounts in full, static tokens by their name. */
export function authorOfPrincipal(principal: Principal | null | undefined): Author {
  const a = principal ? AUTHNS.get(principal) : undefined;
  if (a) return authorOf(a);
  return { kind: 'static-token', id: principal?.id ?? 'anonymous', name: principal?.id ?? 'anonymous', sessionId: null, onBehalfOf: null, reason: null };
}

const principalId = (a: Authn): string => (a.kind === 'user' ? `user:${a.user.username}` : `service:${a.account.name}${a.onBehalfOf ? `@${a.onBehalfOf.username}` : ''}`);

export class AccountAuth implements Extension {
  readonly name = 'account-auth';
  readonly stage = 'auth' as const;
  private readonly open = new Set<ConnectionInfo>();
  private readonly verdicts = new Map<ConnectionInfo, ConnectionRejected>();
  private checking: Promise<void> | null = null;
  private again = false;

  /** Protections changed by another process (admin CLI, a second server) are picked up within a second. */
  private readonly protectionTimer: NodeJS.Timeout;

  constructor(
    readonly identity: IdentityService,
    private readonly logger: Logger,
  ) {
    identity.on('changed', this.recheck);
    this.protectionTimer = setInterval(() => {
      identity.reloadProtection().catch((err: unknown) => this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'reloading protected branches failed; keeping the previous list'));
    }, 1000);
    this.protectionTimer.unref();
  }

  /** The verified identity behind a principal this extension created (undefined for static tokens). */
  authnOf(principal: Principal | null | undefined): Authn | undefined {
    return principal ? AUTHNS.get(principal) : undefined;
  }

  authorOf(principal: Principal | null | undefined): Author {
    return authorOfPrincipal(principal);
  }

  async onAuthenticate(ctx: AuthenticateContext): Promise<Principal | undefined> {
    const token = ctx.token;
    if (!token || !(looksLikeJwt(token) || token.startsWith(SERVICE_TOKEN_PREFIX))) return undefined;
    let authn: Authn;
    try {
      authn = await this.identity.authenticate(token);
    } catch (err) {
      throw identityRejection(err);
    }
    if (authn.kind === 'user' && authn.passwordExpired) throw new ConnectionRejected('PASSWORD_EXPIRED', 'password expired: change it before anything else', 403, CloseCode.FORBIDDEN);
    const serverAdmin = authn.kind === 'user' && authn.user.serverAdmin;
    let role: Role;
    if (ctx.key === null) {
      role = serverAdmin ? 'owner' : 'viewer';
    } else {
      const r = await this.identity.roleIn(authn, ctx.key.workspace);
      // The same answer for "no such workspace" and "not a member": workspace names are not probed.
      if (!r) throw new ConnectionRejected('FORBIDDEN', 'no access to this workspace', 403, CloseCode.FORBIDDEN);
      role = r;
    }
    const scope = serverAdmin ? { serverWide: true } : {};
    const principal: Principal = { id: principalId(authn), role, ...scope };
    AUTHNS.set(principal, authn);
    return principal;
  }

  onConnect(info: ConnectionInfo): void {
    if (this.authnOf(info.principal)) this.open.add(info);
  }

  onDisconnect(ctx: DisconnectContext): void {
    this.open.delete(ctx.connection);
    this.verdicts.delete(ctx.connection);
  }

  onRevalidate(info: ConnectionInfo): ConnectionRejected | undefined {
    const a = this.authnOf(info.principal);
    if (!a) return undefined;
    // Expiry needs no lookup: the client refreshes and reconnects (4401 tells it to).
    if (a.expiresAt <= this.identity.now()) return new ConnectionRejected('AUTH_EXPIRED', 'access token expired; refresh and reconnect', 401, CloseCode.UNAUTHORIZED);
    // One lookup round per tick, whatever the number of connections (changes made here queue one more).
    if (!this.checking) this.recheck();
    return this.verdicts.get(info);
  }

  /** Look up every open connection's credential and role again (one lookup per credential and workspace). */
  private readonly recheck = (): void => {
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = this.checkAll()
      .catch((err: unknown) => this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'revalidating accounts failed; will retry'))
      .finally(() => {
        this.checking = null;
        if (this.again) {
          this.again = false;
          this.recheck();
        }
      });
  };

  private async checkAll(): Promise<void> {
    await this.identity.reloadProtection();
    const seen = new Map<string, ConnectionRejected | null>();
    for (const info of [...this.open]) {
      const a = this.authnOf(info.principal);
      if (!a || !info.principal) continue;
      const key = `${a.kind === 'user' ? a.sessionId : a.tokenId}\0${info.key.workspace}\0${info.principal.role}`;
      let verdict = seen.get(key);
      if (verdict === undefined) {
        verdict = await this.verdictFor(a, info.key.workspace, info.principal.role);
        seen.set(key, verdict);
      }
      if (verdict && this.open.has(info)) this.verdicts.set(info, verdict);
    }
  }

  private async verdictFor(a: Authn, workspace: string, role: Role): Promise<ConnectionRejected | null> {
    const state = await this.identity.stillValid(a);
    if (state === 'expired') return new ConnectionRejected('AUTH_EXPIRED', 'access token expired; refresh and reconnect', 401, CloseCode.UNAUTHORIZED);
    if (state === 'revoked') return new ConnectionRejected('AUTH_REVOKED', 'session or token revoked', 401, CloseCode.UNAUTHORIZED);
    const now = await this.identity.roleIn(a, workspace);
    if (!now) return new ConnectionRejected('FORBIDDEN', 'no longer a member of this workspace', 403, CloseCode.FORBIDDEN);
    // The role is fixed in the principal at connect; reconnecting picks up the new one.
    if (now !== role) return new ConnectionRejected('AUTH_ROLE_CHANGED', 'your role changed; reconnect', 401, CloseCode.UNAUTHORIZED);
    return null;
  }

  onShutdown(): void {
    clearInterval(this.protectionTimer);
    this.identity.off('changed', this.recheck);
  }
}
