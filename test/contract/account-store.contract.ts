/**
 * The AccountStore contract (sync-server/identity/account-store.ts) as one suite both databases
 * run: SQLite and PostgreSQL (test/sync-server/identity-store.test.ts). The check-and-set
 * operations are raced from two store instances over the same data, as two server processes would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OmsError } from '../../core/errors';
import type { AccountStore } from '../../sync-server/identity/account-store';

export interface AccountStoreHarness {
  store: AccountStore;
  /** A second, independent store over the same data (another process). */
  second(): Promise<AccountStore>;
  cleanup(): Promise<void>;
}

const user = (id: string, username: string, now = 1000) => ({ id, username, email: `${username}@example.com`, displayName: null, passwordHash: `$argon2id$v=19$m=64,t=1,p=1$x$${id}`, serverAdmin: false, now });

export function runAccountStoreContract(name: string, open: () => Promise<AccountStoreHarness>): void {
  describe(`AccountStore contract: ${name}`, () => {
    let h: AccountStoreHarness;
    let s: AccountStore;
    let others: AccountStore[] = [];
    beforeEach(async () => {
      h = await open();
      s = h.store;
      others = [];
    });
    afterEach(async () => {
      for (const o of others) await o.close();
      await h.cleanup();
    });
    const second = async (): Promise<AccountStore> => {
      const o = await h.second();
      others.push(o);
      return o;
    };

    it('creates users; names and e-mails are unique case-insensitively (CONFLICT), found by either', async () => {
      const u = await s.createUser(user('u1-aaaaaaa', 'alice'));
      expect(u).toMatchObject({ username: 'alice', email: 'alice@example.com', serverAdmin: false, disabled: false, failedLogins: 0 });
      await expect(s.createUser(user('u2-aaaaaaa', 'ALICE'))).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await s.userByLogin('Alice@Example.com'))?.id).toBe('u1-aaaaaaa');
      expect(await s.userByLogin("alice' OR '1'='1")).toBeNull();
      expect(await s.userById('nope')).toBeNull();
    });

    it('lockout counts failures and locks at the limit; clearing resets', async () => {
      await s.createUser(user('u1-aaaaaaa', 'bob'));
      await s.recordFailedLogin('u1-aaaaaaa', 5000, 3, 60_000);
      await s.recordFailedLogin('u1-aaaaaaa', 5000, 3, 60_000);
      expect((await s.userById('u1-aaaaaaa'))!.lockedUntil).toBe(0);
      await s.recordFailedLogin('u1-aaaaaaa', 5000, 3, 60_000);
      expect((await s.userById('u1-aaaaaaa'))!.lockedUntil).toBe(65_000);
      await s.clearFailedLogins('u1-aaaaaaa');
      expect((await s.userById('u1-aaaaaaa'))!).toMatchObject({ lockedUntil: 0, failedLogins: 0 });
    });

    it('keeps a bounded password history', async () => {
      await s.createUser(user('u1-aaaaaaa', 'carol'));
      for (let i = 1; i <= 5; i++) await s.setPassword('u1-aaaaaaa', `hash-${i}`, 1000 + i, 3);
      expect((await s.userById('u1-aaaaaaa'))!.passwordHash).toBe('hash-5');
      expect(await s.passwordHistory('u1-aaaaaaa')).toEqual(['hash-4', 'hash-3', 'hash-2']);
    });

    it('a TOTP step and a recovery code are accepted once, even racing another process', async () => {
      await s.createUser(user('u1-aaaaaaa', 'dave'));
      const o = await second();
      const steps = await Promise.all([s.consumeTotpStep('u1-aaaaaaa', 100), o.consumeTotpStep('u1-aaaaaaa', 100)]);
      expect(steps.filter(Boolean)).toHaveLength(1);
      expect(await s.consumeTotpStep('u1-aaaaaaa', 99)).toBe(false);
      expect(await s.consumeTotpStep('u1-aaaaaaa', 101)).toBe(true);
      await s.replaceRecoveryCodes('u1-aaaaaaa', ['c1', 'c2']);
      const codes = await Promise.all([s.consumeRecoveryCode('u1-aaaaaaa', 'c1', 1), o.consumeRecoveryCode('u1-aaaaaaa', 'c1', 1)]);
      expect(codes.filter(Boolean)).toHaveLength(1);
      expect(await s.consumeRecoveryCode('u1-aaaaaaa', 'c3', 1)).toBe(false);
    });

    it('refresh tokens rotate once: a racing second use is reuse, an unknown one is unknown', async () => {
      await s.createUser(user('u1-aaaaaaa', 'erin'));
      await s.createSession({ id: 's1-aaaaaaa', userId: 'u1-aaaaaaa', now: 1000, expiresAt: 99_000, ip: null, deviceName: null, mfa: false, refreshHash: 'r0', maxSessions: 5 });
      const o = await second();
      const [a, b] = await Promise.all([s.rotateRefresh('r0', 'r1a', 2000), o.rotateRefresh('r0', 'r1b', 2000)]);
      expect([a.outcome, b.outcome].sort()).toEqual(['ok', 'reused']);
      expect((await s.rotateRefresh('never', 'x', 3000)).outcome).toBe('unknown');
      const winner = a.outcome === 'ok' ? 'r1a' : 'r1b';
      expect((await s.rotateRefresh(winner, 'r2', 3000)).outcome).toBe('ok');
      expect((await s.rotateRefresh(winner, 'r3', 3000)).outcome).toBe('reused');
    });

    it('the session limit revokes the oldest sessions; revocation is recorded once', async () => {
      await s.createUser(user('u1-aaaaaaa', 'fred'));
      for (let i = 1; i <= 3; i++) {
        const evicted = await s.createSession({ id: `s${i}-aaaaaaa`, userId: 'u1-aaaaaaa', now: 1000 * i, expiresAt: 99_000, ip: '10.0.0.1', deviceName: `d${i}`, mfa: false, refreshHash: `r${i}`, maxSessions: 2 });
        expect(evicted).toEqual(i === 3 ? ['s1-aaaaaaa'] : []);
      }
      expect((await s.activeSessions('u1-aaaaaaa', 4000)).map((x) => x.id)).toEqual(['s2-aaaaaaa', 's3-aaaaaaa']);
      expect(await s.revokeSession('s2-aaaaaaa', 5000, 'logout')).toBe(true);
      expect(await s.revokeSession('s2-aaaaaaa', 5000, 'logout')).toBe(false);
      expect((await s.session('s2-aaaaaaa'))!).toMatchObject({ revokedAt: 5000, revokedReason: 'logout' });
      expect(await s.revokeUserSessions('u1-aaaaaaa', 6000, 'disabled')).toEqual(['s3-aaaaaaa']);
    });

    it('workspaces, members (upsert), roles, protected branches; deleting a user drops their memberships', async () => {
      await s.createUser(user('u1-aaaaaaa', 'gina'));
      await s.createWorkspace('acme', 'u1-aaaaaaa', 1);
      await expect(s.createWorkspace('acme', null, 1)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await s.roleOf('acme', 'u1-aaaaaaa')).toBe('owner');
      await s.setMember('acme', 'u1-aaaaaaa', 'viewer');
      expect(await s.members('acme')).toEqual([{ workspace: 'acme', userId: 'u1-aaaaaaa', username: 'gina', role: 'viewer' }]);
      await s.protectBranch('acme', 'main', false);
      await s.protectBranch('acme', 'main', true);
      expect(await s.protectedBranches('acme')).toEqual([{ workspace: 'acme', branch: 'main', requireReview: true }]);
      expect(await s.unprotectBranch('acme', 'main')).toBe(true);
      await s.deleteUser('u1-aaaaaaa');
      expect(await s.members('acme')).toEqual([]);
      await s.deleteWorkspace('acme');
      expect(await s.listWorkspaces()).toEqual([]);
    });

    it('renaming a workspace moves members, protected branches, service accounts, audit and authorship in one step; a taken name is CONFLICT', async () => {
      await s.createUser(user('u1-aaaaaaa', 'ivy'));
      await s.createWorkspace('acme', 'u1-aaaaaaa', 7);
      await s.createWorkspace('taken', null, 1);
      await s.protectBranch('acme', 'main', true);
      await s.createServiceAccount({ id: 'sa1-aaaaaa', workspace: 'acme', name: 'svc', role: 'viewer', createdAt: 1, createdBy: 'test' });
      await s.audit({ at: 1, workspace: 'acme', actor: 'ivy', action: 'a', detail: {} });
      await s.addAuthorship({ at: 1, workspace: 'acme', branch: 'main', kind: 'branch-move', commit: 'c1', authors: [{ kind: 'user', name: 'ivy' }] });
      await expect(s.renameWorkspace('acme', 'taken')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await s.roleOf('acme', 'u1-aaaaaaa')).toBe('owner');
      expect(await s.renameWorkspace('acme', 'acme-2')).toBe(true);
      expect(await s.listWorkspaces()).toEqual(['acme-2', 'taken']);
      expect(await s.roleOf('acme-2', 'u1-aaaaaaa')).toBe('owner');
      expect(await s.protectedBranches('acme-2')).toEqual([{ workspace: 'acme-2', branch: 'main', requireReview: true }]);
      expect((await s.serviceAccounts('acme-2')).map((a) => a.id)).toEqual(['sa1-aaaaaa']);
      expect((await s.auditEntries('acme-2', 10)).map((e) => e.action)).toEqual(['a']);
      expect(await s.authorship('acme-2', 'main', 10)).toHaveLength(1);
      expect(await s.members('acme')).toEqual([]);
      // Again (crash recovery re-runs it): nothing left to move.
      expect(await s.renameWorkspace('acme', 'acme-2')).toBe(false);
    });

    it('service accounts and tokens (by hash, revocable, delegation recorded)', async () => {
      await s.createUser(user('u1-aaaaaaa', 'hank'));
      await s.createWorkspace('acme', null, 1);
      await s.createServiceAccount({ id: 'sa1-aaaaaa', workspace: 'acme', name: 'svc-etl', role: 'editor', createdAt: 1, createdBy: 'test' });
      await expect(s.createServiceAccount({ id: 'sa2-aaaaaa', workspace: 'acme', name: 'svc-etl', role: 'viewer', createdAt: 1, createdBy: 'test' })).rejects.toBeInstanceOf(OmsError);
      await s.createServiceToken({ id: 't1-aaaaaaa', accountId: 'sa1-aaaaaa', hash: 'h1', onBehalfOf: 'u1-aaaaaaa', reason: 'nightly import', expiresAt: 9999, revokedAt: null, createdAt: 1, createdBy: 'test' });
      expect(await s.serviceTokenByHash('h1')).toMatchObject({ id: 't1-aaaaaaa', onBehalfOf: 'u1-aaaaaaa', reason: 'nightly import', account: { name: 'svc-etl', role: 'editor', workspace: 'acme' } });
      expect(await s.serviceTokenByHash('h2')).toBeNull();
      expect(await s.revokeServiceToken('t1-aaaaaaa', 5)).toBe(true);
      expect((await s.serviceToken('t1-aaaaaaa'))!.revokedAt).toBe(5);
    });

    it('signing keys: insert-once by kid (two processes generating at first start), retire', async () => {
      const k = { kid: 'k1', privateJwk: '{}', publicJwk: '{}', createdAt: 1, retiredAt: null };
      const o = await second();
      const added = await Promise.all([s.addSigningKey(k), o.addSigningKey(k)]);
      expect(added.filter(Boolean)).toHaveLength(1);
      await s.retireSigningKey('k1', 7);
      expect(await o.signingKeys()).toEqual([{ ...k, retiredAt: 7 }]);
    });

    it('audit and authorship entries round-trip, newest first', async () => {
      await s.audit({ at: 1, workspace: 'acme', actor: 'alice', action: 'a', detail: { x: 1 } });
      await s.audit({ at: 2, workspace: 'acme', actor: 'bob', action: 'b', detail: {} });
      await s.audit({ at: 3, workspace: null, actor: 'root', action: 'c', detail: {} });
      expect((await s.auditEntries('acme', 10)).map((e) => e.action)).toEqual(['b', 'a']);
      expect((await s.auditEntries(null, 1)).map((e) => e.action)).toEqual(['c']);
      await s.addAuthorship({ at: 5, workspace: 'acme', branch: 'main', kind: 'branch-move', commit: 'c'.repeat(64), authors: [{ kind: 'user', name: 'alice' }] });
      expect(await s.authorship('acme', 'main', 10)).toEqual([{ at: 5, workspace: 'acme', branch: 'main', kind: 'branch-move', commit: 'c'.repeat(64), authors: [{ kind: 'user', name: 'alice' }] }]);
      expect(await s.authorship('acme', 'other', 10)).toEqual([]);
    });
  });
}
