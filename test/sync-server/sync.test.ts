import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, startServer, synced, waitFor, type Client, type TestServer, storedKey } from './helpers';

describe('live sync with stock y-websocket clients', () => {
  let t: TestServer;
  const clients: Client[] = [];
  beforeEach(async () => {
    t = await startServer();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await t.stop();
  });
  const client = (branch = 'main', workspace = 'acme'): Client => {
    const c = connectClient(t.url, workspace, branch);
    clients.push(c);
    return c;
  };

  it('two clients converge, a late third gets the full state', async () => {
    const a = client();
    const b = client();
    await Promise.all([synced(a), synced(b)]);
    a.doc.getMap('entities').set('x', 1);
    b.doc.getText('notes').insert(0, 'hello');
    for (let i = 0; i < 50; i++) (i % 2 ? a : b).doc.getArray<number>('log').push([i]);
    const same = (x: Client, y: Client) => Buffer.from(Y.encodeStateAsUpdate(x.doc)).equals(Buffer.from(Y.encodeStateAsUpdate(y.doc)));
    await waitFor(() => a.doc.getArray('log').length === 50 && b.doc.getArray('log').length === 50 && b.doc.getMap('entities').get('x') === 1, 'convergence');
    expect(a.doc.getText('notes').toString()).toBe('hello');
    const c = client();
    await synced(c);
    await waitFor(() => c.doc.getArray('log').length === 50, 'late joiner state');
    expect(c.doc.getMap('entities').toJSON()).toEqual({ x: 1 });
    expect(c.doc.getText('notes').toString()).toBe('hello');
    expect(JSON.stringify(c.doc.getArray('log').toJSON().sort())).toBe(JSON.stringify(a.doc.getArray('log').toJSON().sort()));
    await waitFor(() => same(a, b), 'identical state');
  });

  it('broadcasts frames of every length class intact (7-, 16- and 64-bit lengths)', async () => {
    const a = client('sizes');
    const b = client('sizes');
    await Promise.all([synced(a), synced(b)]);
    for (const n of [10, 300, 70_000]) a.doc.getMap('m').set(`k${n}`, 'x'.repeat(n));
    await waitFor(() => b.doc.getMap('m').size === 3, 'all sizes received');
    for (const n of [10, 300, 70_000]) expect((b.doc.getMap('m').get(`k${n}`) as string).length).toBe(n);
  });

  it('rooms are isolated per workspace and branch (branches may contain slashes)', async () => {
    const main = client('main');
    const feature = client('feature/login');
    await Promise.all([synced(main), synced(feature)]);
    feature.doc.getMap('m').set('k', 'feature');
    main.doc.getMap('m').set('k', 'main');
    const feature2 = client('feature/login');
    await synced(feature2);
    await waitFor(() => feature2.doc.getMap('m').get('k') === 'feature', 'feature state');
    expect(t.server.rooms.size).toBe(2);
  });

  it('shares awareness between clients and drops it when a client leaves', async () => {
    const a = client();
    const b = client();
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'ada' });
    await waitFor(() => [...b.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'ada'), 'awareness at b');
    a.provider.disconnect();
    await waitFor(() => ![...b.provider.awareness.getStates().values()].some((s) => s.user !== undefined), 'awareness removed at b');
  });

  it('frees a room after its last client leaves, with its updates durable', async () => {
    const a = client('tmp');
    await synced(a);
    a.doc.getMap('m').set('k', 'v');
    await waitFor(() => t.server.rooms.rooms.size === 1, 'room');
    a.provider.disconnect();
    await t.server.rooms.whenIdle();
    expect(t.server.rooms.size).toBe(0);
    const stored = await t.server.storage.loadDoc(storedKey(t.dir, 'acme', 'tmp'));
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    expect(doc.getMap('m').get('k')).toBe('v');
  });
});
