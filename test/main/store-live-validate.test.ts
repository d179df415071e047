/**
 * A live branch's commit (and workingDiagnostics) validates in proportion to the change
 * (main/services/store/incremental-validate.ts): the base snapshot's findings outside the affected
 * elements plus validation of the affected ones on a restricted view. On seeded random edits of an
 * opened branch — random mutations plus edits aimed at the global checks: a rename onto another
 * element's name and its repair, deletes of referenced elements (dangling references), supertype and
 * interface cycles closed step by step through untouched edges and broken again, header edits — the
 * findings must equal validate() of the whole state after every step (across clean restarts), BLOCK findings must still
 * refuse the commit, and the incremental path (not the whole-state fallback) must be the one taken.
 * OMS_LIVE_VALIDATE_STEPS raises the steps per seed (default 25, bounded for CI);
 * OMS_LIVE_VALIDATE_SEEDS=1,2,… chooses the seeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { OmsError } from '../../core/errors';
import { COLLECTIONS, parseOntology, type Collection, type Ontology } from '../../core/model';
import { ORIGIN, applyOntology, docToOntology, setField } from '../../core/yjs';
import { validate, type Diagnostic } from '../../core/validate';
import { Workspace } from '../../main/services/store';
import { bucketOf } from '../../main/services/store/snapshots';
import { nextState } from '../support/hostile-edits';
import { randomOntology, Rand } from '../support/random-ontology';
import { tickingClock } from '../support/workspace-fixture';

const STEPS = Math.max(1, Number(process.env.OMS_LIVE_VALIDATE_STEPS ?? 25));
const SEEDS = (process.env.OMS_LIVE_VALIDATE_SEEDS ?? '3,8,21').split(',').map(Number).filter((n) => Number.isInteger(n));
const roots: string[] = [];
const open: Workspace[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.close();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

type Rec = Record<string, unknown>;
const coll = (o: Ontology, c: Collection): Record<string, Rec> => o[c] as unknown as Record<string, Rec>;
const ids = (o: Ontology, c: Collection): string[] => Object.keys(o[c]);
const addTo = (e: Rec, field: string, id: string): void => {
  e[field] = [...new Set([...((e[field] as string[] | undefined) ?? []), id])].sort();
};

/**
 * The state as its snapshot lists it (by bucket, then id, as SnapshotStore.read does): the order
 * in which validation names the other members of a clash. The doc lists new elements last instead.
 */
function asStored(o: Ontology): Ontology {
  const out: Record<string, unknown> = { ...o };
  for (const c of COLLECTIONS) {
    const members = o[c] as Record<string, unknown>;
    const order = Object.keys(members).sort((x, y) => bucketOf(x) - bucketOf(y) || (x < y ? -1 : x > y ? 1 : 0));
    out[c] = Object.fromEntries(order.map((id) => [id, members[id]]));
  }
  return out as unknown as Ontology;
}
const wholeFindings = (doc: Parameters<typeof docToOntology>[0]): Diagnostic[] => validate(asStored(docToOntology(doc)));

const sortKey = (d: Diagnostic): string => `${d.path}\u0000${d.code}\u0000${d.message}\u0000${d.severity}`;
const same = (a: readonly Diagnostic[]): string[] => a.map(sortKey).sort();

async function liveWorkspace(seed: number): Promise<{ ws: Workspace; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'oms-live-validate-'));
  roots.push(root);
  const from = randomOntology(seed, { objectTypes: 10, propertiesPerType: 3, linkTypes: 5, interfaces: 4, sharedProperties: 3, valueTypes: 4, structTypes: 2, actionTypes: 2, fidelity: seed % 2 === 0 });
  const ws = await Workspace.create(root, 'demo', { from, author: 'ada', now: tickingClock(), durability: 'normal' });
  open.push(ws);
  return { ws, root };
}

describe('a live commit validates in proportion to the change', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: incremental findings equal validate() of the whole state after every step`, async () => {
      const fixture = await liveWorkspace(seed);
      const { root } = fixture;
      let { ws } = fixture;
      const r = new Rand(seed);
      let s = await ws.openBranch('main');
      const tally = { landed: 0, blocked: 0, incremental: 0, checked: 0 };
      for (let step = 0; step < STEPS; step++) {
        const next = nextState(r, docToOntology(s.doc), seed, step);
        if (next) applyOntology(s.doc, next, ORIGIN.local);
        const whole = wholeFindings(s.doc);
        const at = `seed ${seed} step ${step}`;
        if (r.bool(0.4)) {
          expect(same(await ws.workingDiagnostics('main')), at).toEqual(same(whole));
          tally.checked++;
        }
        if (r.bool(0.08)) {
          // A clean restart: the live-base record, the stored findings and the index carry over.
          await ws.close();
          open.splice(open.indexOf(ws), 1);
          ws = await Workspace.open(root, 'demo', { durability: 'normal' });
          open.push(ws);
          s = await ws.openBranch('main');
        }
        if (!r.bool(0.6)) continue;
        const out = await ws.commit('main', { message: `step ${step}`, author: 'ada' }).catch((e: unknown) => e);
        if (out instanceof OmsError) {
          expect(['COMMIT_BLOCKED', 'COMMIT_EMPTY'], at).toContain(out.code);
          if (out.code === 'COMMIT_BLOCKED') {
            const blocking = whole.filter((d) => d.severity === 'BLOCK');
            expect(blocking.length, at).toBeGreaterThan(0);
            expect(same((out.details as { diagnostics: Diagnostic[] }).diagnostics), at).toEqual(same(blocking));
            tally.blocked++;
            // Now and then go back to the head, as a user would: a many-entity change for the next step.
            if (r.bool(0.3)) applyOntology(s.doc, ws.checkout('main'), ORIGIN.local);
          } else {
            expect(whole.some((d) => d.severity === 'BLOCK'), at).toBe(false);
          }
          continue;
        }
        if (out instanceof Error || typeof out !== 'object' || out === null) throw out;
        const { commit, diagnostics, snapshotFrom, validatedBy } = out as Awaited<ReturnType<Workspace['commit']>>;
        expect(whole.some((d) => d.severity === 'BLOCK'), at).toBe(false);
        expect(snapshotFrom, at).toBe('changed-entities');
        expect(['changed-entities', 'stored'], at).toContain(validatedBy);
        if (validatedBy === 'changed-entities') tally.incremental++;
        expect(same(diagnostics), at).toEqual(same(whole));
        // The snapshot as stored, validated whole, agrees too (it lists elements in bucket order).
        expect(same(validate(ws.snapshots.read(commit.snapshot))), at).toEqual(same(whole));
        tally.landed++;
      }
      if (process.env.OMS_LIVE_VALIDATE_TALLY) console.log(seed, JSON.stringify(tally));
      expect(tally.landed, JSON.stringify(tally)).toBeGreaterThan(0);
      expect(tally.incremental + tally.checked, JSON.stringify(tally)).toBeGreaterThan(0);
    });
  }

  it('an element re-judged because it mentions a changed one keeps its collision with an untouched namesake', async () => {
    const { ws } = await liveWorkspace(5);
    const s = await ws.openBranch('main');
    const o = structuredClone(docToOntology(s.doc));
    const [a] = ids(o, 'objectTypes');
    const [itf] = ids(o, 'interfaces');
    if (!a || !itf) throw new Error('fixture lacks an object type or an interface');
    const ta = coll(o, 'objectTypes')[a] as Rec;
    addTo(ta, 'implements', itf);
    // The namesake nothing mentions and that mentions nothing: only a's name leads to it.
    coll(o, 'objectTypes')['ot-lone'] = {
      apiName: String(ta.apiName).toUpperCase(), displayName: 'Lone', description: '', status: 'active', pluralDisplayName: '', primaryKey: 'p-lone', implements: [],
      properties: { 'p-lone': { apiName: 'loneId', displayName: 'Lone id', description: '', status: 'active', baseType: { type: 'integer' }, required: true, pii: 'none', order: 'F' } },
    };
    applyOntology(s.doc, parseOntology(o), ORIGIN.local);
    const first = await ws.commit('main', { message: 'collide', author: 'ada' });
    expect(first.diagnostics.some((d) => d.code === 'DUPLICATE_API_NAME')).toBe(true);
    // Only the interface changes: a is re-judged (it implements it) and needs b to see the clash.
    setField(s.doc, { id: itf }, 'description', 'changed');
    const whole = wholeFindings(s.doc);
    expect(same(await ws.workingDiagnostics('main'))).toEqual(same(whole));
    setField(s.doc, { id: itf }, 'description', 'changed again');
    const out = await ws.commit('main', { message: 'interface', author: 'ada' });
    expect(out.validatedBy).toBe('changed-entities');
    expect(same(out.diagnostics)).toEqual(same(wholeFindings(s.doc)));
  });

  it('while another connection holds the write lock, the findings of a live state come by validating it whole, and are right', async () => {
    const { ws: created, root } = await liveWorkspace(9);
    await created.close();
    open.splice(open.indexOf(created), 1);
    const ws = await Workspace.open(root, 'demo', { durability: 'normal', busyTimeoutMs: 50 });
    open.push(ws);
    const s = await ws.openBranch('main');
    const [id] = ids(docToOntology(s.doc), 'interfaces');
    if (!id) throw new Error('fixture has no interface');
    setField(s.doc, { id }, 'description', 'while busy');
    await s.flush();
    const other = new Database(ws.file);
    other.exec('BEGIN IMMEDIATE');
    try {
      // The entity index cannot be written: validated whole; the findings are not cached either.
      expect(same(await ws.workingDiagnostics('main'))).toEqual(same(wholeFindings(s.doc)));
      expect(await ws.commit('main', { message: 'busy', author: 'ada' }).catch((e: unknown) => (e as OmsError).code)).toBe('STORE_BUSY');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const out = await ws.commit('main', { message: 'free', author: 'ada' });
    expect(out.validatedBy).toBe('changed-entities');
    expect(same(out.diagnostics)).toEqual(same(wholeFindings(s.doc)));
  });

  it('a dangling reference made live still refuses the commit, and its repair commits', async () => {
    const { ws } = await liveWorkspace(5);
    const s = await ws.openBranch('main');
    const o = docToOntology(s.doc);
    const link = Object.values(o.linkTypes)[0];
    if (!link) throw new Error('fixture has no link type');
    const target = link.toObjectTypeId;
    const broken = structuredClone(o);
    delete (broken.objectTypes as Record<string, unknown>)[target];
    applyOntology(s.doc, parseOntology(broken), ORIGIN.local);
    const refused = await ws.commit('main', { message: 'broken', author: 'ada' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OmsError);
    expect((refused as OmsError).code).toBe('COMMIT_BLOCKED');
    expect(same((refused as OmsError & { details: { diagnostics: Diagnostic[] } }).details.diagnostics))
      .toEqual(same(wholeFindings(s.doc).filter((d) => d.severity === 'BLOCK')));
    applyOntology(s.doc, o, ORIGIN.local);
    setField(s.doc, { id: target }, 'description', 'back');
    const out = await ws.commit('main', { message: 'fixed', author: 'ada' });
    expect(out.validatedBy).toBe('changed-entities');
    expect(same(out.diagnostics)).toEqual(same(wholeFindings(s.doc)));
  });
});
