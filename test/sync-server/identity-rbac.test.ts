/**
 * The RBAC matrix, generated from the one permission table: every role (account members, a
 * non-member, static tokens) × every HTTP operation and every WebSocket write path, asserting the
 * allowed and the denied cells against the real server. Then live revocation on open sockets.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { can, PERMISSIONS, permissionTableMarkdown, WORKSPACE_ROLES, type Permission, type WorkspaceRole } from '../../sync-server/identity/permissions';
import { writeDecision } from '../../sync-server/extensions/rbac';
import { closeOf, connectClient, rawSocket, synced, TOKEN, VIEWER_TOKEN, waitFor, storedKey } from './helpers';
import { startIdentityServer, WORKSPACE, type IdentityServer } from './identity-fixture';

let s: IdentityServer;
const tokens = new Map<string, string>();
const COMMIT = 'a'.repeat(64);

interface Actor {
  name: string;
  role: WorkspaceRole | null;
  token: () => string;
}

const actors: Actor[] = [
  ...WORKSPACE_ROLES.map((role) => ({ name: `member-${role}`, role, token: () => tokens.get(role)! })),
  { name: 'non-member', role: null, token: () => tokens.get('none')! },
  { name: 'static-token editor', role: 'editor' as const, token: () => TOKEN },
  { name: 'static-token viewer', role: 'viewer' as const, token: () => VIEWER_TOKEN },
];

beforeAll(async () => {
  s = await startIdentityServer({ maxDeniedWrites: 3 });
  for (const role of WORKSPACE_ROLES) tokens.set(role, (await s.member(`m-${role}`, role)).tokens.accessToken);
  tokens.set('none', (await s.member('outsider', null)).tokens.accessToken);
  for (const t of ['target', 'target2', 'target3']) await s.identity.createUser({ username: t, password: 'correct-horse-battery-staple-42' }, 'test');
  await s.identity.setMember(WORKSPACE, (await s.identity.findUser('target2')).id, 'viewer', 'test');
  await s.identity.protectBranch(WORKSPACE, 'prot', false, 'test');
  await s.identity.protectBranch(WORKSPACE, 'rev', true, 'test');
});
afterAll(async () => {
  await s.stop();
});

interface Operation {
  name: string;
  permission: Permission;
  method: string;
  path: string;
  body?: unknown;
}

const ws = `/api/v1/workspaces/${WORKSPACE}`;
let n = 0;
const operations: Operation[] = [
  { name: 'list branches', permission: 'read', method: 'GET', path: `${ws}/branches` },
  { name: 'create branch', permission: 'write_branch', method: 'POST', path: `${ws}/branches`, body: { name: 'feature/x', head: COMMIT } },
  { name: 'move branch', permission: 'write_branch', method: 'PUT', path: `${ws}/branches/feature/y`, body: { head: COMMIT, expectedHead: COMMIT } },
  { name: 'move protected branch', permission: 'write_protected_branch', method: 'PUT', path: `${ws}/branches/prot`, body: { head: COMMIT, expectedHead: COMMIT } },
  { name: 'delete branch', permission: 'create_delete_branch', method: 'DELETE', path: `${ws}/branches/ghost` },
  { name: 'rename branch', permission: 'create_delete_branch', method: 'PATCH', path: `${ws}/branches/ghost`, body: { name: 'ghost-2' } },
  { name: 'room id', permission: 'read', method: 'POST', path: `${ws}/rooms/feature/z` },
  { name: 'branch by id', permission: 'read', method: 'GET', path: `${ws}/branch-ids/no-such-id` },
  { name: 'push objects', permission: 'write_branch', method: 'POST', path: `${ws}/objects`, body: { objects: [] } },
  { name: 'missing objects', permission: 'read', method: 'POST', path: `${ws}/objects/missing`, body: { objects: [] } },
  { name: 'get objects', permission: 'read', method: 'POST', path: `${ws}/objects/get`, body: { objects: [] } },
  { name: 'closure', permission: 'read', method: 'POST', path: `${ws}/closure`, body: { want: [] } },
  { name: 'list members', permission: 'read', method: 'GET', path: `${ws}/members` },
  { name: 'set member', permission: 'manage_members', method: 'PUT', path: `${ws}/members/target`, body: { role: 'viewer' } },
  { name: 'remove member', permission: 'manage_members', method: 'DELETE', path: `${ws}/members/target2` },
  { name: 'grant owner', permission: 'manage_workspace', method: 'PUT', path: `${ws}/members/target3`, body: { role: 'owner' } },
  { name: 'list protected', permission: 'read', method: 'GET', path: `${ws}/protected` },
  { name: 'protect branch', permission: 'protect_branch', method: 'PUT', path: `${ws}/protected/scratch`, body: { requireReview: false } },
  { name: 'unprotect branch', permission: 'protect_branch', method: 'DELETE', path: `${ws}/protected/never-protected` },
  { name: 'list service accounts', permission: 'manage_members', method: 'GET', path: `${ws}/service-accounts` },
  { name: 'create service account', permission: 'manage_members', method: 'POST', path: `${ws}/service-accounts`, body: () => ({ name: `svc-${n++}`, role: 'viewer' }) },
  { name: 'read audit', permission: 'read_audit', method: 'GET', path: `${ws}/audit` },
  { name: 'read authorship', permission: 'read', method: 'GET', path: `${ws}/authorship` },
];

describe('HTTP matrix from the permission table', () => {
  for (const op of operations) {
    for (const actor of actors) {
      const allowed = actor.role !== null && can(actor.role, op.permission);
      it(`${op.name} (${op.permission}) as ${actor.name}: ${allowed ? 'allowed' : 'denied'}`, async () => {
        const body = typeof op.body === 'function' ? (op.body as () => unknown)() : op.body;
        const r = await s.call(op.method, op.path, { token: actor.token(), body });
        if (allowed) {
          expect([401, 403], JSON.stringify(r.body)).not.toContain(r.status);
          expect(r.status).toBeLessThan(500);
        } else {
          expect(r.status, JSON.stringify(r.body)).toBe(403);
        }
      });
    }
  }

  it("the README's table is this table", () => {
    expect(readFileSync('README.md', 'utf8')).toContain(permissionTableMarkdown());
  });

  it('covers every permission of the table', () => {
    expect(new Set(operations.map((o) => o.permission))).toEqual(new Set(PERMISSIONS.filter((p) => p !== 'merge_protected_branch')));
  });
});

// ── WebSocket ──────────────────────────────────────────────────────────────────────────────────

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
const updateFrame = (text: string): Uint8Array => {
  const d = new Y.Doc();
  d.getText('t').insert(0, text);
  const u = Y.encodeStateAsUpdate(d);
  return frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, u)));
};
const step1Frame = (): Uint8Array => frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))));

/** Collect frames; resolve when a sync-step-2 arrives: the durable document as the server holds it. */
function nextDocState(sock: WebSocket, seen: { denied: string[] }): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const d = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(d);
      if (type === 2) {
        decoding.readVarUint(d);
        seen.denied.push(decoding.readVarString(d));
        return;
      }
      if (type !== 0 || decoding.readVarUint(d) !== 1) return;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(d));
      sock.off('message', onMessage);
      resolve(doc.getText('t').toString());
    };
    sock.on('message', onMessage);
  });
}

const open = (branch: string, token: string): Promise<WebSocket> => rawSocket(`${s.url}/ws/${WORKSPACE}/${branch}?token=${encodeURIComponent(token)}`);

describe('WebSocket write paths from the permission table', () => {
  const kinds = [
    { branch: 'live', protection: null },
    { branch: 'prot', protection: { requireReview: false } },
    { branch: 'rev', protection: { requireReview: true } },
  ];
  for (const { branch, protection } of kinds) {
    for (const actor of actors.filter((a) => a.role !== null)) {
      const allowed = writeDecision(actor.role!, protection).allowed;
      it(`update on ${branch} as ${actor.name}: ${allowed ? 'applied, stored, broadcast' : 'refused with an error, not stored'}`, async () => {
        const sock = await open(branch, actor.token());
        const seen = { denied: [] as string[] };
        const marker = `${actor.name}@${branch};`;
        sock.send(updateFrame(marker));
        sock.send(step1Frame());
        const state = await nextDocState(sock, seen);
        if (allowed) {
          expect(state).toContain(marker);
          expect(seen.denied).toEqual([]);
        } else {
          expect(state).not.toContain(marker);
          expect(seen.denied[0]).toMatch(/FORBIDDEN|PROTECTED_BRANCH|REVIEW_REQUIRED/);
        }
        sock.close();
      });
    }
  }

  it('a non-member is refused at the upgrade with 4403; a bad token with 4401', async () => {
    const none = await open('live', tokens.get('none')!);
    expect((await closeOf(none)).code).toBe(4403);
    const bad = await open('live', `${tokens.get('editor')!.slice(0, -4)}AAAA`);
    expect((await closeOf(bad)).code).toBe(4401);
  });

  it('a protected branch is not renamed (403 PROTECTED_BRANCH); a rename is audited', async () => {
    const owner = tokens.get('owner')!;
    const refused = await s.call('PATCH', `${ws}/branches/prot`, { token: owner, body: { name: 'prot-2' } });
    expect([refused.status, (refused.body.error as { code: string }).code]).toEqual([403, 'PROTECTED_BRANCH']);
    await s.call('POST', `${ws}/rooms/to-rename`, { token: owner });
    expect((await s.call('PATCH', `${ws}/branches/to-rename`, { token: owner, body: { name: 'renamed' } })).status).toBe(200);
    const audit = await s.call('GET', `${ws}/audit`, { token: owner });
    expect(audit.body.entries as Array<{ action: string; detail: unknown }>).toContainEqual(expect.objectContaining({ action: 'branch.rename', detail: expect.objectContaining({ from: 'to-rename', to: 'renamed' }) }));
  });

  it('denied writes are audited; repeated abuse closes with 4403', async () => {
    const sock = await open('live', tokens.get('viewer')!);
    const closed = closeOf(sock);
    for (let i = 0; i < 5; i++) sock.send(updateFrame(`abuse-${i}`));
    expect((await closed).code).toBe(4403);
    const audit = await s.call('GET', `${ws}/audit`, { token: tokens.get('owner')! });
    expect((audit.body.entries as Array<{ action: string; actor: string }>).some((e) => e.action === 'write.denied' && e.actor === 'm-viewer')).toBe(true);
  });

  it('awareness from a read-only user still flows to others', async () => {
    const editor = await open('aw', tokens.get('editor')!);
    const viewer = await open('aw', tokens.get('viewer')!);
    const got = new Promise<void>((resolve) =>
      editor.on('message', (data: Buffer) => {
        if (new Uint8Array(data)[0] === 1) resolve();
      }),
    );
    const doc = new Y.Doc();
    const aw = new awarenessProtocol.Awareness(doc);
    aw.setLocalState({ user: 'viewer' });
    viewer.send(frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID])))));
    await got;
    editor.close();
    viewer.close();
    aw.destroy();
  });

  it('stamps the verified author of each live batch', async () => {
    const r = await s.call('GET', `${ws}/authorship?branch=live`, { token: tokens.get('viewer')! });
    const authors = (r.body.entries as Array<{ authors: Array<{ kind: string; name: string; sessionId: string | null }> }>).flatMap((e) => e.authors);
    expect(authors.some((a) => a.kind === 'user' && a.name === 'm-editor' && a.sessionId)).toBe(true);
    expect(authors.some((a) => a.kind === 'static-token')).toBe(true);
    expect(authors.some((a) => a.name === 'm-viewer')).toBe(false);
  });
});

describe('live revocation on open sockets', () => {
  it('a role change closes the socket (4401, reconnect gets the new role)', async () => {
    const { id, tokens: t } = await s.member('demoted', 'editor');
    const sock = await open('live', t.accessToken);
    const closed = closeOf(sock);
    await s.call('PUT', `${ws}/members/${id}`, { token: tokens.get('owner')!, body: { role: 'viewer' } });
    const c = await closed;
    expect(c.code).toBe(4401);
    expect(c.reason).toMatch(/role changed/);
  });

  it('revoking the session, removing the member, or disabling the user closes the socket', async () => {
    const a = await s.member('revoked-a', 'editor');
    const b = await s.member('revoked-b', 'editor');
    const c = await s.member('revoked-c', 'editor');
    const [sa, sb, sc] = await Promise.all([open('live', a.tokens.accessToken), open('live', b.tokens.accessToken), open('live', c.tokens.accessToken)]);
    const closed = [closeOf(sa), closeOf(sb), closeOf(sc)];
    await s.call('DELETE', `/users/me/sessions/${a.tokens.sessionId}`, { token: a.tokens.accessToken });
    await s.call('DELETE', `${ws}/members/${b.id}`, { token: tokens.get('owner')! });
    await s.call('PATCH', `/users/${c.id}`, { token: (await s.login('root')).accessToken, body: { disabled: true } });
    const codes = (await Promise.all(closed)).map((x) => x.code);
    expect(codes).toEqual([4401, 4403, 4401]);
  });

  it('an access token expiring on a long-lived socket closes it with 4401', async () => {
    const { tokens: t } = await s.member('expiring', 'editor');
    const sock = await open('live', t.accessToken);
    const closed = closeOf(sock);
    s.clock.offsetMs = 16 * 60_000;
    try {
      expect((await closed).code).toBe(4401);
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('a reconnect after the role change gets the new role', async () => {
    const { id, tokens: t } = await s.member('promoted', 'viewer');
    await s.identity.setMember(WORKSPACE, id, 'editor', 'test');
    const sock = await open('live', t.accessToken);
    const seen = { denied: [] as string[] };
    sock.send(updateFrame('promoted-write;'));
    sock.send(step1Frame());
    expect(await nextDocState(sock, seen)).toContain('promoted-write;');
    sock.close();
    await waitFor(() => sock.readyState === WebSocket.CLOSED, 'closed');
  });
});

describe('the stock y-websocket client with account tokens', () => {
  it("an editor's edits reach a viewer; the viewer's own edits reach no one and are not stored", async () => {
    const editor = connectClient(s.url, WORKSPACE, 'stock', tokens.get('editor')!);
    const viewer = connectClient(s.url, WORKSPACE, 'stock', tokens.get('viewer')!);
    try {
      await Promise.all([synced(editor), synced(viewer)]);
      editor.doc.getText('t').insert(0, 'from-editor;');
      await waitFor(() => viewer.doc.getText('t').toString().includes('from-editor;'), 'viewer sees the edit');
      viewer.doc.getText('t').insert(0, 'from-viewer;');
      // A later editor write is the barrier: once the viewer sees it, anything of the viewer's would have arrived too.
      editor.doc.getText('t').insert(0, 'barrier;');
      await waitFor(() => viewer.doc.getText('t').toString().includes('barrier;'), 'viewer sees the barrier');
      expect(editor.doc.getText('t').toString()).not.toContain('from-viewer;');
      const stored = await s.server.storage.loadDoc(storedKey(s.server.config.dataDir, WORKSPACE, 'stock'));
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      expect(doc.getText('t').toString()).toContain('from-editor;');
      expect(doc.getText('t').toString()).not.toContain('from-viewer;');
    } finally {
      editor.destroy();
      viewer.destroy();
    }
  });
});
