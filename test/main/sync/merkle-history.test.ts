/**
 * History with v2 (Merkle) snapshot addresses through the real oms-sync on port 0 and the real sync
 * client: a commit patched from a live session's changes is pushed, pulled by another desktop into
 * the identical snapshot (verified there object by object), and a forged v2 snapshot — content that
 * does not match its address — is refused by the server.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { HistoryObject } from '../../../core/contract/history-api';
import { ApiErrorSchema } from '../../../core/contract/sync-api';
import { canonicalJson, stableStringify } from '../../../core/model';
import { setField } from '../../../core/yjs';
import { merkleSnapshotHash } from '../../../main/services/store/hash';
import { ObjectStore } from '../../../main/services/store/object-store';
import { TOKEN, type TestServer } from '../../sync-server/helpers';
import { useTeam, type Laptop } from './helpers';

const team = useTeam();
let server: TestServer;
let a: Laptop;
let b: Laptop;
beforeEach(() => ({ server, a, b } = team));

describe('v2 snapshot addresses over the wire', () => {
  it('a patched live commit pushes, and pulls into the identical snapshot on another desktop', async () => {
    a.sync.disconnect('acme', 'main'); // history only
    setField(a.session.doc, { id: 'ot-aircraft' }, 'displayName', 'Airframe');
    const out = await a.ws.commit('main', { message: 'a: one field', author: 'a' });
    expect(out.snapshotFrom).toBe('changed-entities');
    expect(out.commit.snapshot).toMatch(/^merkle-sha256-/);
    expect((await a.sync.push(a.ws, 'main')).status).toBe('pushed');

    await b.session.close(); // not live-synced: the pull moves the working state too
    const pulled = await b.sync.pull(b.ws, 'main');
    expect(pulled.status).toBe('fast-forward');
    expect(b.ws.getBranch('main').head).toBe(out.commit.id);
    expect(b.ws.getCommit('main').snapshot).toBe(out.commit.snapshot);
    expect(canonicalJson(b.ws.checkout('main'))).toBe(canonicalJson(a.ws.checkout('main')));
    expect((await b.ws.status('main')).dirty).toBe(false);
    b.session = await b.ws.openBranch('main');
  });

  it('the server refuses a v2 snapshot whose content does not match its address', async () => {
    setField(a.session.doc, { id: 'ot-flight' }, 'displayName', 'Leg');
    const { commit } = await a.ws.commit('main', { message: 'a: leg', author: 'a' });
    const store = new ObjectStore(a.ws.db);
    const objects = store.get(store.closure([commit.id], [a.ws.commits.get(commit.id).parents[0] as string]));
    const snap = objects.find((o): o is Extract<HistoryObject, { type: 'snapshot' }> => o.type === 'snapshot')!;
    const post = async (body: unknown) => {
      const res = await fetch(`${server.http}/api/v1/workspaces/acme/objects`, {
        method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const plain = objects.filter((o) => o.type === 'entity' || o.type === 'bucket');
    const forgedHeader = stableStringify({ ...(JSON.parse(snap.header) as Record<string, unknown>), name: 'forged' });
    const mismatched = await post({ objects: [...plain, { ...snap, header: forgedHeader }] });
    expect(mismatched.status).toBe(422);
    expect(ApiErrorSchema.parse(mismatched.body).error.code).toBe('OBJECT_INVALID');
    // A self-consistent address over a header that is not canonical: one ontology, two addresses — refused.
    const shuffled = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(snap.header) as Record<string, unknown>).reverse()));
    const res = await post({ objects: [...plain, { ...snap, header: shuffled, hash: merkleSnapshotHash(shuffled, snap.buckets) }] });
    expect(res.status).toBe(422);
    expect(ApiErrorSchema.parse(res.body).error.code).toBe('OBJECT_INVALID');
    // The genuine one still goes through.
    expect((await post({ objects: [...plain, snap] })).status).toBe(200);
  });
});
