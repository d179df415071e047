/**
 * Password policy and expiry, service accounts and delegated tokens, signing-key rotation, and the
 * admin CLI's first run, against the real server and real stores.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import type { TokenPair } from '../../core/contract/identity-api';
import { createToken, createUser, memberCommand, rotateSigningKey, workspaceCommand } from '../../sync-server/admin/identity-commands';
import { loadConfig } from '../../sync-server/config';
import { openIdentity } from '../../sync-server/identity/open';
import { closeOf, rawSocket, tempDir } from './helpers';
import { PASSWORD, startIdentityServer, WORKSPACE, type IdentityServer } from './identity-fixture';

let s: IdentityServer;
let root: TokenPair;
beforeAll(async () => {
  s = await startIdentityServer({ password: { minLength: 12, maxLength: 256, minStrength: 3, historySize: 3, maxAgeDays: 90 }, throttle: { perIp: 1000, perAccount: 1000, windowSeconds: 60 } });
  root = await s.login('root');
});
afterAll(async () => {
  await s.stop();
});

const code = (r: { body: Record<string, unknown> }): string => (r.body.error as { code: string }).code;

describe('password policy', () => {
  it('refuses short, guessable, own-name and recently used passwords', async () => {
    const create = (username: string, password: string) => s.call('POST', '/users', { token: root.accessToken, body: { username, password } });
    expect(code(await create('pat', 'short-1'))).toBe('PASSWORD_POLICY');
    expect(code(await create('pat', 'password1234'))).toBe('PASSWORD_POLICY');
    expect(code(await create('patricia', 'patricia-is-my-name-77'))).toBe('PASSWORD_POLICY');
    expect((await create('pat', PASSWORD)).status).toBe(201);
    const t = await s.login('pat');
    const change = (currentPassword: string, newPassword: string) => s.call('POST', '/users/me/password', { token: t.accessToken, body: { currentPassword, newPassword } });
    expect(code(await change('wrong-current-password', 'another-long-passphrase-9'))).toBe('INVALID_CREDENTIALS');
    expect((await change(PASSWORD, 'another-long-passphrase-9')).status).toBe(204);
    expect(code(await change('another-long-passphrase-9', PASSWORD))).toBe('PASSWORD_POLICY');
    expect((await s.call('POST', '/auth/login', { body: { username: 'pat', password: 'another-long-passphrase-9' } })).status).toBe(200);
  });

  it('a password past its maximum age: tokens allow only the password change', async () => {
    await s.member('olden', 'editor');
    s.clock.offsetMs = 91 * 86_400_000;
    try {
      const t = await s.login('olden');
      expect(t.passwordChangeRequired).toBe(true);
      expect(code(await s.call('GET', `/api/v1/workspaces/${WORKSPACE}/branches`, { token: t.accessToken }))).toBe('PASSWORD_EXPIRED');
      expect(code(await s.call('GET', '/users/me', { token: t.accessToken }))).toBe('PASSWORD_EXPIRED');
      expect((await s.call('POST', '/users/me/password', { token: t.accessToken, body: { currentPassword: PASSWORD, newPassword: 'fresh-spring-passphrase-31' } })).status).toBe(204);
      const fresh = await s.login('olden', 'fresh-spring-passphrase-31');
      expect(fresh.passwordChangeRequired).toBe(false);
      expect((await s.call('GET', '/users/me', { token: fresh.accessToken })).status).toBe(200);
    } finally {
      s.clock.offsetMs = 0;
    }
  });
});

describe('service accounts and delegated tokens', () => {
  it('a scoped, long-lived token works for its workspace only, is revocable, and shows once', async () => {
    const { tokens: owner } = await s.member('sa-owner', 'owner');
    const ws = `/api/v1/workspaces/${WORKSPACE}`;
    const acct = await s.call('POST', `${ws}/service-accounts`, { token: owner.accessToken, body: { name: 'svc-ci', role: 'editor' } });
    expect(acct.status).toBe(201);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const tok = await s.call('POST', `${ws}/service-accounts/${acct.body.id as string}/tokens`, { token: owner.accessToken, body: { expiresAt } });
    expect(tok.status).toBe(201);
    const token = tok.body.token as string;
    expect(token).toMatch(/^omss_/);
    expect((await s.call('GET', `${ws}/branches`, { token })).status).not.toBe(403);
    expect((await s.call('PUT', `${ws}/protected/main`, { token, body: {} })).status).toBe(403);
    await s.identity.createWorkspace('other', null, 'test');
    expect((await s.call('GET', '/api/v1/workspaces/other/members', { token })).status).toBe(403);
    expect(code(await s.call('GET', '/users/me', { token }))).toBe('FORBIDDEN');
    // The token is stored hashed: nothing in the store equals it.
    expect(JSON.stringify(await s.identity.store.serviceTokenByHash(token))).toBe('null');
    const sock = await rawSocket(`${s.url}/ws/${WORKSPACE}/ci?token=${token}`);
    const closed = closeOf(sock);
    expect((await s.call('DELETE', `${ws}/service-tokens/${tok.body.id as string}`, { token: owner.accessToken })).status).toBe(204);
    expect((await closed).code).toBe(4401);
    expect((await s.call('GET', `${ws}/branches`, { token })).status).toBe(401);
  });

  it('a delegated token records on whose behalf and why, and never exceeds that user', async () => {
    const { id: alice } = await s.member('alice-d', 'viewer');
    const { tokens: owner } = await s.member('sa-owner2', 'owner');
    const ws = `/api/v1/workspaces/${WORKSPACE}`;
    const acct = await s.call('POST', `${ws}/service-accounts`, { token: owner.accessToken, body: { name: 'svc-etl', role: 'editor' } });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const tok = await s.call('POST', `${ws}/service-accounts/${acct.body.id as string}/tokens`, { token: owner.accessToken, body: { expiresAt, onBehalfOf: alice, reason: 'nightly import' } });
    const token = tok.body.token as string;
    const v = await s.call('GET', '/auth/validate', { token });
    expect(v.body.author).toMatchObject({ kind: 'service-account', name: 'svc-etl', onBehalfOf: 'alice-d', reason: 'nightly import' });
    // svc-etl is an editor, alice a viewer: the delegated token writes nothing.
    expect((await s.call('POST', `${ws}/objects`, { token, body: { objects: [] } })).status).toBe(403);
    expect((await s.call('GET', `${ws}/branches`, { token })).status).not.toBe(403);
    expect(code(await s.call('POST', `${ws}/service-accounts/${acct.body.id as string}/tokens`, { token: owner.accessToken, body: { expiresAt, onBehalfOf: alice } }))).toBe('INVALID_ARGUMENT');
  });
});

describe('no escalation through service accounts', () => {
  it('an admin can neither create nor mint tokens for a service account above their role', async () => {
    const { tokens: admin } = await s.member('ws-admin', 'admin');
    const { tokens: owner } = await s.member('ws-owner', 'owner');
    const ws = `/api/v1/workspaces/${WORKSPACE}`;
    expect((await s.call('POST', `${ws}/service-accounts`, { token: admin.accessToken, body: { name: 'svc-root', role: 'owner' } })).status).toBe(403);
    const acct = await s.call('POST', `${ws}/service-accounts`, { token: owner.accessToken, body: { name: 'svc-owner', role: 'owner' } });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    expect((await s.call('POST', `${ws}/service-accounts/${acct.body.id as string}/tokens`, { token: admin.accessToken, body: { expiresAt } })).status).toBe(403);
    expect((await s.call('PUT', `${ws}/members/ws-admin`, { token: admin.accessToken, body: { role: 'owner' } })).status).toBe(403);
  });
});

describe('signing keys', () => {
  it('rotation: new tokens carry the new kid, tokens of the old key stay valid until they expire', async () => {
    const before = await s.login('root');
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const kid = await s.identity.keys.rotate();
    expect(kid).not.toBe(oldKid);
    const after = await s.login('root');
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(kid);
    expect((await s.call('GET', '/users/me', { token: before.accessToken })).status).toBe(200);
    expect((await s.call('GET', '/users/me', { token: after.accessToken })).status).toBe(200);
  });

  it('a signing key from the config file is used as is (PKCS#8 Ed25519)', async () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 'signing.pem');
      writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const config = loadConfig({ env: {}, overrides: { dataDir: t.dir, identity: { signingKeyFile: file, hash: { memoryCost: 64, timeCost: 1 } } } });
      await createUser(config, { username: 'first', password: PASSWORD, admin: true });
      const id = (await openIdentity(config))!;
      try {
        const pair = await id.login({ username: 'first', password: PASSWORD }, { ip: null });
        if (pair.status !== 'ok') throw new Error('expected tokens');
        expect(decodeProtectedHeader(pair.accessToken).kid).toBe(id.keys.currentKid);
        expect((await id.store.signingKeys()).some((k) => k.kid === id.keys.currentKid)).toBe(false);
      } finally {
        await id.close();
      }
    } finally {
      t.cleanup();
    }
  });
});

describe('admin CLI functions: first admin → workspace → member → token', () => {
  it('walks the README path on a fresh data directory', async () => {
    const t = tempDir();
    try {
      const config = loadConfig({ env: {}, overrides: { dataDir: t.dir, identity: { hash: { memoryCost: 64, timeCost: 1 } } } });
      await expect(openIdentity(config)).rejects.toMatchObject({ code: 'AUTH_NOT_CONFIGURED' });
      const admin = await createUser(config, { username: 'root', password: PASSWORD, admin: true });
      expect(admin.serverAdmin).toBe(true);
      await createUser(config, { username: 'alice', password: PASSWORD, admin: false });
      await workspaceCommand(config, 'create', 'acme', 'root');
      const members = await memberCommand(config, 'set', 'acme', 'alice', 'editor');
      expect(members.map((m) => [m.username, m.role])).toEqual([
        ['alice', 'editor'],
        ['root', 'owner'],
      ]);
      const tok = await createToken(config, { workspace: 'acme', account: 'svc-ci', role: 'editor', days: 30 });
      expect(tok.token).toMatch(/^omss_/);
      expect((await rotateSigningKey(config)).kid).toBeTruthy();
      await expect(memberCommand(config, 'set', 'acme', 'alice', 'superuser')).rejects.toMatchObject({ code: 'ADMIN_FAILED' });
      const identity = (await openIdentity(config))!;
      try {
        const pair = await identity.login({ username: 'alice', password: PASSWORD }, { ip: null });
        expect(pair.status).toBe('ok');
      } finally {
        await identity.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
