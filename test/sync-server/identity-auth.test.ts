/** Sign-in, refresh rotation, logout and the attacks on them, against the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { TokenPair } from '../../core/contract/identity-api';
import { LoginResponseSchema, TokenPairSchema } from '../../core/contract/identity-api';
import { PASSWORD, startIdentityServer, WORKSPACE, type IdentityServer } from './identity-fixture';

let s: IdentityServer;

beforeAll(async () => {
  s = await startIdentityServer({ lockout: { maxFailures: 3, lockSeconds: 60 }, throttle: { perIp: 1000, perAccount: 50, windowSeconds: 60 }, maxSessionsPerUser: 3 });
});
afterAll(async () => {
  await s.stop();
});

const branches = (token: string) => s.call('GET', `/api/v1/workspaces/${WORKSPACE}/members`, { token });

describe('sign-in and tokens', () => {
  it('signs in, and the access token works on the API; the response matches the contract', async () => {
    const { tokens } = await s.member('alice', 'editor');
    expect(TokenPairSchema.parse(tokens).tokenType).toBe('Bearer');
    expect(tokens.expiresIn).toBeLessThanOrEqual(900);
    expect((await branches(tokens.accessToken)).status).toBe(200);
    const v = await s.call('GET', '/auth/validate', { token: tokens.accessToken });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ valid: true, author: { kind: 'user', name: 'alice', sessionId: tokens.sessionId } });
  });

  it('rotates refresh tokens; a reused one revokes the whole session', async () => {
    const { tokens } = await s.member('bob', 'editor');
    const r1 = await s.call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(r1.status).toBe(200);
    const next = r1.body as unknown as TokenPair;
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.sessionId).toBe(tokens.sessionId);
    // The stolen old token comes back: reuse → the session (and every token of it) ends.
    const reuse = await s.call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(reuse.status).toBe(401);
    expect((reuse.body.error as { code: string }).code).toBe('REFRESH_REUSED');
    const after = await s.call('POST', '/auth/refresh', { body: { refreshToken: next.refreshToken } });
    expect(after.status).toBe(401);
    expect((await branches(next.accessToken)).status).toBe(401);
  });

  it('logout revokes: the access token is refused at once, the refresh token too', async () => {
    const { tokens } = await s.member('carol', 'editor');
    expect((await s.call('POST', '/auth/logout', { token: tokens.accessToken })).status).toBe(204);
    const after = await branches(tokens.accessToken);
    expect(after.status).toBe(401);
    expect((await s.call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
  });

  it('refuses alg:none, a foreign key, a tampered payload and an expired token', async () => {
    const { id, tokens } = await s.member('dave', 'editor');
    const [h, p] = tokens.accessToken.split('.');
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const none = `${b64({ alg: 'none', typ: 'at+jwt' })}.${p}.`;
    const tampered = `${h}.${b64({ ...payload, sub: s.adminId })}.${tokens.accessToken.split('.')[2]}`;
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as { kid: string };
    const foreign = await new SignJWT({ sid: tokens.sessionId }).setProtectedHeader({ alg: 'EdDSA', kid: header.kid, typ: 'at+jwt' }).setIssuer('oms-sync').setAudience('oms-sync').setSubject(id).setIssuedAt().setExpirationTime('10m').sign(privateKey);
    const hs = await new SignJWT({ sid: tokens.sessionId }).setProtectedHeader({ alg: 'HS256', kid: header.kid, typ: 'at+jwt' }).setSubject(id).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(JSON.stringify(await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey))));
    for (const bad of [none, tampered, foreign, hs, 'not.a.jwt', `${tokens.accessToken}x`]) {
      const r = await branches(bad);
      expect(r.status, bad.slice(0, 30)).toBe(401);
    }
    s.clock.offsetMs = 16 * 60_000;
    try {
      const expired = await branches(tokens.accessToken);
      expect(expired.status).toBe(401);
      expect((expired.body.error as { code: string }).code).toBe('AUTH_EXPIRED');
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('brute force locks the account: after N failures even the right password is refused, until the lock ends', async () => {
    await s.member('erin', 'viewer');
    for (let i = 0; i < 3; i++) expect((await s.call('POST', '/auth/login', { body: { username: 'erin', password: `wrong-password-${i}` } })).status).toBe(401);
    const locked = await s.call('POST', '/auth/login', { body: { username: 'erin', password: PASSWORD } });
    expect(locked.status).toBe(401);
    expect((locked.body.error as { code: string }).code).toBe('INVALID_CREDENTIALS');
    s.clock.offsetMs = 61_000;
    try {
      expect((await s.call('POST', '/auth/login', { body: { username: 'erin', password: PASSWORD } })).status).toBe(200);
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('unknown users get the same answer as wrong passwords, in statistically the same time', async () => {
    await s.member('frank', 'viewer');
    const strip = (b: Record<string, unknown>) => ({ ...b, error: { ...(b.error as object), requestId: undefined } });
    const wrong = await s.call('POST', '/auth/login', { body: { username: 'frank', password: 'not-the-password-1' } });
    const unknown = await s.call('POST', '/auth/login', { body: { username: 'nobody-here', password: 'not-the-password-1' } });
    expect(unknown.status).toBe(wrong.status);
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect([...unknown.headers.keys()].sort()).toEqual([...wrong.headers.keys()].sort());
    // Timing: medians of interleaved samples must be close (generous bound: real leaks are the
    // hash-or-no-hash difference, an order of magnitude). Uses a fresh user below the lockout.
    const time = async (username: string): Promise<number> => {
      const t = performance.now();
      await s.call('POST', '/auth/login', { body: { username, password: 'x-wrong-password' } });
      return performance.now() - t;
    };
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 20; i++) {
      await s.identity.store.clearFailedLogins((await s.identity.findUser('frank')).id);
      known.push(await time('frank'));
      missing.push(await time(`ghost-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(missing) / median(known);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it('throttles sign-in per account with a sliding window (429 + Retry-After)', async () => {
    let last = 0;
    let retry: string | null = null;
    for (let i = 0; i < 60 && last !== 429; i++) {
      const r = await s.call('POST', '/auth/login', { body: { username: 'throttled-name', password: 'whatever-wrong' } });
      last = r.status;
      retry = r.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retry)).toBeGreaterThan(0);
  });

  it('enforces the concurrent-session limit: the oldest session is revoked', async () => {
    const { tokens: first } = await s.member('gina', 'editor');
    const later = [await s.login('gina'), await s.login('gina'), await s.login('gina')];
    expect((await branches(first.accessToken)).status).toBe(401);
    for (const t of later) expect((await branches(t.accessToken)).status).toBe(200);
    const list = await s.call('GET', '/users/me/sessions', { token: later[2]!.accessToken });
    expect((list.body.sessions as unknown[]).length).toBe(3);
  });

  it('refuses injection in ids, workspace and branch names with 4xx, never 500', async () => {
    const { tokens } = await s.member('hank', 'admin');
    const evil = ["x' OR '1'='1", '../../etc/passwd', '%00', '%E0%A4%A', 'a;DROP TABLE oms_users;--', '<script>', 'ä'.repeat(300)];
    for (const e of evil) {
      const enc = encodeURIComponent(e);
      for (const [method, path] of [
        ['GET', `/users/${enc}`],
        ['GET', `/users/${enc}/permissions`],
        ['DELETE', `/users/me/sessions/${enc}`],
        ['GET', `/api/v1/workspaces/${enc}/members`],
        ['PUT', `/api/v1/workspaces/${WORKSPACE}/members/${enc}`],
        ['PUT', `/api/v1/workspaces/${WORKSPACE}/protected/${enc}`],
      ] as const) {
        const r = await s.call(method, path, { token: tokens.accessToken, body: method === 'PUT' ? { role: 'viewer' } : undefined });
        expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${path}`).toBeLessThan(500);
      }
      const login = await s.call('POST', '/auth/login', { body: { username: e, password: e } });
      expect([400, 401, 429]).toContain(login.status);
    }
    expect((await s.identity.store.listUsers()).some((u) => u.username === 'root')).toBe(true);
  });

  it('answers the login contract for an MFA user (mfa_required, then tokens)', async () => {
    const r = await s.call('POST', '/auth/login', { body: { username: 'root', password: PASSWORD } });
    expect(LoginResponseSchema.parse(r.body).status).toBe('ok');
  });
});
