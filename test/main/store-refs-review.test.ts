/** Ref names that would shadow each other. */
import { describe, expect, it } from 'vitest';
import { parseOntology } from '../../core/model';
import { codeOf, useTempWorkspace } from '../support/workspace-fixture';

const fx = useTempWorkspace('oms-refs-');

describe('commit outcome', () => {
  it('reports the entity rows the commit added (one changed element: one row)', async () => {
    const o = structuredClone(await fx.ws.readWorking('main'));
    const id = Object.keys(o.objectTypes).sort()[0] as string;
    (o.objectTypes[id] as { description: string }).description = 'changed';
    const entities = (): number => fx.ws.db.prepare('SELECT count(*) FROM entities').pluck().get() as number;
    const before = entities();
    await fx.ws.setWorking('main', parseOntology(o));
    // A doc-less branch stores its working snapshot at apply time; the commit then adds no entity row.
    expect((await fx.ws.commit('main', { message: 'one', author: 'ada' })).newEntityRows).toBe(0);
    expect(entities() - before).toBe(1);
    expect((await fx.ws.commit('main', { message: 'empty', author: 'ada', allowEmpty: true })).newEntityRows).toBe(0);
  });
});

describe('deleting a branch', () => {
  it('refuses to drop uncommitted changes unless forced', async () => {
    await fx.ws.createBranch('wip');
    const o = structuredClone(await fx.ws.readWorking('wip'));
    o.description = 'uncommitted';
    await fx.ws.setWorking('wip', parseOntology(o));
    expect(await codeOf(fx.ws.deleteBranch('wip'))).toBe('BRANCH_DIRTY');
    expect((await fx.ws.readWorking('wip')).description).toBe('uncommitted');
    await fx.ws.deleteBranch('wip', { force: true });
    expect(fx.ws.findBranch('wip')).toBeUndefined();
  });
});

describe('branch and tag names', () => {
  it('a branch may not take a tag’s name (created or renamed), so the tag keeps resolving', async () => {
    const first = fx.ws.getBranch('main').head;
    fx.ws.createTag('v1', first);
    const o = structuredClone(await fx.ws.readWorking('main'));
    o.description = 'later';
    await fx.ws.setWorking('main', parseOntology(o));
    await fx.ws.commit('main', { message: 'later', author: 'ada' });
    expect(await codeOf(fx.ws.createBranch('v1'))).toBe('BRANCH_EXISTS');
    await fx.ws.createBranch('side');
    expect(await codeOf(() => fx.ws.renameBranch('side', 'v1'))).toBe('BRANCH_EXISTS');
    expect(fx.ws.resolveRef('v1')).toBe(first);
    expect(fx.ws.listBranches().map((b) => b.name)).toEqual(['main', 'side']);
  });
});

describe('replacing uncommitted work', () => {
  it.each([['without a live doc', false], ['with a live doc', true]])('refuses (BRANCH_DIRTY) with refuseDirty, like revert and branch delete (%s)', async (_label, live) => {
    await fx.ws.createBranch('wip');
    if (live) await (await fx.ws.openBranch('wip')).close();
    const o = structuredClone(await fx.ws.readWorking('wip'));
    o.description = 'uncommitted';
    await fx.ws.setWorking('wip', parseOntology(o), undefined, { refuseDirty: true }); // clean: allowed
    const other = { ...o, description: 'an import over it' };
    expect(await codeOf(fx.ws.setWorking('wip', parseOntology(other), undefined, { refuseDirty: true }))).toBe('BRANCH_DIRTY');
    expect((await fx.ws.readWorking('wip')).description).toBe('uncommitted');
  });
});
