/** `oms merge|changes|changelog|release` end to end: the real CLI in a child process on a temp store. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOntology, type Ontology } from '../../core/model';
import { readOntologyFile } from '../../cli/files';
import { Workspace } from '../../main/services/store';
import { AIRLINE, expectOneLineError, oms, readExample, removeTempDirs, tempDir } from './run-oms';

afterAll(removeTempDirs);

const EXIT_CONFLICT = 75;

function variants(dir: string): { ours: string; theirs: string } {
  const base = parseOntology(JSON.parse(readExample()));
  const airline = (o: Ontology) => o.objectTypes['ot-airline'] as Ontology['objectTypes'][string];
  const theirs = structuredClone(base);
  airline(theirs).displayName = 'Carrier';
  (theirs.objectTypes['ot-aircraft'] as Ontology['objectTypes'][string]).apiName = 'Airplane';
  (airline(theirs).properties['p-airline-iata-code'] as { pii: string }).pii = 'sensitive';
  const ours = structuredClone(base);
  (airline(ours).properties['p-airline-iata-code'] as { pii: string }).pii = 'personal';
  delete (ours.objectTypes['ot-aircraft'] as Ontology['objectTypes'][string]).properties['p-aircraft-delivery-date'];
  const paths = { ours: join(dir, 'ours.json'), theirs: join(dir, 'theirs.json') };
  writeFileSync(paths.ours, JSON.stringify(ours));
  writeFileSync(paths.theirs, JSON.stringify(theirs));
  return paths;
}

/** Set up the store in-process (the store has its own tests); only the commands under test are spawned. */
async function storeWithDivergedBranches(dir: string, files: { ours: string; theirs: string }): Promise<string> {
  const root = join(dir, 'store');
  const ws = await Workspace.create(root, 'default', { from: readOntologyFile(AIRLINE), durability: 'normal' });
  try {
    await ws.createBranch('feature');
    for (const [branch, file] of [['feature', files.theirs], ['main', files.ours]] as const) {
      await ws.setWorking(branch, readOntologyFile(file));
      await ws.commit(branch, { message: `edit ${branch}`, author: 'ada' });
    }
  } finally {
    await ws.close();
  }
  return root;
}

describe('oms merge over the store', () => {
  it('previews, refuses, applies with resolutions, and releases', async () => {
    const dir = tempDir();
    const files = variants(dir);
    const root = await storeWithDivergedBranches(dir, files);
    const run = (...args: string[]) => oms('--store', root, ...args);

    const dry = await run('merge', 'feature', '--dry-run', '--json');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(EXIT_CONFLICT);
    const preview = JSON.parse(dry.stdout) as { mode: string; merge: { conflicts: Array<{ id: string; code: string; severity: string; field: string }> }; blockers: string[] };
    expect(preview.mode).toBe('merge');
    expect(preview.merge.conflicts.map((c) => `${c.severity} ${c.field}`)).toEqual(['ERROR pii']);

    const refused = await run('merge', 'feature');
    expect(refused.code).toBe(EXIT_CONFLICT);
    expectOneLineError(refused, 'MERGE_CONFLICT');

    const pii = preview.merge.conflicts.find((c) => c.field === 'pii');
    const resolve = join(dir, 'resolve.json');
    writeFileSync(resolve, JSON.stringify({ [pii?.id ?? '']: { pick: 'theirs' } }));
    const merged = await run('merge', 'feature', '--resolve', resolve, '-m', 'Merge feature', '--author', 'ada');
    expect(merged.stderr).toBe(`workspace default (${join(root, 'workspaces', 'default.oms.sqlite')})\n`);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^merged feature into main: [0-9a-f]{12}/);

    const changes = await run('changes', 'main~1', 'main', '--json');
    expect(JSON.parse(changes.stdout)).toMatchObject({ bump: 'major' });
    const log = await run('changelog', 'main~1', 'main', '--title', 'Merge');
    expect(log.stdout).toContain('### Breaking changes');
    expect(log.stdout).toContain('objectType renamed "Aircraft" → "Airplane"');

    expect((await run('release', '1.0.0')).code).toBe(0);
    const ws = await Workspace.open(root, 'default');
    try {
      await ws.setWorking('main', readOntologyFile(files.theirs));
      await ws.commit('main', { message: 'bring the delivery date back', author: 'ada' });
    } finally {
      await ws.close();
    }
    const understated = await run('release', '1.0.1');
    expectOneLineError(understated, 'VERSION_UNDERSTATES_CHANGES');
    const next = await run('release', '--dry-run', '--json');
    expect(JSON.parse(next.stdout)).toMatchObject({ tag: 'v1.1.0', tagged: false, last: { tag: 'v1.0.0' } });
  });
});

describe('oms merge and changes on plain files', () => {
  it('merges three files without a store and writes the result when nothing blocks', async () => {
    const dir = tempDir();
    const files = variants(dir);
    const out = join(dir, 'merged.json');
    const blocked = await oms('merge', '--base', AIRLINE, '--ours', files.ours, '--theirs', files.theirs, '-o', out);
    expect(blocked.code).toBe(EXIT_CONFLICT);
    expect(blocked.stdout).toContain('Cannot apply: 1 unresolved ERROR/BLOCK conflict(s)');
    const ok = await oms('merge', '--base', AIRLINE, '--ours', files.ours, '--theirs', files.theirs, '-o', out, '--prefer-theirs', 'objectTypes/ot-airline');
    expect(ok.code).toBe(0);
    const merged = parseOntology(JSON.parse(readFileSync(out, 'utf8')));
    expect(merged.objectTypes['ot-aircraft']?.apiName).toBe('Airplane');
    expect(merged.objectTypes['ot-airline']?.displayName).toBe('Carrier');
    expect(merged.objectTypes['ot-aircraft']?.properties['p-aircraft-delivery-date']).toBeUndefined();

    const changes = await oms('changes', AIRLINE, out);
    expect(changes.code).toBe(0);
    expect(changes.stdout).toMatch(/INCOMPATIBLE\s+PROPERTY_REMOVED\s+property Aircraft.deliveryDate removed/);
    const bad = await oms('merge', '--base', AIRLINE, '--ours', files.ours);
    expectOneLineError(bad, 'USAGE');
  });
});
