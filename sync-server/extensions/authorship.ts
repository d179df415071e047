/**
 * Verified authorship of live edits: after each durable batch, the server records who wrote it
 * (user and session, service account and delegation, or static token) from the authenticated
 * connections whose frames are in it. The client has no say in it.
 */
import type { Logger } from 'pino';
import type { Author } from '../../core/contract/identity-api';
import type { IdentityService } from '../identity/service';
import type { AccountAuth } from './account-auth';
import type { ChangeContext, Extension } from './types';

export class AuthorshipRecorder implements Extension {
  readonly name = 'authorship';
  readonly stage = 'audit' as const;

  constructor(
    private readonly identity: IdentityService,
    private readonly auth: AccountAuth,
    private readonly logger: Logger,
  ) {}

  onChange(ctx: ChangeContext): void {
    if (ctx.origins.length === 0) return;
    const authors = new Map<string, Author>();
    for (const o of ctx.origins) {
      const a = this.auth.authorOf(o.principal);
      authors.set(`${a.kind}:${a.id}:${a.sessionId ?? ''}`, a);
    }
    this.identity.store
      .addAuthorship({ at: this.identity.now(), workspace: ctx.key.workspace, branch: ctx.key.branch, kind: 'live-update', commit: null, authors: [...authors.values()] })
      .catch((err: unknown) => this.logger.error({ err: err instanceof Error ? err.message : String(err), room: `${ctx.key.workspace}/${ctx.key.branch}` }, 'recording authorship failed'));
  }
}
