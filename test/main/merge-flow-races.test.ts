/** The merge flow against edits and commits that land while it runs (the editor open, another process on the file). */
import { describe, expect, it } from 'vitest';
import { OmsError } from '../../core/errors';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { setField } from '../../core/yjs';
import { applyMerge } from '../../main/services/merge';
import { Workspace } from '../../main/services/store';
import { codeOf, useTempWorkspace } from '../support/workspace-fixture';

const fx = useTempWorkspace('oms-merge-race-');
const author = { author: 'ada' };
type ObjectType = Ontology['objectTypes'][string];
const aircraft = (o: Ontology): ObjectType => o.objectTypes['ot-aircraft'] as ObjectType;
const airlineType = (o: Ontology): ObjectType => o.objectTypes['ot-airline'] as ObjectType;

async function change(ws: Workspace, branch: string, message: string, fn: (o: Ontology) => void): Promise<string> {
  const o = structuredClone(await ws.readWorking(branch));
  fn(o);
  await ws.setWorking(branch, parseOntology(o));
  return (await ws.commit(branch, { message, author: 'ada' })).commit.id;
}

describe('merge flow races', () => {
  it('an edit made at any moment of an apply is never dropped by the merge result', async () => {
    await fx.ws.createBranch('feature');
    await change(fx.ws, 'feature', 'describe aircraft', (o) => { aircraft(o).description = 'A plane.'; });
    const outcomes = new Set<string>();
    // Every interleaving the event loop allows: the edit lands after k microtask turns of the apply.
    for (let k = 0; k <= 80; k += 4) {
      const target = `t${k}`;
      await fx.ws.createBranch(target, { from: 'main' });
      if (k % 8 === 0) await change(fx.ws, target, 'diverge', (o) => { airlineType(o).description = 'Diverged.'; });
      const s = await fx.ws.openBranch(target);
      const applying = applyMerge(fx.ws, { source: 'feature', into: target }, author).then(() => 'merged', (err: unknown) => {
        if (err instanceof OmsError) return err.code;
        throw err;
      });
      for (let i = 0; i < k; i++) await Promise.resolve();
      setField(s.doc, { id: 'ot-airline' }, 'displayName', `Edited ${k}`);
      const outcome = await applying;
      outcomes.add(outcome);
      expect(['merged', 'MERGE_TARGET_DIRTY', 'MERGE_STALE'], `k=${k}`).toContain(outcome);
      expect(airlineType(await fx.ws.readWorking(target)).displayName, `k=${k} ${outcome}`).toBe(`Edited ${k}`);
      await s.close();
    }
    expect(outcomes.has('merged')).toBe(true);
  });

  it('a fast-forward refused because another process committed meanwhile leaves the working state at that commit', async () => {
    await fx.ws.createBranch('feature');
    await change(fx.ws, 'feature', 'describe aircraft', (o) => { aircraft(o).description = 'A plane.'; });
    const other = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    try {
      // The other writer commits to main after the preview, just as the fast-forward lands.
      let interfered = false;
      const interfere = async (): Promise<void> => {
        if (interfered) return;
        interfered = true;
        await change(other, 'main', 'meanwhile', (o) => { airlineType(o).description = 'Meanwhile.'; });
      };
      const land = fx.ws.landState.bind(fx.ws);
      fx.ws.landState = async (...args: Parameters<Workspace['landState']>) => {
        await interfere();
        return land(...args);
      };
      // The proportional apply lands through landSnapshotPatch: the same interference there.
      const landPatch = fx.ws.landSnapshotPatch.bind(fx.ws);
      fx.ws.landSnapshotPatch = async (...args: Parameters<Workspace['landSnapshotPatch']>) => {
        await interfere();
        return landPatch(...args);
      };
      expect(await codeOf(applyMerge(fx.ws, { source: 'feature', into: 'main' }, author))).toBe('MERGE_STALE');
      expect(interfered).toBe(true);
      const working = await fx.ws.readWorking('main');
      expect(canonicalJson(working)).toBe(canonicalJson(fx.ws.checkout('main')));
      expect(airlineType(working).description).toBe('Meanwhile.');
      expect(aircraft(working).description).not.toBe('A plane.');
      expect((await fx.ws.status('main')).dirty).toBe(false);
    } finally {
      await other.close();
    }
  });
});
