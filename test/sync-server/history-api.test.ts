/**
 * /api/v1 history: a real desktop workspace (main/services/store) pushes its commits to a real
 * server, only missing objects travel, pushes are idempotent and verified, branch moves are
 * compare-and-swap, and a second store pulls everything back to the identical ontology.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryObject, ObjectRef } from '../../core/contract/history-api';
import { BranchListSchema, ClosureResponseSchema, MissingResponseSchema, ObjectsResponseSchema, PushObjectsResponseSchema } from '../../core/contract/history-api';
import { ApiErrorSchema } from '../../core/contract/sync-api';
import { canonicalJson, parseOntology } from '../../core/model';
import { Workspace } from '../../main/services/store';
import { SnapshotStore } from '../../main/services/store/snapshots';
import { HistoryStore } from '../../sync-server/history/history-store';
import { ObjectStore } from '../../sync-server/history/object-store';
import { ADMIN_TOKEN, OTHER_WS_TOKEN, startServer, tempDir, TOKEN, type TestServer } from './helpers';

const airline = parseOntology(JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/airline.oms.json'), 'utf8')));

describe('/api/v1 history push and pull', () => {
  let t: TestServer;
  let local: Workspace;
  const d = tempDir();
  let head: string;
  let first: string;
  beforeAll(async () => {
    t = await startServer();
    local = await Workspace.create(d.dir, 'acme', { from: airline, author: 'ada', message: 'import airline' });
    first = local.getBranch('main').head;
    const changed = structuredClone(airline);
    changed.description = 'edited on the desktop';
    await local.setWorking('main', changed);
    head = (await local.commit('main', { author: 'ada', message: 'describe' })).commit.id;
  });
  afterAll(async () => {
    await local.close();
    await t.stop();
    d.cleanup();
  });

  const api = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${t.http}/api/v1/workspaces/acme/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as unknown) };
  };
  const localObjects = () => new ObjectStore(local.db);

  const pushCommit = async (commit: string, have: string[]) => {
    const refs = localObjects().closure([commit], have);
    const missing = MissingResponseSchema.parse((await api('POST', 'objects/missing', { objects: refs })).body).missing;
    const objects = localObjects().get(missing);
    const pushed = PushObjectsResponseSchema.parse((await api('POST', 'objects', { objects })).body);
    return { refs, missing, pushed };
  };

  it('pushes only missing objects, idempotently', async () => {
    const firstPush = await pushCommit(first, []);
    expect(firstPush.missing.length).toBe(firstPush.refs.length);
    expect(firstPush.pushed.stored).toBe(firstPush.refs.length);
    const second = await pushCommit(head, [first]);
    // One changed header: a new commit + snapshot, entities and buckets are shared with the parent.
    expect(second.missing.map((r) => r.type).sort()).toEqual(['commit', 'snapshot']);
    const again = PushObjectsResponseSchema.parse((await api('POST', 'objects', { objects: localObjects().get(second.refs) })).body);
    expect(again).toEqual({ stored: 0, existing: second.refs.length });
  });

  it('creates, lists, moves (compare-and-swap) and deletes branches', async () => {
    expect((await api('POST', 'branches', { name: 'main', head: first })).status).toBe(201);
    expect((await api('POST', 'branches', { name: 'main', head: first })).status).toBe(409);
    const moved = await api('PUT', 'branches/main', { head, expectedHead: first });
    expect(moved).toEqual({ status: 200, body: { name: 'main', head, protected: false } });
    const lost = await api('PUT', 'branches/main', { head: first, expectedHead: first });
    expect(lost.status).toBe(409);
    expect(ApiErrorSchema.parse(lost.body).error.code).toBe('BRANCH_MOVED');
    expect((await api('POST', 'branches', { name: 'feature/x', head: first })).status).toBe(201);
    expect(BranchListSchema.parse((await api('GET', 'branches')).body).branches.map((b) => b.name)).toEqual(['feature/x', 'main']);
    expect((await api('DELETE', 'branches/feature/x')).status).toBe(403); // editor may not delete
    expect((await api('DELETE', 'branches/feature/x', undefined, ADMIN_TOKEN)).status).toBe(204);
    expect((await api('POST', 'branches', { name: 'ghost', head: '0'.repeat(64) })).status).toBe(422);
  });

  it('pulls into an empty store and rebuilds the identical ontology', async () => {
    const d2 = tempDir();
    const other = new HistoryStore(d2.dir, 'normal');
    try {
      const target = other.workspace('acme', true).objects;
      const main = BranchListSchema.parse((await api('GET', 'branches')).body).branches.find((b) => b.name === 'main')!;
      const refs = ClosureResponseSchema.parse((await api('POST', 'closure', { want: [main.head] })).body).objects;
      const wanted = target.missing(refs);
      const objects = ObjectsResponseSchema.parse((await api('POST', 'objects/get', { objects: wanted })).body).objects;
      expect(target.put(objects).stored).toBe(wanted.length);
      const snapshotHash = objects.find((o): o is Extract<HistoryObject, { type: 'commit' }> => o.type === 'commit' && o.hash === main.head)!.snapshot;
      const pulled = new SnapshotStore(other.workspace('acme', false).db).read(snapshotHash);
      expect(canonicalJson(pulled)).toBe(canonicalJson(local.checkout(head)));
    } finally {
      other.close();
      d2.cleanup();
    }
  });

  it('refuses tampered or dangling objects and leaves the store intact', async () => {
    const entity = localObjects().get(localObjects().closure([head], []).filter((r): r is ObjectRef => r.type === 'entity').slice(0, 1))[0]!;
    if (entity.type !== 'entity') throw new Error('expected an entity');
    const tampered = { ...entity, body: entity.body.replace(/.$/, ' }') };
    const bad = await api('POST', 'objects', { objects: [{ ...tampered, hash: `sha256-${'A'.repeat(43)}` }] });
    expect(bad.status).toBe(422);
    expect(ApiErrorSchema.parse(bad.body).error.code).toBe('OBJECT_INVALID');
    const dangling = await api('POST', 'objects', { objects: [{ type: 'commit', hash: 'f'.repeat(64), parents: ['e'.repeat(64)], snapshot: `sha256-${'B'.repeat(43)}`, author: 'x', message: 'y', time: 1 }] });
    expect(dangling.status).toBe(422);
    const missing = MissingResponseSchema.parse((await api('POST', 'objects/missing', { objects: [{ type: 'entity', hash: `sha256-${'A'.repeat(43)}` }] })).body).missing;
    expect(missing).toHaveLength(1);
    expect((await api('POST', 'objects', { objects: 'nope' })).status).toBe(400);
    // A forged cycle between two commits is refused, not looped on.
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const snap = `sha256-${'C'.repeat(43)}`;
    const cycle = await api('POST', 'objects', { objects: [
      { type: 'commit', hash: a, parents: [b], snapshot: snap, author: 'x', message: 'y', time: 1 },
      { type: 'commit', hash: b, parents: [a], snapshot: snap, author: 'x', message: 'y', time: 1 },
    ] });
    expect(cycle.status).toBe(422);
  });

  it('requires a token for the workspace', async () => {
    expect((await api('GET', 'branches', undefined, 'wrong-token-0123456789')).status).toBe(401);
    expect((await api('GET', 'branches', undefined, OTHER_WS_TOKEN)).status).toBe(403);
  });
});
