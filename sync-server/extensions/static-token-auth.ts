/**
 * Static-token authentication (`OMS_TOKENS`): until real identities arrive, each token grants one
 * role on the workspaces matching its glob. The file is JSON (`[{token, workspaces, role,
 * expiresAt?, name?}]` or `{tokens: [...]}`) or lines `token workspace-glob role [expires-iso]`
 * (`#` comments). Tokens are compared in constant time and never logged: principals are named by
 * `name` or a short hash.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CloseCode } from '../../core/contract/sync-api';
import { ConnectionRejected, SyncServerError } from '../errors';
import { ROLES, type AuthenticateContext, type ConnectionInfo, type Extension, type Principal, type Role } from './types';

const TokenEntrySchema = z.strictObject({
  token: z.string().min(16, 'tokens must be at least 16 characters').regex(/^\S+$/, 'tokens must not contain whitespace'),
  workspaces: z.string().min(1).regex(/^[A-Za-z0-9._*?-]+$/, 'workspace glob may use letters, digits, . _ - * ?'),
  role: z.enum(ROLES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  name: z.string().min(1).max(100).optional(),
});
export type TokenEntry = z.infer<typeof TokenEntrySchema>;

const TokenFileSchema = z.union([z.array(TokenEntrySchema), z.strictObject({ tokens: z.array(TokenEntrySchema) })]);

export function parseTokenFile(text: string, file = 'tokens'): TokenEntry[] {
  const trimmed = text.trim();
  let raw: unknown;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      raw = JSON.parse(trimmed);
    } catch (err) {
      // V8 quotes the text around a bad token ("Unexpected token 's', ...\"token\":secr\"..."): that text
      // is a secret, and this message reaches stderr and the log. Only the position is kept.
      const at = /at position \d+(?: \(line \d+ column \d+\))?/.exec((err as Error).message);
      throw new SyncServerError('TOKENS_INVALID', `${file}: not valid JSON${at ? ` ${at[0]}` : ''}`, { file });
    }
  } else {
    raw = text.split('\n').flatMap((line, i) => {
      const content = line.replace(/#.*$/, '').trim();
      if (!content) return [];
      const [token, workspaces, role, expiresAt, ...rest] = content.split(/\s+/);
      if (!token || !workspaces || !role || rest.length > 0) {
        throw new SyncServerError('TOKENS_INVALID', `${file}:${i + 1}: expected "token workspace-glob role [expires-iso]"`, { file, line: i + 1 });
      }
      return [expiresAt ? { token, workspaces, role, expiresAt } : { token, workspaces, role }];
    });
  }
  const parsed = TokenFileSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new SyncServerError('TOKENS_INVALID', `${file}: ${msg}`, { file });
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.tokens;
  if (entries.length === 0) throw new SyncServerError('TOKENS_INVALID', `${file}: no tokens defined`, { file });
  refuseDuplicates(entries, file);
  return entries;
}

/**
 * A token listed twice is ambiguous (which role, which workspaces?): refused at load, naming the
 * entries by position (never the token itself, which would reach stderr and the log).
 */
function refuseDuplicates(entries: readonly TokenEntry[], file: string): void {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.token);
    if (first !== undefined) {
      throw new SyncServerError('TOKENS_INVALID', `${file}: entries ${first + 1} and ${i + 1} list the same token; each token may appear once`, { file, entries: [first + 1, i + 1] });
    }
    seen.set(e.token, i);
  });
}

export function readTokenFile(path: string): TokenEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SyncServerError('TOKENS_UNREADABLE', `cannot read token file ${path}: ${(err as Error).message}`, { file: path });
  }
  return parseTokenFile(text, path);
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

interface CompiledToken {
  digest: Buffer;
  credential: string;
  workspaces: RegExp;
  role: Role;
  expiresAt: number | null;
  principalId: string;
  /** Granted every workspace (`*`): may see server-wide operations data. */
  serverWide: boolean;
}

export interface TokenCheck {
  principal: Principal;
  /** The token matched but is not valid for this workspace (→ 4403), or has expired (→ 4401). */
  problem: 'ok' | 'expired' | 'workspace';
}

function compile(entries: readonly TokenEntry[]): CompiledToken[] {
  return entries.map((e) => {
    const d = digest(e.token);
    return {
      digest: d,
      credential: d.toString('hex'),
      workspaces: globToRegExp(e.workspaces),
      role: e.role,
      expiresAt: e.expiresAt ? Date.parse(e.expiresAt) : null,
      principalId: e.name ?? `token:${d.subarray(0, 6).toString('hex')}`,
      serverWide: e.workspaces === '*',
    };
  });
}

export class StaticTokenAuth implements Extension {
  readonly name = 'static-token-auth';
  readonly stage = 'auth' as const;
  private tokens: CompiledToken[];
  private byCredential = new Map<string, CompiledToken>();

  constructor(
    entries: readonly TokenEntry[],
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = [];
    this.reload(entries);
  }

  /** Replace the token list (the file changed). Open connections are revalidated against it. */
  reload(entries: readonly TokenEntry[]): void {
    this.tokens = compile(entries);
    this.byCredential = new Map(this.tokens.map((t) => [t.credential, t]));
  }

  /**
   * Compare against every token, always, with timingSafeEqual on fixed-length digests: neither the
   * match position nor a common prefix shows in the timing.
   */
  check(token: string, workspace: string | null): TokenCheck | null {
    const d = digest(token);
    let found: CompiledToken | null = null;
    for (const t of this.tokens) if (timingSafeEqual(t.digest, d) && !found) found = t;
    if (!found) return null;
    const principal: Principal = { id: found.principalId, role: found.role, credential: found.credential, serverWide: found.serverWide };
    if (found.expiresAt !== null && this.now() >= found.expiresAt) return { principal, problem: 'expired' };
    if (workspace !== null && !found.workspaces.test(workspace)) return { principal, problem: 'workspace' };
    return { principal, problem: 'ok' };
  }

  /** Live revocation: the token was removed from the file, expired, or lost this workspace. */
  onRevalidate(ctx: ConnectionInfo): ConnectionRejected | undefined {
    const credential = ctx.principal?.credential;
    if (credential === undefined) return undefined;
    const t = this.byCredential.get(credential);
    if (!t) return new ConnectionRejected('AUTH_REVOKED', 'token revoked', 401, CloseCode.UNAUTHORIZED);
    if (t.expiresAt !== null && this.now() >= t.expiresAt) return new ConnectionRejected('AUTH_EXPIRED', 'token expired', 401, CloseCode.UNAUTHORIZED);
    if (!t.workspaces.test(ctx.key.workspace)) return new ConnectionRejected('FORBIDDEN', 'token no longer grants this workspace', 403, CloseCode.FORBIDDEN);
    // The role is fixed in the connection's principal at connect: a changed role (editor → viewer)
    // would otherwise keep its old rights until the client happens to reconnect.
    // Transient for the client (4501, retried): its reconnect is authenticated with the new role.
    if (ctx.principal !== null && t.role !== ctx.principal.role) return new ConnectionRejected('AUTH_ROLE_CHANGED', 'token role changed; reconnect', 401, CloseCode.ROLE_CHANGED);
    return undefined;
  }

  onAuthenticate(ctx: AuthenticateContext): Principal {
    if (!ctx.token) throw new ConnectionRejected('AUTH_REQUIRED', 'a token is required (?token= or Authorization: Bearer)', 401, CloseCode.UNAUTHORIZED);
    const result = this.check(ctx.token, ctx.key?.workspace ?? null);
    if (!result) throw new ConnectionRejected('AUTH_INVALID', 'invalid token', 401, CloseCode.UNAUTHORIZED);
    if (result.problem === 'expired') throw new ConnectionRejected('AUTH_EXPIRED', 'token expired', 401, CloseCode.UNAUTHORIZED);
    if (result.problem === 'workspace') throw new ConnectionRejected('FORBIDDEN', 'token does not grant this workspace', 403, CloseCode.FORBIDDEN);
    return result.principal;
  }
}
