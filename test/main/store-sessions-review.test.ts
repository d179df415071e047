/** Sessions against the stored state: edits racing a close, and a second writer (another process) on the same branch. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setField } from '../../core/yjs';
import type { DocKey } from '../../core/storage/doc-storage';
import { parseOntology, type Ontology } from '../../core/model';
import { BranchSession, docFromState } from '../../main/services/store/branch-session';
import { Workspace } from '../../main/services/store';
import type { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { airline, codeOf, useTempWorkspace } from '../support/workspace-fixture';

const fx = useTempWorkspace('oms-sess-');
const ids = (): [string, string] => Object.keys(airline().objectTypes).sort().slice(0, 2) as [string, string];

/** Real storage whose appends wait for `release()` (a disk that is slow right now). */
function gatedStorage(inner: SqliteDocStorage): { storage: SqliteDocStorage; release: () => void; entered: Promise<void> } {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const enteredP = new Promise<void>((r) => (entered = r));
  const storage = Object.create(inner) as SqliteDocStorage;
  storage.appendUpdates = async (key: DocKey, updates: readonly Uint8Array[]) => {
    entered();
    await gate;
    return inner.appendUpdates(key, updates);
  };
  return { storage, release, entered: enteredP };
}

async function edit(ws: Workspace, branch: string, fn: (o: Ontology) => void): Promise<void> {
  const o = structuredClone(await ws.readWorking(branch));
  fn(o);
  await ws.setWorking(branch, parseOntology(o));
}

describe('BranchSession.close', () => {
  it('persists an edit made while the final flush is on its way to disk', async () => {
    const key: DocKey = { workspace: 'w', branch: 'b' };
    const inner = fx.ws.docs;
    await inner.appendUpdates(key, [Y.encodeStateAsUpdate(new Y.Doc())]);
    const { storage, release, entered } = gatedStorage(inner);
    const s = await BranchSession.open('b', key, storage, { flushDelayMs: 1000 }, async () => undefined);
    s.doc.getMap('m').set('first', 1);
    const closing = s.close();
    await entered; // the batch holding `first` is being written
    s.doc.getMap('m').set('second', 2);
    release();
    await closing;
    const stored = docFromState(await inner.loadDoc(key));
    expect(stored.getMap('m').toJSON()).toEqual({ first: 1, second: 2 });
  });
});

describe('Workspace.openBranch while the session closes', () => {
  it('hands out a fresh session, not the closing one whose edits would be dropped', async () => {
    const [a] = ids();
    const s = await fx.ws.openBranch('main');
    const closing = s.close();
    const s2 = await fx.ws.openBranch('main');
    await closing;
    expect(s2).not.toBe(s);
    setField(s2.doc, { id: a }, 'displayName', 'After reopen');
    await fx.ws.close();
    fx.ws = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    expect((await fx.ws.readWorking('main')).objectTypes[a]?.displayName).toBe('After reopen');
  });
});

describe('BranchSession background flush', () => {
  it('retries a failed batch on its own, without waiting for another edit', async () => {
    const key: DocKey = { workspace: 'w', branch: 'retry' };
    const inner = fx.ws.docs;
    let failures = 1;
    const storage = Object.create(inner) as SqliteDocStorage;
    storage.appendUpdates = async (k: DocKey, updates: readonly Uint8Array[]) => {
      if (failures-- > 0) throw new Error('disk busy');
      return inner.appendUpdates(k, updates);
    };
    const errors: unknown[] = [];
    const s = await BranchSession.open('retry', key, storage, { flushDelayMs: 1, retryDelayMs: 10, onError: (e) => errors.push(e) }, async () => undefined);
    s.doc.getMap('m').set('only', 1);
    await expect.poll(() => inner.lastSeq(key), { timeout: 10_000, interval: 20 }).toBe(1);
    expect(errors).toHaveLength(1);
    expect(docFromState(await inner.loadDoc(key)).getMap('m').toJSON()).toEqual({ only: 1 });
    await s.close();
  });
});

describe('log paging', () => {
  it('--limit 0 lists nothing', () => {
    expect(fx.ws.log('main', { limit: 0 })).toEqual([]);
    expect(fx.ws.log('main', { limit: 0, firstParent: true })).toEqual([]);
    expect(fx.ws.log('main', { limit: 1 })).toHaveLength(1);
  });
});

describe('a second writer on the same branch (the CLI while the app has it open)', () => {
  it('neither the closing session nor its JSON cache hides what the other writer appended', async () => {
    const [a, b] = ids();
    const other = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    try {
      const s = await fx.ws.openBranch('main');
      setField(s.doc, { id: a }, 'displayName', 'From the app');
      await s.flush();
      await edit(other, 'main', (o) => { (o.objectTypes[b] as { displayName: string }).displayName = 'From the CLI'; });
      setField(s.doc, { id: a }, 'displayName', 'From the app, later');
      await s.close();
      for (const ws of [other, fx.ws]) {
        const w = await ws.readWorking('main');
        expect(w.objectTypes[a]?.displayName).toBe('From the app, later');
        expect(w.objectTypes[b]?.displayName).toBe('From the CLI');
      }
    } finally {
      await other.close();
    }
  });

  it('a whole-state replacement without a session refuses (STATE_CHANGED) over another writer’s append, and caches nothing stale', async () => {
    const [a, b] = ids();
    await fx.ws.openBranch('main').then((s) => s.close()); // a live doc: the Yjs path is the one that could blend
    const other = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    try {
      const docs = fx.ws.docs;
      const load = docs.loadDoc.bind(docs);
      let interfered = false;
      docs.loadDoc = async (key: DocKey) => {
        const state = await load(key);
        if (!interfered) {
          interfered = true; // the other process writes between our load and our append
          await edit(other, 'main', (o) => { (o.objectTypes[b] as { displayName: string }).displayName = 'From the CLI'; });
        }
        return state;
      };
      expect(await codeOf(edit(fx.ws, 'main', (o) => { (o.objectTypes[a] as { displayName: string }).displayName = 'From here'; }))).toBe('STATE_CHANGED');
      expect(interfered).toBe(true);
      for (const ws of [fx.ws, other]) {
        const w = await ws.readWorking('main');
        expect([w.objectTypes[a]?.displayName, w.objectTypes[b]?.displayName]).toEqual([airline().objectTypes[a]?.displayName, 'From the CLI']);
      }
      // Retrying reads the new state and keeps both.
      await edit(fx.ws, 'main', (o) => { (o.objectTypes[a] as { displayName: string }).displayName = 'From here'; });
      const w = await other.readWorking('main');
      expect([w.objectTypes[a]?.displayName, w.objectTypes[b]?.displayName]).toEqual(['From here', 'From the CLI']);
    } finally {
      await other.close();
    }
  });

  it('a commit and a discard from the open session see the other writer’s edits', async () => {
    const [, b] = ids();
    const other = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    try {
      const s = await fx.ws.openBranch('main');
      await edit(other, 'main', (o) => { (o.objectTypes[b] as { displayName: string }).displayName = 'From the CLI'; });
      const { commit } = await fx.ws.commit('main', { message: 'app commit', author: 'ada' });
      expect(fx.ws.checkout(commit.id).objectTypes[b]?.displayName).toBe('From the CLI');
      expect(s.isClosed).toBe(false);

      await edit(other, 'main', (o) => { (o.objectTypes[b] as { displayName: string }).displayName = 'Uncommitted'; });
      await fx.ws.discard('main');
      expect((await other.readWorking('main')).objectTypes[b]?.displayName).toBe('From the CLI');
      expect((await fx.ws.status('main')).dirty).toBe(false);
    } finally {
      await other.close();
    }
  });
});
