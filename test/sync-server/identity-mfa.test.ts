/** TOTP against the RFC 6238 vectors, then MFA sign-in, replay, recovery codes and resets on the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import type { MfaRequired, TokenPair } from '../../core/contract/identity-api';
import { join } from 'node:path';
import { SecretBox } from '../../sync-server/identity/sealed';
import { matchTotp, totpAt } from '../../sync-server/identity/totp';
import { PASSWORD, startIdentityServer, type IdentityServer } from './identity-fixture';

describe('RFC 6238 appendix B test vectors', () => {
  const secrets = {
    SHA1: Secret.fromUTF8('12345678901234567890').base32,
    SHA256: Secret.fromUTF8('12345678901234567890123456789012').base32,
    SHA512: Secret.fromUTF8('1234567890123456789012345678901234567890123456789012345678901234').base32,
  };
  const vectors: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [t, sha1, sha256, sha512] of vectors) {
    it(`T=${t}`, () => {
      const at = t * 1000;
      expect(totpAt(secrets.SHA1, at, { digits: 8, algorithm: 'SHA1' })).toBe(sha1);
      expect(totpAt(secrets.SHA256, at, { digits: 8, algorithm: 'SHA256' })).toBe(sha256);
      expect(totpAt(secrets.SHA512, at, { digits: 8, algorithm: 'SHA512' })).toBe(sha512);
      // ±1 step accepted, 2 steps off refused.
      expect(matchTotp(secrets.SHA1, sha1, at + 30_000, { digits: 8 })).not.toBeNull();
      expect(matchTotp(secrets.SHA1, sha1, at + 90_000, { digits: 8 })).toBeNull();
    });
  }
});

describe('MFA on the server', () => {
  let s: IdentityServer;
  let secret = '';
  let recovery: string[] = [];
  let access = '';
  beforeAll(async () => {
    s = await startIdentityServer({ throttle: { perIp: 1000, perAccount: 1000, windowSeconds: 60 } });
    access = (await s.member('mfa-user', 'editor')).tokens.accessToken;
  });
  afterAll(async () => {
    await s.stop();
  });

  const login = () => s.call('POST', '/auth/login', { body: { username: 'mfa-user', password: PASSWORD } });

  it('enrols with an otpauth:// URI, confirms with a code, and hands out recovery codes once', async () => {
    const e = await s.call('POST', '/users/me/mfa/totp', { token: access });
    expect(e.status).toBe(200);
    secret = e.body.secret as string;
    expect(e.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect((await s.call('POST', '/users/me/mfa/totp/verify', { token: access, body: { totp: '000000' === totpAt(secret, s.clock.now()) ? '111111' : '000000' } })).status).toBe(401);
    const v = await s.call('POST', '/users/me/mfa/totp/verify', { token: access, body: { totp: totpAt(secret, s.clock.now()) } });
    expect(v.status).toBe(200);
    recovery = v.body.recoveryCodes as string[];
    expect(recovery).toHaveLength(10);
  });

  it('keeps the TOTP seed sealed in the store (AES-GCM under the key file, bound to the user)', async () => {
    const u = await s.identity.findUser('mfa-user');
    expect(u.totpSecret).toMatch(/^v1:/);
    expect(u.totpSecret).not.toContain(secret);
    const other = SecretBox.open(join(s.dir, 'another.key'));
    expect(() => other.open(u.totpSecret!, u.id)).toThrow(/secrets key/);
  });

  it('sign-in then asks for the second factor; a code is accepted once, never replayed', async () => {
    s.clock.offsetMs += 30_000;
    const first = (await login()).body as unknown as MfaRequired;
    expect(first.status).toBe('mfa_required');
    const code = totpAt(secret, s.clock.now());
    const ok = await s.call('POST', '/auth/login', { body: { mfaToken: first.mfaToken, totp: code } });
    expect(ok.status).toBe(200);
    expect((ok.body as unknown as TokenPair).status).toBe('ok');
    // Replay: the same code with a fresh challenge, and inline with the password.
    const again = (await login()).body as unknown as MfaRequired;
    const replay = await s.call('POST', '/auth/login', { body: { mfaToken: again.mfaToken, totp: code } });
    expect(replay.status).toBe(401);
    expect((replay.body.error as { code: string }).code).toBe('MFA_INVALID');
    expect((await s.call('POST', '/auth/login', { body: { username: 'mfa-user', password: PASSWORD, totp: code } })).status).toBe(401);
    // The used challenge token is spent too.
    expect((await s.call('POST', '/auth/login', { body: { mfaToken: first.mfaToken, totp: code } })).status).toBe(401);
  });

  it('a recovery code works once', async () => {
    const c = (await login()).body as unknown as MfaRequired;
    expect((await s.call('POST', '/auth/login', { body: { mfaToken: c.mfaToken, recoveryCode: recovery[0]!.toUpperCase() } })).status).toBe(200);
    const c2 = (await login()).body as unknown as MfaRequired;
    expect((await s.call('POST', '/auth/login', { body: { mfaToken: c2.mfaToken, recoveryCode: recovery[0] } })).status).toBe(401);
  });

  it('turning MFA off needs the password; an admin can reset it', async () => {
    s.clock.offsetMs += 30_000;
    const c = (await login()).body as unknown as MfaRequired;
    const t = (await s.call('POST', '/auth/login', { body: { mfaToken: c.mfaToken, totp: totpAt(secret, s.clock.now()) } })).body as unknown as TokenPair;
    expect((await s.call('DELETE', '/users/me/mfa', { token: t.accessToken, body: { password: 'wrong-password-here' } })).status).toBe(401);
    const root = await s.login('root');
    expect((await s.call('DELETE', `/users/${t.user.id}/mfa`, { token: root.accessToken, body: {} })).status).toBe(204);
    expect(((await login()).body as unknown as TokenPair).status).toBe('ok');
  });
});

describe('OpenAPI', () => {
  it('describes the identity endpoints, valid OpenAPI 3.1, generated from the contract', async () => {
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    const s = await startIdentityServer();
    try {
      const doc = (await (await fetch(`${s.http}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
      await SwaggerParser.validate(structuredClone(doc) as never);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/refresh', '/auth/logout', '/auth/validate', '/users/{id}', '/users/{id}/permissions', '/users/{id}/sessions/{session}', '/api/v1/workspaces/{workspace}/members/{user}']));
      expect(Object.keys(doc.components.schemas.TokenPair?.properties ?? {})).toEqual(expect.arrayContaining(['accessToken', 'refreshToken', 'expiresIn']));
    } finally {
      await s.stop();
    }
  });
});
