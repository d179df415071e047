/** `oms revert` leaves a dirty branch alone instead of sweeping its uncommitted edits into the revert commit. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseOntology, type Ontology } from '../../core/model';
import { Workspace } from '../../main/services/store';
import { airline } from '../support/workspace-fixture';
import { expectOneLineError, oms, removeTempDirs, tempDir } from './run-oms';

afterAll(removeTempDirs);

type ObjectType = Ontology['objectTypes'][string];
const aircraft = (o: Ontology): ObjectType => o.objectTypes['ot-aircraft'] as ObjectType;
const airlineType = (o: Ontology): ObjectType => o.objectTypes['ot-airline'] as ObjectType;

async function edit(ws: Workspace, fn: (o: Ontology) => void): Promise<void> {
  const o = structuredClone(await ws.readWorking('main'));
  fn(o);
  await ws.setWorking('main', parseOntology(o));
}

describe('oms revert', () => {
  it('refuses on a branch with uncommitted changes and changes nothing; --no-commit still works', async () => {
    const store = tempDir();
    const ws = await Workspace.create(store, 'default', { from: airline(), durability: 'normal' });
    await edit(ws, (o) => { aircraft(o).description = 'Committed.'; });
    const { commit } = await ws.commit('main', { message: 'describe aircraft', author: 'ada' });
    await edit(ws, (o) => { airlineType(o).description = 'Uncommitted.'; });
    await ws.close();

    const run = await oms('revert', 'HEAD', '--author', 'ada', '--store', store);
    expect(run.code).toBe(75);
    expectOneLineError(run, 'REVERT_TARGET_DIRTY');
    let reopened = await Workspace.open(store, 'default');
    try {
      expect(reopened.getBranch('main').head).toBe(commit.id);
      const w = await reopened.readWorking('main');
      expect([aircraft(w).description, airlineType(w).description]).toEqual(['Committed.', 'Uncommitted.']);
    } finally {
      await reopened.close();
    }

    const noCommit = await oms('revert', 'HEAD', '--no-commit', '--store', store);
    expect(noCommit.code, noCommit.stderr).toBe(0);
    reopened = await Workspace.open(store, 'default');
    try {
      const w = await reopened.readWorking('main');
      expect(aircraft(w).description).not.toBe('Committed.');
      expect(airlineType(w).description).toBe('Uncommitted.');
    } finally {
      await reopened.close();
    }
  });
});
