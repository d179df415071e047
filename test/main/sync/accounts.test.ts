/**
 * The desktop signing in with an account on the real oms-sync (identity enabled): password, the
 * TOTP step, refresh-token rotation persisted before use, an expired access token refreshed
 * without the user noticing, and a viewer account told it is read-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { renameElement } from '../../../core/yjs';
import { Workspace } from '../../../main/services/store';
import { SyncError, SyncService } from '../../../main/services/sync';
import { airline } from '../../support/workspace-fixture';
import { PASSWORD, startIdentityServer, type IdentityServer } from '../../sync-server/identity-fixture';
import { waitFor } from '../../sync-server/helpers';

let server: IdentityServer;
const dirs: string[] = [];
beforeEach(async () => {
  server = await startIdentityServer({ accessTokenTtlSeconds: 60 });
});
afterEach(async () => {
  await server.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function profile(): { dir: string; sync: SyncService } {
  const dir = mkdtempSync(join(tmpdir(), 'oms-account-'));
  dirs.push(dir);
  return { dir, sync: new SyncService({ settingsDir: join(dir, 'profile'), backoff: { baseMs: 20, maxMs: 200 } }) };
}

it('signs in with a password, publishes, and keeps working after the access token expires (refresh with rotation)', async () => {
  await server.member('alice', 'editor');
  const { dir, sync } = profile();
  expect(await sync.signIn({ server: server.http, method: { kind: 'password', username: 'alice', password: PASSWORD } })).toEqual({ user: 'alice', kind: 'account' });
  const ws = await Workspace.create(dir, 'acme', { from: airline(), author: 'alice' });
  try {
    expect((await sync.push(ws, 'main')).status).toBe('pushed');
    const session = await ws.openBranch('main');
    await sync.connect(ws, session);
    await waitFor(() => sync.status()[0]?.state === 'synced', 'synced');

    // A restart of the studio resumes from the saved refresh token; an hour later the access token
    // has expired: the next request refreshes (the server rotates the refresh token) and succeeds.
    sync.close();
    const again = new SyncService({ settingsDir: join(dir, 'profile') });
    expect(again.whoAmI().user).toBe('alice');
    server.clock.offsetMs = 3_600_000;
    renameElement(session.doc, { id: 'ot-aircraft' }, 'Airframe');
    await ws.commit('main', { message: 'rename', author: 'alice' });
    expect((await again.push(ws, 'main')).status).toBe('pushed');
    // Rotation: the refresh token first saved is spent; a third process still signs in with the newest.
    expect((await new SyncService({ settingsDir: join(dir, 'profile') }).pull(ws, 'main')).status).toBe('up-to-date');
    again.close();
  } finally {
    await ws.close();
  }
});

it('a wrong password is SYNC_AUTH_FAILED and saves nothing', async () => {
  await server.member('bob', 'editor');
  const { sync } = profile();
  const err = await sync.signIn({ server: server.http, method: { kind: 'password', username: 'bob', password: 'wrong-password-123456' } }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SyncError);
  expect((err as SyncError).code).toBe('SYNC_AUTH_FAILED');
  expect(sync.whoAmI().user).toBeUndefined();
});

it('an account with TOTP needs the second step (SYNC_MFA_REQUIRED with an mfaToken), then signs in', async () => {
  const { id } = await server.member('carol', 'editor');
  const { secret } = await server.identity.enrolTotp(id);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  await server.identity.verifyTotp(id, totp.generate({ timestamp: server.clock.now() }));
  const { sync } = profile();
  const step1 = await sync.signIn({ server: server.http, method: { kind: 'password', username: 'carol', password: PASSWORD } }).catch((e: unknown) => e);
  expect((step1 as SyncError).code).toBe('SYNC_MFA_REQUIRED');
  const mfaToken = (step1 as SyncError).details?.mfaToken as string;
  // The code just used for enrolment is never accepted twice: take the next window's.
  const code = totp.generate({ timestamp: server.clock.now() + 30_000 });
  server.clock.offsetMs = 30_000;
  expect(await sync.signIn({ method: { kind: 'mfa', mfaToken, totp: code } })).toEqual({ user: 'carol', kind: 'account' });
});

it('a viewer account is told it is read-only and its edits stay local', async () => {
  await server.member('erin', 'editor');
  await server.member('vic', 'viewer');
  const pub = profile();
  await pub.sync.signIn({ server: server.http, method: { kind: 'password', username: 'erin', password: PASSWORD } });
  const source = await Workspace.create(pub.dir, 'acme', { from: airline(), author: 'erin' });
  const viewerSide = profile();
  try {
    await pub.sync.push(source, 'main');
    const pubSession = await source.openBranch('main');
    await pub.sync.connect(source, pubSession);
    await viewerSide.sync.signIn({ server: server.http, method: { kind: 'password', username: 'vic', password: PASSWORD } });
    const { workspace } = await viewerSide.sync.clone(viewerSide.dir, 'acme');
    const session = await workspace.openBranch('main');
    await viewerSide.sync.connect(workspace, session);
    await waitFor(() => viewerSide.sync.status()[0]?.state === 'synced', 'viewer synced');
    renameElement(session.doc, { id: 'ot-flight' }, 'NotAllowed');
    await waitFor(() => viewerSide.sync.status()[0]?.readOnly === true, 'viewer told it is read-only');
    expect(viewerSide.sync.status()[0]?.error?.code).toBe('SYNC_READ_ONLY');
    renameElement(pubSession.doc, { id: 'ot-booking' }, 'Marker');
    const { docToOntology } = await import('../../../core/yjs');
    await waitFor(() => docToOntology(session.doc).objectTypes['ot-booking']?.apiName === 'Marker', 'viewer still receives');
    expect(docToOntology(pubSession.doc).objectTypes['ot-flight']?.apiName).toBe('Flight');
    viewerSide.sync.close();
    await workspace.close();
  } finally {
    pub.sync.close();
    await source.close();
  }
});
