/**
 * `oms-sync admin create-user`, `user …`, `workspace …`, `member …`, `token …`, `branch protect …`:
 * account administration straight on the account store (the server may be running; both go
 * through the same store, and open sockets pick up changes at their next revalidation). Plain
 * functions returning reports; registerIdentityCommands wires them into the CLI.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { WorkspaceRole } from '../../core/contract/identity-api';
import { WorkspaceRoleSchema } from '../../core/contract/identity-api';
import type { ServerConfig } from '../config';
import { SyncServerError } from '../errors';
import type { IdentityService } from '../identity/service';
import { toUser } from '../identity/user-view';

const ACTOR = 'oms-sync admin';

export async function withIdentity<T>(config: ServerConfig, fn: (identity: IdentityService) => Promise<T>): Promise<T> {
  // Loaded when a command runs: it brings the server's extensions, which `oms-sync --help` does not need.
  const [{ openIdentityStore, openSecretBox }, { IdentityService }] = await Promise.all([import('../identity/open'), import('../identity/service')]);
  const store = await openIdentityStore(config);
  let identity: IdentityService;
  try {
    identity = await IdentityService.open(store, config.identity, openSecretBox(config));
  } catch (err) {
    await store.close();
    throw err;
  }
  try {
    return await fn(identity);
  } finally {
    await identity.close();
  }
}

/** A generated first password: 24 random characters, shown once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function role(value: string): WorkspaceRole {
  const r = WorkspaceRoleSchema.safeParse(value);
  if (!r.success) throw new SyncServerError('ADMIN_FAILED', `unknown role "${value}" (owner, admin, maintainer, editor, viewer)`);
  return r.data;
}

export async function createUser(config: ServerConfig, input: { username: string; password: string; email?: string; admin: boolean }) {
  return withIdentity(config, (id) => id.createUser({ username: input.username, password: input.password, email: input.email, serverAdmin: input.admin }, ACTOR));
}

export async function userCommand(config: ServerConfig, action: 'list' | 'disable' | 'enable' | 'delete' | 'reset-mfa' | 'revoke-sessions' | 'promote' | 'demote', name?: string) {
  return withIdentity(config, async (id) => {
    if (action === 'list') return (await id.store.listUsers()).map(toUser);
    const user = await id.findUser(name ?? '');
    switch (action) {
      case 'disable':
      case 'enable':
        await id.setDisabled(user.id, action === 'disable', ACTOR);
        break;
      case 'delete':
        await id.deleteUser(user.id, ACTOR);
        return { deleted: user.username };
      case 'reset-mfa':
        await id.disableMfa(user.id, ACTOR);
        break;
      case 'revoke-sessions':
        return { revoked: await id.store.revokeUserSessions(user.id, id.now(), 'revoked by admin') };
      case 'promote':
      case 'demote':
        await id.setServerAdmin(user.id, action === 'promote', ACTOR);
        break;
    }
    return toUser(await id.requireUser(user.id));
  });
}

export async function resetPassword(config: ServerConfig, name: string, password: string) {
  return withIdentity(config, async (id) => {
    const user = await id.findUser(name);
    await id.changePassword(user.id, null, password, ACTOR, null);
    return { user: user.username, sessionsRevoked: true };
  });
}

export async function workspaceCommand(config: ServerConfig, action: 'create' | 'list' | 'delete', name?: string, owner?: string) {
  return withIdentity(config, async (id) => {
    if (action === 'list') return id.store.listWorkspaces();
    if (!name) throw new SyncServerError('ADMIN_FAILED', 'a workspace name is required');
    if (action === 'delete') {
      await id.requireWorkspace(name);
      await id.store.deleteWorkspace(name);
      await id.audit(name, ACTOR, 'workspace.delete', {});
      return { deleted: name };
    }
    await id.createWorkspace(name, owner ? await id.findUser(owner) : null, ACTOR);
    return { created: name, owner: owner ?? null };
  });
}

export async function memberCommand(config: ServerConfig, action: 'set' | 'remove' | 'list', workspace: string, user?: string, roleName?: string) {
  return withIdentity(config, async (id) => {
    if (action === 'list') return id.store.members(workspace);
    const u = await id.findUser(user ?? '');
    if (action === 'remove') await id.removeMember(workspace, u.id, ACTOR);
    else await id.setMember(workspace, u.id, role(roleName ?? ''), ACTOR);
    return id.store.members(workspace);
  });
}

export async function createToken(config: ServerConfig, opts: { workspace: string; account: string; role: string; days: number; onBehalfOf?: string; reason?: string }) {
  return withIdentity(config, async (id) => {
    const existing = (await id.store.serviceAccounts(opts.workspace)).find((a) => a.name === opts.account);
    const account = existing ?? (await id.createServiceAccount(opts.workspace, opts.account, role(opts.role), ACTOR));
    const onBehalfOf = opts.onBehalfOf ? (await id.findUser(opts.onBehalfOf)).id : undefined;
    const t = await id.createServiceToken(opts.workspace, account.id, { expiresAt: id.now() + opts.days * 86_400_000, onBehalfOf, reason: opts.reason }, ACTOR);
    return { account: account.name, role: account.role, tokenId: t.id, token: t.token, expiresAt: new Date(t.expiresAt).toISOString(), note: 'shown once; the server keeps only its hash' };
  });
}

export async function revokeToken(config: ServerConfig, workspace: string, tokenId: string) {
  return withIdentity(config, async (id) => {
    await id.revokeServiceToken(workspace, tokenId, ACTOR);
    return { revoked: tokenId };
  });
}

export async function rotateSigningKey(config: ServerConfig) {
  return withIdentity(config, async (id) => ({ kid: await id.keys.rotate(), note: 'tokens signed by the previous key stay valid until they expire' }));
}

export async function protectCommand(config: ServerConfig, workspace: string, branch: string, protect: boolean, requireReview: boolean) {
  return withIdentity(config, async (id) => {
    if (protect) return id.protectBranch(workspace, branch, requireReview, ACTOR);
    await id.unprotectBranch(workspace, branch, ACTOR);
    return { workspace, branch, protected: false };
  });
}

/** The password for create-user / reset-password: piped on stdin (first line), or generated and shown once. */
async function passwordInput(): Promise<{ password: string; generated: boolean }> {
  if (process.stdin.isTTY) return { password: generatePassword(), generated: true };
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new SyncServerError('ADMIN_FAILED', 'no password on stdin (pipe one, or run from a terminal to generate one)');
  return { password: line, generated: false };
}

type Flags = Record<string, unknown> & { config?: string; dataDir?: string };

export function registerIdentityCommands(program: Command, withCommon: (c: Command) => Command, configFrom: (flags: Flags) => ServerConfig, print: (v: unknown) => void): void {
  const admin = program.commands.find((c) => c.name() === 'admin') ?? program.command('admin').description('first run and account administration');
  withCommon(admin.command('create-user <name>').description('create a user (password from stdin, or generated and shown once)'))
    .option('--admin', 'server administrator (owner of every workspace; manages users)')
    .option('--email <email>', 'e-mail address (may be used to sign in)')
    .action(async (name: string, flags: Flags & { admin?: boolean; email?: string }) => {
      const { password, generated } = await passwordInput();
      const user = await createUser(configFrom(flags), { username: name, password, admin: flags.admin === true, ...(flags.email ? { email: flags.email } : {}) });
      print(generated ? { ...user, password, note: 'generated password, shown once: sign in and change it' } : user);
    });

  const user = program.command('user').description('list, disable, enable, delete users; reset passwords and MFA; revoke sessions');
  withCommon(user.command('list')).action(async (flags: Flags) => print(await userCommand(configFrom(flags), 'list')));
  for (const action of ['disable', 'enable', 'delete', 'reset-mfa', 'revoke-sessions', 'promote', 'demote'] as const) {
    withCommon(user.command(`${action} <name>`)).action(async (name: string, flags: Flags) => print(await userCommand(configFrom(flags), action, name)));
  }
  withCommon(user.command('reset-password <name>').description('new password from stdin (or generated); revokes every session')).action(async (name: string, flags: Flags) => {
    const { password, generated } = await passwordInput();
    const r = await resetPassword(configFrom(flags), name, password);
    print(generated ? { ...r, password } : r);
  });

  const ws = program.command('workspace').description('create, list, delete workspaces');
  withCommon(ws.command('create <name>'))
    .option('--owner <user>', 'first owner')
    .action(async (name: string, flags: Flags & { owner?: string }) => print(await workspaceCommand(configFrom(flags), 'create', name, flags.owner)));
  withCommon(ws.command('list')).action(async (flags: Flags) => print(await workspaceCommand(configFrom(flags), 'list')));
  withCommon(ws.command('delete <name>')).action(async (name: string, flags: Flags) => print(await workspaceCommand(configFrom(flags), 'delete', name)));

  const member = program.command('member').description('workspace memberships');
  withCommon(member.command('set <workspace> <user> <role>')).action(async (w: string, u: string, r: string, flags: Flags) => print(await memberCommand(configFrom(flags), 'set', w, u, r)));
  withCommon(member.command('remove <workspace> <user>')).action(async (w: string, u: string, flags: Flags) => print(await memberCommand(configFrom(flags), 'remove', w, u)));
  withCommon(member.command('list <workspace>')).action(async (w: string, flags: Flags) => print(await memberCommand(configFrom(flags), 'list', w)));

  const token = program.command('token').description('service-account tokens for pipelines; signing-key rotation');
  withCommon(token.command('create <workspace> <service-account>').description('a token (shown once); creates the service account if needed'))
    .option('--role <role>', 'role of a new service account', 'editor')
    .option('--days <n>', 'lifetime in days (max 366)', '90')
    .option('--on-behalf-of <user>', 'delegated: act for this user (never above their role)')
    .option('--reason <text>', 'why (required with --on-behalf-of)')
    .action(async (w: string, a: string, flags: Flags & { role: string; days: string; onBehalfOf?: string; reason?: string }) =>
      print(await createToken(configFrom(flags), { workspace: w, account: a, role: flags.role, days: Number(flags.days), ...(flags.onBehalfOf ? { onBehalfOf: flags.onBehalfOf } : {}), ...(flags.reason ? { reason: flags.reason } : {}) })),
    );
  withCommon(token.command('revoke <workspace> <token-id>')).action(async (w: string, t: string, flags: Flags) => print(await revokeToken(configFrom(flags), w, t)));
  withCommon(token.command('rotate-signing-key').description('new JWT signing key (kid); old tokens stay valid until they expire')).action(async (flags: Flags) => print(await rotateSigningKey(configFrom(flags))));

  const branch = program.command('branch').description('protected branches');
  withCommon(branch.command('protect <workspace> <branch>'))
    .option('--require-review', 'changes only as merges of an approved proposal')
    .action(async (w: string, b: string, flags: Flags & { requireReview?: boolean }) => print(await protectCommand(configFrom(flags), w, b, true, flags.requireReview === true)));
  withCommon(branch.command('unprotect <workspace> <branch>')).action(async (w: string, b: string, flags: Flags) => print(await protectCommand(configFrom(flags), w, b, false, false)));
}
