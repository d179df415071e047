/**
 * Cost in proportion to the change, asserted by rows read and written (never by time): on a
 * generated workspace, creating a branch writes no snapshot, entity or doc row; a one-field apply
 * writes one entity row and one bucket; committing it writes only the commit (the snapshot and its
 * validation were stored by the apply); a diff of commits 10 elements apart reads ~10 buckets and
 * ~20 entity rows; a branch stays doc-less until it is opened for live editing.
 */
import { describe, expect, it } from 'vitest';
import { diffOntologies } from '../../core/diff';
import { canonicalJson } from '../../core/model';
import { useTempWorkspace } from '../support/workspace-fixture';
import { Workspace } from '../../main/services/store';
import { editTypes, scaleOntology } from '../bench/scale-ontology';

const TYPES = 1000; // the counters prove proportionality at any size; kept small so CI stays fast
const fx = useTempWorkspace('oms-scale-');
const count = (ws: Workspace, table: string): number => ws.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const TABLES = ['entities', 'manifest_buckets', 'snapshots', 'commits', 'yjs_docs', 'yjs_updates', 'snapshot_checks'] as const;
const rows = (ws: Workspace): Record<(typeof TABLES)[number], number> =>
  Object.fromEntries(TABLES.map((t) => [t, count(ws, t)])) as Record<(typeof TABLES)[number], number>;

describe(`store at scale (${TYPES} types)`, () => {
  it('pays for the change, not for the ontology', async () => {
    const o = scaleOntology(TYPES, 2);
    await fx.ws.close();
    fx.ws = await Workspace.create(fx.root, 'scale', { from: o, durability: 'normal' });
    const ws = fx.ws;
    const start = rows(ws);

    await ws.createBranch('b1');
    expect(rows(ws), 'branch create copied state').toEqual(start);

    await ws.setWorking('b1', editTypes(o, 1, 'one field'));
    const applied = rows(ws);
    expect(applied.entities - start.entities).toBe(1);
    expect(applied.manifest_buckets - start.manifest_buckets).toBe(1);
    expect(applied.snapshots - start.snapshots).toBe(1);
    expect(applied.yjs_docs).toBe(start.yjs_docs);

    const { newEntityRows } = await ws.commit('b1', { message: 'one field', author: 'ada' });
    expect(newEntityRows).toBe(0);
    expect(rows(ws)).toEqual({ ...applied, commits: applied.commits + 1 });
    expect((await ws.status('b1')).dirty).toBe(false);

    const c1 = ws.getCommit('b1');
    await ws.setWorking('b1', editTypes(o, 10, 'ten', 7));
    const c2 = (await ws.commit('b1', { message: 'ten', author: 'ada' })).commit;
    const { read } = ws.snapshots.readDifference(c1.snapshot, c2.snapshot);
    expect(read.entities).toBeLessThanOrEqual(2 * 11);
    expect(read.buckets).toBeLessThanOrEqual(2 * 11);
    const d = ws.diffSnapshots(c1.snapshot, c2.snapshot);
    expect(d.summary.changed).toBe(10 + 1); // the ten, and the one-field type changed back
    // The bucket-wise diff is the full diff.
    expect(JSON.stringify(d)).toBe(JSON.stringify(await ws.diff(c1.id, c2.id)));
    expect(JSON.stringify(d)).toBe(JSON.stringify(diffOntologies(ws.checkout(c1.id), ws.checkout(c2.id))));

    // Opening the branch for live editing builds its doc once; it is then the working state.
    const before = canonicalJson(await ws.readWorking('b1'));
    await (await ws.openBranch('b1')).close();
    expect(count(ws, 'yjs_docs')).toBe(start.yjs_docs + 1);
    expect(canonicalJson(await ws.readWorking('b1'))).toBe(before);
    expect((await ws.status('b1')).dirty).toBe(false);
  }, 120_000);
});
