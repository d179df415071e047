/** The merge and release flows over a real workspace file in a temp dir. */
import { describe, expect, it } from 'vitest';
import { codeOf, useTempWorkspace } from '../support/workspace-fixture';
import { conflictId } from '../../core/merge';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { abortMerge, applyMerge, planRelease, previewMerge, release } from '../../main/services/merge';

const fx = useTempWorkspace('oms-merge-');
const author = { author: 'ada' };

async function change(branch: string, message: string, fn: (o: Ontology) => void): Promise<string> {
  const o = structuredClone(await fx.ws.readWorking(branch));
  fn(o);
  await fx.ws.setWorking(branch, parseOntology(o));
  return (await fx.ws.commit(branch, { message, author: 'ada' })).commit.id;
}

const aircraft = (o: Ontology) => o.objectTypes['ot-aircraft'] as Ontology['objectTypes'][string];
const airlineType = (o: Ontology) => o.objectTypes['ot-airline'] as Ontology['objectTypes'][string];

describe('merge flow', () => {
  it('fast-forwards when the target has not moved', async () => {
    await fx.ws.createBranch('feature');
    const head = await change('feature', 'describe aircraft', (o) => { aircraft(o).description = 'A plane.'; });
    const preview = await previewMerge(fx.ws, { source: 'feature', into: 'main' });
    expect(preview.mode).toBe('fast-forward');
    expect(preview.blockers).toEqual([]);
    expect(preview.changes.bump).toBe('patch');
    const out = await applyMerge(fx.ws, { source: 'feature', into: 'main' }, author);
    expect(out.commit.id).toBe(head);
    expect(fx.ws.getBranch('main').head).toBe(head);
    expect(aircraft(await fx.ws.readWorking('main')).description).toBe('A plane.');
    expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'main' }, author))).toBe('MERGE_UP_TO_DATE');
  });

  it('merges diverged branches into a commit with two parents, a dry run writing nothing', async () => {
    await fx.ws.createBranch('feature');
    const theirs = await change('feature', 'rename', (o) => { aircraft(o).apiName = 'Airplane'; });
    const mainHead = await change('main', 'describe', (o) => { aircraft(o).description = 'A plane.'; });
    const before = canonicalJson(await fx.ws.readWorking('main'));
    const preview = await previewMerge(fx.ws, { source: 'feature', into: 'main' });
    expect(preview.mode).toBe('merge');
    expect(preview.merge.conflicts).toEqual([]);
    expect(preview.changes.breaking.map((c) => c.reason)).toEqual(['API_NAME_CHANGED']);
    expect(canonicalJson(await fx.ws.readWorking('main'))).toBe(before);
    expect(fx.ws.getBranch('main').head).toBe(mainHead);

    const { commit } = await applyMerge(fx.ws, { source: 'feature', into: 'main' }, author);
    expect(commit.parents).toEqual([mainHead, theirs]);
    const merged = fx.ws.checkout(commit.id);
    expect(aircraft(merged).apiName).toBe('Airplane');
    expect(aircraft(merged).description).toBe('A plane.');
    expect(canonicalJson(await fx.ws.readWorking('main'))).toBe(canonicalJson(merged));
    expect((await fx.ws.status('main')).dirty).toBe(false);
  });

  it('refuses conflicts until they are resolved by id, and changes nothing meanwhile', async () => {
    await fx.ws.createBranch('feature');
    await change('feature', 'theirs', (o) => { airlineType(o).displayName = 'Carrier'; });
    const mainHead = await change('main', 'ours', (o) => { airlineType(o).displayName = 'Operator'; });
    const preview = await previewMerge(fx.ws, { source: 'feature', into: 'main' });
    expect(preview.merge.conflicts.map((c) => `${c.code} ${c.severity} ${c.path.join('/')}`)).toEqual(['FIELD_CONFLICT WARN objectTypes/ot-airline/displayName']);
    // Even a WARN conflict is not settled silently: it blocks until resolved or explicitly accepted.
    expect(preview.blockers).toEqual([expect.stringContaining('1 unresolved WARN/INFO conflict(s)')]);
    expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'main' }, author))).toBe('MERGE_CONFLICT');
    expect(fx.ws.getBranch('main').head).toBe(mainHead);

    await fx.ws.createBranch('f2', { from: mainHead });
    const iata = (o: Ontology) => airlineType(o).properties['p-airline-iata-code'] as Ontology['objectTypes'][string]['properties'][string];
    await change('f2', 'iata personal', (o) => { iata(o).pii = 'personal'; });
    await change('feature', 'iata sensitive', (o) => { iata(o).pii = 'sensitive'; });
    const hard = await previewMerge(fx.ws, { source: 'feature', into: 'f2' });
    const pii = hard.merge.conflicts.find((c) => c.field === 'pii');
    expect(pii?.severity).toBe('ERROR');
    const f2Head = fx.ws.getBranch('f2').head;
    expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'f2' }, author))).toBe('MERGE_CONFLICT');
    expect(fx.ws.getBranch('f2').head).toBe(f2Head);

    const id = conflictId('FIELD_CONFLICT', ['objectTypes', 'ot-airline', 'properties', 'p-airline-iata-code', 'pii']);
    expect(pii?.id).toBe(id);
    // The displayName WARN conflict is still open: resolving one conflict does not settle the other.
    expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'f2', resolutions: { [id]: { pick: 'theirs' } } }, author))).toBe('MERGE_CONFLICT');
    const { commit } = await applyMerge(fx.ws, { source: 'feature', into: 'f2', resolutions: { [id]: { pick: 'theirs' } }, acceptConflicts: true }, author);
    expect(airlineType(fx.ws.checkout(commit.id)).properties['p-airline-iata-code']?.pii).toBe('sensitive');
    // The acceptance is on record in the merge commit.
    const warn = preview.merge.conflicts[0];
    expect(commit.message).toContain(`Accepted-Conflict: ${warn?.id} FIELD_CONFLICT objectTypes/ot-airline/displayName`);
    expect(airlineType(fx.ws.checkout(commit.id)).displayName).toBe('Operator');
    expect(await codeOf(applyMerge(fx.ws, { source: 'main', into: 'feature', resolutions: { nope: { pick: 'ours' } } }, author))).toBe('MERGE_RESOLUTIONS_INVALID');
  });

  it('refuses an interface cycle made only by combining the sides (a conflict, and a validation BLOCK)', async () => {
    // Each side adds one `extends` edge; together they make an interface cycle.
    await fx.ws.createBranch('feature');
    await change('feature', 'person extends scheduled', (o) => { o.interfaces['if-person']?.extends.push('if-scheduled'); });
    await change('main', 'scheduled extends crew member', (o) => { o.interfaces['if-scheduled']?.extends.push('if-crew-member'); });
    const preview = await previewMerge(fx.ws, { source: 'feature', into: 'main' });
    // A cycle neither side has is a merge conflict with an id (core/merge/cycles), and validation still reports it.
    expect(preview.merge.conflicts.map((c) => c.code)).toEqual(['CYCLE_CONFLICT']);
    expect(preview.diagnostics.filter((d) => d.severity === 'BLOCK' && d.introduced).map((d) => d.code)).toContain('INTERFACE_CYCLE');
    expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'main' }, author))).toBe('MERGE_CONFLICT');
  });

  it('refuses to merge into a branch with uncommitted changes; abort drops them', async () => {
    await fx.ws.createBranch('feature');
    await change('feature', 'x', (o) => { aircraft(o).description = 'x'; });
    await change('main', 'y', (o) => { airlineType(o).description = 'y'; });
    const dirty = structuredClone(await fx.ws.readWorking('main'));
    aircraft(dirty).displayName = 'uncommitted';
    await fx.ws.setWorking('main', parseOntology(dirty));
    expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'main' }, author))).toBe('MERGE_TARGET_DIRTY');
    await abortMerge(fx.ws, 'main');
    expect((await fx.ws.status('main')).dirty).toBe(false);
    expect((await applyMerge(fx.ws, { source: 'feature', into: 'main' }, author)).commit.parents).toHaveLength(2);
  });
});

describe('release', () => {
  it('versions from the changes since the last release and refuses an understating version', async () => {
    const first = release(fx.ws, {}, 'ada');
    expect(first.plan.version).toBe('0.1.0');
    expect(first.tag.name).toBe('v0.1.0');
    expect(await codeOf(() => planRelease(fx.ws))).toBe('RELEASE_NOTHING_TO_RELEASE');

    await change('main', 'new optional property', (o) => {
      aircraft(o).properties['p-aircraft-nickname'] = { apiName: 'nickname', displayName: '', description: '', status: 'active', baseType: { type: 'string' }, required: false, pii: 'none', order: 'zz' };
    });
    expect(planRelease(fx.ws).version).toBe('0.2.0');
    await change('main', 'drop it again', (o) => { delete aircraft(o).properties['p-aircraft-nickname']; });
    // The property came and went: relative to v0.1.0 nothing changed.
    expect(await codeOf(() => planRelease(fx.ws))).toBe('RELEASE_NOTHING_TO_RELEASE');

    await change('main', 'remove a property', (o) => { delete aircraft(o).properties['p-aircraft-delivery-date']; });
    const plan = planRelease(fx.ws);
    expect(plan.version).toBe('1.0.0');
    expect(plan.changelog).toContain('### Breaking changes');
    expect(plan.changelog).toContain('Aircraft.deliveryDate removed');
    expect(await codeOf(() => planRelease(fx.ws, { version: '0.2.0' }))).toBe('VERSION_UNDERSTATES_CHANGES');
    expect(await codeOf(() => planRelease(fx.ws, { version: '0.1.0' }))).toBe('VERSION_NOT_NEWER');
    const done = release(fx.ws, { version: '2.0.0' }, 'ada');
    expect(done.tag).toMatchObject({ name: 'v2.0.0', version: '2.0.0', commit: fx.ws.getBranch('main').head });
    expect(done.tag.message).toContain('## v2.0.0');
  });
});
