/**
 * THE permission table: what each workspace role may do. Every check on the server (HTTP routes,
 * WebSocket writes) asks `can(role, permission)`; the README table and the RBAC test matrix are
 * generated from this one object, so the three cannot disagree.
 */
import { PERMISSIONS, WORKSPACE_ROLES, type Permission, type WorkspaceRole } from '../../core/contract/identity-api';

export { PERMISSIONS, WORKSPACE_ROLES, type Permission, type WorkspaceRole };

export const PERMISSION_TABLE: Readonly<Record<WorkspaceRole, ReadonlySet<Permission>>> = {
  viewer: new Set<Permission>(['read']),
  editor: new Set<Permission>(['read', 'write_branch']),
  maintainer: new Set<Permission>(['read', 'write_branch', 'create_delete_branch', 'write_protected_branch', 'merge_protected_branch', 'protect_branch', 'read_audit']),
  admin: new Set<Permission>(['read', 'write_branch', 'create_delete_branch', 'write_protected_branch', 'merge_protected_branch', 'protect_branch', 'read_audit', 'manage_members']),
  owner: new Set<Permission>(PERMISSIONS),
};

export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  read: 'read branches, history and live documents',
  write_branch: 'write to an unprotected branch (live edits, push, create a new branch)',
  create_delete_branch: 'delete branches (creating one is a write)',
  write_protected_branch: 'write directly to a protected branch',
  merge_protected_branch: 'merge into a protected branch',
  protect_branch: 'protect / unprotect a branch',
  manage_members: 'manage members and service accounts',
  read_audit: 'read the audit log',
  manage_workspace: 'manage the workspace (rename, delete)',
};

export function can(role: WorkspaceRole, permission: Permission): boolean {
  // Fail closed: a role the table does not know may do nothing.
  return PERMISSION_TABLE[role]?.has(permission) ?? false;
}

export function permissionsOf(role: WorkspaceRole): Permission[] {
  return PERMISSIONS.filter((p) => PERMISSION_TABLE[role].has(p));
}

const RANK: Readonly<Record<WorkspaceRole, number>> = { viewer: 0, editor: 1, maintainer: 2, admin: 3, owner: 4 };

/** The weaker of two roles (a delegated token never exceeds the user it acts for). */
export function weaker(a: WorkspaceRole, b: WorkspaceRole): WorkspaceRole {
  return RANK[a] <= RANK[b] ? a : b;
}

export function atLeast(role: WorkspaceRole, floor: WorkspaceRole): boolean {
  return RANK[role] >= RANK[floor];
}

/** The README's table (markdown), generated so documentation cannot drift from the code. */
export function permissionTableMarkdown(): string {
  const header = `| permission | ${WORKSPACE_ROLES.join(' | ')} |`;
  const rule = `|---|${WORKSPACE_ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map((p) => `| ${PERMISSION_LABELS[p]} | ${WORKSPACE_ROLES.map((r) => (can(r, p) ? '✓' : '')).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
