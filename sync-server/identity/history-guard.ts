/**
 * The history API's branch rules beyond the route's permission: protected branches take direct
 * moves only from maintainers and above (none at all with "require review"), are not deleted while
 * protected, and every branch move is stamped with who pushed it (user and session, service account
 * and delegation, or static token) — the server's record, not the client's claim.
 */
import { OmsError } from '../../core/errors';
import { authorOfPrincipal } from '../extensions/account-auth';
import { writeDecision } from '../extensions/rbac';
import type { Principal } from '../extensions/types';
import type { IdentityService } from './service';

export class BranchRuleError extends OmsError {}

export const BRANCH_RULE_STATUS: Readonly<Record<string, number>> = { PROTECTED_BRANCH: 403, REVIEW_REQUIRED: 403 };

export function guardBranchWrite(identity: IdentityService | null, principal: Principal, workspace: string, branch: string, op: 'write' | 'delete'): void {
  const protection = identity?.protectionOf(workspace, branch) ?? null;
  if (op === 'delete') {
    if (protection) throw new BranchRuleError('PROTECTED_BRANCH', `branch "${branch}" is protected; unprotect it before deleting`, { branch });
    return;
  }
  const d = writeDecision(principal.role, protection);
  if (!d.allowed) throw new BranchRuleError(d.code === 'FORBIDDEN' ? 'PROTECTED_BRANCH' : d.code, d.message, { branch, ...(d.needs ? { needs: d.needs } : {}) });
}

export async function recordBranchMove(identity: IdentityService | null, principal: Principal, workspace: string, branch: string, head: string): Promise<void> {
  if (!identity) return;
  await identity.store.addAuthorship({ at: identity.now(), workspace, branch, kind: 'branch-move', commit: head, authors: [authorOfPrincipal(principal)] });
}
