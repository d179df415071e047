import { describe, expect, it } from 'vitest';
import type { OmsError } from '../../core/errors';
import { airline, codeOf, useTempWorkspace } from '../support/workspace-fixture';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { setField } from '../../core/yjs';
import { Workspace } from '../../main/services/store/workspace';
import { defaultStoreRoot } from '../../main/services/store/paths';
import { mutateOntology, randomOntology } from '../support/random-ontology';

const fx = useTempWorkspace('oms-ws-');
const now = fx.now;

function firstObjectTypeId(o: Ontology): string {
  return Object.keys(o.objectTypes).sort()[0] as string;
}

async function edit(branch: string, fn: (o: Ontology) => void): Promise<void> {
  const o = structuredClone(await fx.ws.readWorking(branch));
  fn(o);
  await fx.ws.setWorking(branch, parseOntology(o));
}

describe('workspace lifecycle', () => {
  it('creates main with an initial commit equal to the source and reopens it', async () => {
    const [main] = fx.ws.listBranches();
    expect(main?.name).toBe('main');
    expect(canonicalJson(fx.ws.checkout('main'))).toBe(canonicalJson(airline()));
    expect(canonicalJson(await fx.ws.readWorking('main'))).toBe(canonicalJson(airline()));
    expect(await codeOf(Workspace.create(fx.root, 'demo'))).toBe('WORKSPACE_EXISTS');
    await fx.ws.close();
    fx.ws = await Workspace.open(fx.root, 'demo', { now });
    expect(fx.ws.log('main').map((c) => c.message)).toEqual(['Create workspace demo']);
    expect(Workspace.list(fx.root).map((w) => w.name)).toEqual(['demo']);
    expect(await codeOf(Workspace.open(fx.root, 'nope'))).toBe('WORKSPACE_NOT_FOUND');
    expect(await codeOf(Workspace.create(fx.root, '../evil'))).toBe('STORE_INVALID_ARG');
  });

  it('create from a parsed ontology (`parsed`) stores the same snapshot as from one it canonicalises', async () => {
    const o = parseOntology(mutateOntology(randomOntology(7, { objectTypes: 8, propertiesPerType: 4 }), 7, 4, { fidelity: true }).ontology);
    const a = await Workspace.create(fx.root, 'parsed-a', { from: o, parsed: true, durability: 'normal' });
    const b = await Workspace.create(fx.root, 'parsed-b', { from: o, durability: 'normal' });
    try {
      expect(a.getCommit('main').snapshot).toBe(b.getCommit('main').snapshot);
      expect(canonicalJson(a.checkout('main'))).toBe(canonicalJson(o));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('picks the default store fx.root from OMS_HOME, XDG and the platform', () => {
    expect(defaultStoreRoot({ OMS_HOME: '/x' }, 'linux', '/h')).toBe('/x');
    expect(defaultStoreRoot({ XDG_DATA_HOME: '/d' }, 'linux', '/h')).toBe('/d/oms-studio');
    expect(defaultStoreRoot({}, 'linux', '/h')).toBe('/h/.local/share/oms-studio');
    expect(defaultStoreRoot({}, 'darwin', '/h')).toBe('/h/Library/Application Support/oms-studio');
    expect(defaultStoreRoot({ APPDATA: 'C:\\AppData' }, 'win32', '/h')).toContain('oms-studio');
  });
});

describe('live branch state', () => {
  it('persists session edits in batches and reloads them after reopening', async () => {
    const s = await fx.ws.openBranch('main');
    const id = firstObjectTypeId(airline());
    for (let i = 0; i < 50; i++) setField(s.doc, { id }, 'displayName', `Name ${i}`);
    await s.flush();
    expect(s.seq).toBeGreaterThan(1);
    expect(s.seq).toBeLessThan(52); // batched: fewer appends than edits is allowed, never more rows than edits
    await fx.ws.close();
    fx.ws = await Workspace.open(fx.root, 'demo', { now });
    expect((await fx.ws.readWorking('main')).objectTypes[id]?.displayName).toBe('Name 49');
    const s2 = await fx.ws.openBranch('main');
    expect(s2).toBe(await fx.ws.openBranch('main'));
    setField(s2.doc, { id }, 'displayName', 'Final');
    await s2.close();
    expect((await fx.ws.readWorking('main')).objectTypes[id]?.displayName).toBe('Final');
  });
});

describe('commits, log, show, diff', () => {
  it('commits the working state, refuses empty and blocked commits, and diffs refs and working state', async () => {
    expect(await codeOf(fx.ws.commit('main', { message: 'nothing', author: 'ada' }))).toBe('COMMIT_EMPTY');
    const id = firstObjectTypeId(airline());
    await edit('main', (o) => {
      (o.objectTypes[id] as { displayName: string }).displayName = 'Renamed';
    });
    expect((await fx.ws.status('main')).dirty).toBe(true);
    const c1 = (await fx.ws.commit('main', { message: 'rename', author: 'ada' })).commit;
    expect(c1.parents).toHaveLength(1);
    expect((await fx.ws.status('main')).dirty).toBe(false);
    expect(fx.ws.resolveRef('HEAD')).toBe(c1.id);
    expect(fx.ws.resolveRef(c1.id.slice(0, 8))).toBe(c1.id);
    expect(fx.ws.resolveRef('HEAD~1')).toBe(c1.parents[0]);
    const shown = fx.ws.show('HEAD');
    expect(shown.diff.changes).toHaveLength(1);
    expect(shown.diff.changes[0]?.fields[0]?.field).toBe('displayName');
    // Break a primary key: BLOCK → refused with the diagnostics.
    await edit('main', (o) => {
      delete (o.objectTypes[id] as { primaryKey?: string }).primaryKey;
    });
    const err = await fx.ws.commit('main', { message: 'broken', author: 'ada' }).catch((e: unknown) => e);
    expect((err as OmsError).code).toBe('COMMIT_BLOCKED');
    expect(((err as OmsError).details?.diagnostics as unknown[]).length).toBeGreaterThan(0);
    const wd = await fx.ws.diff('HEAD', Workspace.WORKING);
    expect(wd.changes.map((c) => c.id)).toEqual([id]);
    await fx.ws.discard('main');
    expect((await fx.ws.status('main')).dirty).toBe(false);
    expect((await fx.ws.diff('HEAD~1', 'HEAD')).summary.changed).toBe(1);
  });

  it('pages the log, first-parent and full, over a merge', async () => {
    await fx.ws.createBranch('feature', { from: 'main' });
    const ids = Object.keys(airline().objectTypes).sort();
    for (let i = 0; i < 3; i++) {
      await edit('main', (o) => void ((o.objectTypes[ids[0] as string] as { description: string }).description = `main ${i}`));
      await fx.ws.commit('main', { message: `main ${i}`, author: 'ada' });
      await edit('feature', (o) => void ((o.objectTypes[ids[1] as string] as { description: string }).description = `feature ${i}`));
      await fx.ws.commit('feature', { message: `feature ${i}`, author: 'bob' });
    }
    await edit('main', (o) => void ((o.objectTypes[ids[1] as string] as { description: string }).description = 'feature 2'));
    await fx.ws.commit('main', { message: 'merge feature', author: 'ada', mergeParents: ['feature'] });
    const full = fx.ws.log('main').map((c) => c.message);
    expect(full).toHaveLength(8);
    expect(full[0]).toBe('merge feature');
    expect(fx.ws.log('main', { firstParent: true }).map((c) => c.message)).toEqual(['merge feature', 'main 2', 'main 1', 'main 0', 'Create workspace demo']);
    expect(fx.ws.log('main', { limit: 3, offset: 2 }).map((c) => c.message)).toEqual(full.slice(2, 5));
    expect(fx.ws.mergeBase('main', 'feature')?.message).toBe('feature 2');
  });
});

describe('merge base', () => {
  it('finds the LCA and resolves criss-cross merges deterministically', async () => {
    // a and b fork from the root commit, then merge each other crosswise: two LCAs (a1, b1).
    await fx.ws.createBranch('a');
    await fx.ws.createBranch('b');
    const ids = Object.keys(airline().objectTypes).sort();
    const touch = async (branch: string, i: number, text: string, merge?: string) => {
      await edit(branch, (o) => void ((o.objectTypes[ids[i] as string] as { description: string }).description = text));
      return (await fx.ws.commit(branch, { message: text, author: 'x', ...(merge ? { mergeParents: [merge] } : {}) })).commit;
    };
    const a1 = await touch('a', 0, 'a1');
    const b1 = await touch('b', 1, 'b1');
    expect(fx.ws.mergeBase('a', 'b')?.message).toBe('Create workspace demo');
    const a2 = await touch('a', 2, 'a2', b1.id);
    const b2 = await touch('b', 3, 'b2', a1.id);
    const bases = fx.ws.commits.mergeBases(a2.id, b2.id).map((c) => c.message);
    expect(bases.sort()).toEqual(['a1', 'b1']);
    // Same generation; the later commit (b1) wins, whichever side asks.
    expect(fx.ws.mergeBase('a', 'b')?.id).toBe(b1.id);
    expect(fx.ws.mergeBase('b', 'a')?.id).toBe(b1.id);
    expect(fx.ws.mergeBase('a', 'a~1')?.id).toBe(fx.ws.resolveRef('a~1'));
  });

  it('fast-forwards a head only to a descendant, and only from the head it saw', async () => {
    const start = fx.ws.resolveRef('main');
    await fx.ws.createBranch('f');
    await edit('f', (o) => void ((o.objectTypes[firstObjectTypeId(o)] as { description: string }).description = 'ff'));
    const tip = (await fx.ws.commit('f', { message: 'ff', author: 'x' })).commit.id;
    expect(await codeOf(() => fx.ws.fastForward('f', tip, start))).toBe('BRANCH_NOT_FAST_FORWARD');
    fx.ws.fastForward('main', start, tip);
    expect(fx.ws.resolveRef('main')).toBe(tip);
    // A second mover that still believes the old head loses instead of overwriting.
    expect(await codeOf(() => fx.ws.fastForward('main', start, tip))).toBe('BRANCH_IN_USE');
  });
});

describe('branches and tags', () => {
  it('creates from any ref, renames, protects, deletes; tags point at commits', async () => {
    const root0 = fx.ws.resolveRef('main');
    await edit('main', (o) => void (o.description = 'v2'));
    await fx.ws.commit('main', { message: 'v2', author: 'ada' });
    const old = await fx.ws.createBranch('old', { from: root0, upstream: 'main' });
    expect(old.head).toBe(root0);
    expect(old.upstream).toBe('main');
    expect((await fx.ws.readWorking('old')).description).toBe(airline().description);
    expect((await fx.ws.renameBranch('old', 'older')).name).toBe('older');
    expect(await codeOf(fx.ws.createBranch('older'))).toBe('BRANCH_EXISTS');
    expect(await codeOf(fx.ws.createBranch('bad..name'))).toBe('STORE_INVALID_ARG');
    fx.ws.setProtected('older', true);
    expect(await codeOf(fx.ws.deleteBranch('older'))).toBe('BRANCH_PROTECTED');
    fx.ws.setProtected('older', false);
    await fx.ws.deleteBranch('older');
    expect(fx.ws.listBranches().map((b) => b.name)).toEqual(['main']);
    expect(await codeOf(fx.ws.deleteBranch('main'))).toBe('BRANCH_PROTECTED');
    const tag = fx.ws.createTag('v1.0.0', 'HEAD~1', { message: 'first', version: '1.0.0' });
    expect(tag.commit).toBe(root0);
    expect(fx.ws.resolveRef('v1.0.0')).toBe(root0);
    expect(fx.ws.listTags().map((t) => t.name)).toEqual(['v1.0.0']);
    expect(await codeOf(() => fx.ws.createTag('v1.0.0', 'HEAD'))).toBe('TAG_EXISTS');
    expect(await codeOf(() => fx.ws.resolveRef('nope'))).toBe('REF_NOT_FOUND');
    expect(await codeOf(() => fx.ws.resolveRef('HEAD~9'))).toBe('REF_NOT_FOUND');
  });
});

describe('restore and revert', () => {
  it('restores an old commit into the working state and reverts one commit under later ones', async () => {
    const ids = Object.keys(airline().objectTypes).sort();
    // displayName, not description: description conflicts are settled by a shipped merge rule.
    const setDesc = (i: number, text: string) => edit('main', (o) => void ((o.objectTypes[ids[i] as string] as { displayName: string }).displayName = text));
    await setDesc(0, 'first change');
    const c1 = (await fx.ws.commit('main', { message: 'c1', author: 'ada' })).commit;
    await setDesc(1, 'second change');
    await fx.ws.commit('main', { message: 'c2', author: 'ada' });
    const { diff } = await fx.ws.revert('main', c1.id);
    expect(diff.changes.map((c) => c.id)).toEqual([ids[0]]);
    const w = await fx.ws.readWorking('main');
    expect(w.objectTypes[ids[0] as string]?.displayName).toBe(airline().objectTypes[ids[0] as string]?.displayName);
    expect(w.objectTypes[ids[1] as string]?.displayName).toBe('second change');
    await fx.ws.commit('main', { message: 'revert c1', author: 'ada' });
    // Reverting c2 conflicts with a later uncommitted change of the same field: refused, nothing changes.
    await setDesc(1, 'third change');
    expect(await codeOf(fx.ws.revert('main', 'HEAD~1'))).toBe('REVERT_CONFLICT');
    expect((await fx.ws.readWorking('main')).objectTypes[ids[1] as string]?.displayName).toBe('third change');
    await fx.ws.restore('main', c1.id);
    expect(canonicalJson(await fx.ws.readWorking('main'))).toBe(canonicalJson(fx.ws.checkout(c1.id)));
  });
});

describe('per-entity snapshot sharing', () => {
  it('shares entity rows across a long history', async () => {
    await fx.ws.close();
    let o = randomOntology(7, { objectTypes: 80, propertiesPerType: 6 });
    fx.ws = await Workspace.create(fx.root, 'long', { from: o, now, durability: 'normal' });
    const commits = 20;
    const t0 = performance.now();
    for (let i = 0; i < commits; i++) {
      o = mutateOntology(o, 1000 + i, 5).ontology;
      await fx.ws.setWorking('main', o);
      await fx.ws.commit('main', { message: `step ${i}`, author: 'gen', allowEmpty: true });
    }
    console.log(`${commits} edit+commit rounds: ${(performance.now() - t0).toFixed(0)} ms`);
    const st = fx.ws.snapshots.stats();
    const fullCopies = fx.ws.log('main').reduce((n, c) => n + canonicalJson(fx.ws.checkout(c.id)).length, 0);
    const stored = st.entityBytes + st.bucketBytes;
    console.log(`sharing: ${st.snapshots} snapshots, ${st.entityRefs} entity references in ${st.entityRows} entity rows (${(st.entityRefs / st.entityRows).toFixed(1)}× shared); ` +
      `${(stored / 1024).toFixed(0)} KiB stored (entities ${(st.entityBytes / 1024).toFixed(0)} + manifests ${(st.bucketBytes / 1024).toFixed(0)}) vs ${(fullCopies / 1024).toFixed(0)} KiB as full copies (${(fullCopies / stored).toFixed(1)}×)`);
    expect(st.entityRefs / st.entityRows).toBeGreaterThan(10);
    expect(fullCopies / stored).toBeGreaterThan(5);
  });
});
