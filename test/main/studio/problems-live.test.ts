/**
 * The backend's `problems` stream in proportion to the change (ProblemsScheduler + the real
 * validation worker thread, jobs/live-validation.ts): the doc is sent whole once, then only the
 * changed elements; after every step of a seeded hostile edit script the published findings equal
 * validate() of the whole doc in snapshot order (as a commit would judge it), the findings handed
 * to the store are that same state's, and a worker that lost the doc gets it whole again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, type Ontology } from '../../../core/model';
import { validate, type Diagnostic } from '../../../core/validate';
import { ORIGIN, applyOntology, docToOntology, ontologyToDoc, setField } from '../../../core/yjs';
import { SOURCE_WORKER_ENTRY } from '../../../main/services/studio/jobs/spawn';
import { Validator } from '../../../main/services/studio/jobs/validator';
import { ProblemsScheduler, type StoredDoc } from '../../../main/services/studio/problems';
import { Workspace } from '../../../main/services/store';
import { bucketOf } from '../../../main/services/store/snapshots';
import { nextState } from '../../support/hostile-edits';
import { randomOntology, Rand } from '../../support/random-ontology';

const STEPS = Math.max(1, Number(process.env.OMS_PROBLEMS_LIVE_STEPS ?? 12));

/** A real validator that counts how often it was sent a doc whole. */
class CountingValidator extends Validator {
  inits = 0;
  wholes = 0;
  override liveInit(doc: string, state: Uint8Array): Promise<Diagnostic[]> {
    this.inits++;
    return super.liveInit(doc, state);
  }
  override validate(state: Uint8Array): Promise<Diagnostic[]> {
    this.wholes++;
    return super.validate(state);
  }
  /** Stop the thread as a crash would; the next request starts a fresh one. */
  async crash(): Promise<void> {
    // The thread is private: a test reaching for it is the only way to kill it as a crash would.
    await (this as unknown as { thread: { worker: Worker | undefined } }).thread.worker?.terminate();
  }
}

let root: string;
let validator: CountingValidator;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'oms-problems-live-'));
  validator = new CountingValidator(SOURCE_WORKER_ENTRY, root);
});
afterAll(async () => {
  await validator.close();
  rmSync(root, { recursive: true, force: true });
});

/** The doc as a snapshot lists it (bucket, then id): the order the worker validates in. */
function wholeFindings(doc: Y.Doc): Diagnostic[] {
  const o = docToOntology(doc);
  const out: Record<string, unknown> = { ...o };
  for (const c of COLLECTIONS) {
    const rec = o[c] as Record<string, unknown>;
    out[c] = Object.fromEntries(Object.keys(rec).sort((a, b) => bucketOf(a) - bucketOf(b) || (a < b ? -1 : 1)).map((k) => [k, rec[k]]));
  }
  return validate(out as unknown as Ontology);
}

/** A scheduler on `doc` whose next published answer (and kept key) a test can await. */
function watch(doc: Y.Doc, stored?: StoredDoc): { scheduler: ProblemsScheduler; next: () => Promise<{ diagnostics: Diagnostic[]; kept: string | undefined }> } {
  let waiting: ((r: { diagnostics: Diagnostic[]; kept: string | undefined }) => void) | undefined;
  let version = 0;
  let kept: string | undefined;
  const scheduler = new ProblemsScheduler(doc, validator, () => 0, (diagnostics) => {
    // record() runs right after publish in the same tick: hand both over on the next microtask.
    queueMicrotask(() => waiting?.({ diagnostics, kept }));
  }, { key: () => `state-${++version}`, record: (k) => { kept = k; } }, stored);
  return {
    scheduler,
    next: () => new Promise((resolve) => {
      waiting = resolve;
      scheduler.changed();
    }),
  };
}

describe('background validation of an open doc in proportion to the change', () => {
  it('sends the doc whole once, then changed elements only; every answer equals validate() of the whole doc', async () => {
    const seed = 12;
    const doc = ontologyToDoc(randomOntology(seed, { objectTypes: 25, propertiesPerType: 3, linkTypes: 12, interfaces: 5, sharedProperties: 4, valueTypes: 5, structTypes: 2, actionTypes: 3 }));
    const { scheduler, next } = watch(doc);
    const before = { inits: validator.inits, wholes: validator.wholes };
    try {
      const first = await next();
      expect(first.diagnostics).toEqual(wholeFindings(doc));
      const r = new Rand(seed);
      let state = docToOntology(doc);
      for (let step = 0; step < STEPS; step++) {
        const n = nextState(r, state, seed, step);
        if (!n) continue;
        applyOntology(doc, n, ORIGIN.local);
        state = docToOntology(doc);
        const { diagnostics, kept } = await next();
        expect(diagnostics, `step ${step}`).toEqual(wholeFindings(doc));
        // The findings kept for the store are the ones of the key taken with the state.
        expect(kept, `step ${step}`).toMatch(/^state-\d+$/);
      }
      expect(validator.inits - before.inits).toBe(1);
      expect(validator.wholes - before.wholes).toBe(0);
    } finally {
      scheduler.stop();
    }
  });

  it('a restarted worker that lost the doc gets it whole again, and answers stay right', async () => {
    const doc = ontologyToDoc(randomOntology(5, { objectTypes: 8, propertiesPerType: 2, linkTypes: 3, interfaces: 2, sharedProperties: 2, valueTypes: 2, structTypes: 1, actionTypes: 1 }));
    const { scheduler, next } = watch(doc);
    const before = validator.inits;
    try {
      await next();
      const [id] = Object.keys(docToOntology(doc).objectTypes);
      setField(doc, { id: id as string }, 'apiName', 'not a valid api name');
      expect((await next()).diagnostics).toEqual(wholeFindings(doc));
      await validator.crash();
      setField(doc, { id: id as string }, 'apiName', 'StillBad!');
      expect((await next()).diagnostics).toEqual(wholeFindings(doc));
      expect(validator.inits - before).toBe(2);
      // A deleted element, after the restart, is followed like any other change.
      const doomed = Object.keys(docToOntology(doc).interfaces)[0] as string;
      const o = docToOntology(doc);
      delete (o.interfaces as Record<string, unknown>)[doomed];
      applyOntology(doc, o, ORIGIN.local);
      expect((await next()).diagnostics).toEqual(wholeFindings(doc));
      expect(validator.inits - before).toBe(2);
    } finally {
      scheduler.stop();
    }
  });

  it('starts from the stored state, read by the worker, with the edits made before the first pass; none encoded on main', async () => {
    const ws = await Workspace.create(root, 'stored', { from: randomOntology(3, { objectTypes: 10, propertiesPerType: 2, linkTypes: 4, interfaces: 2, sharedProperties: 2, valueTypes: 2, structTypes: 1, actionTypes: 1 }) });
    const session = await ws.openBranch('main');
    const { scheduler, next } = watch(session.doc, { file: ws.file, key: session.key });
    const before = { inits: validator.inits, wholes: validator.wholes };
    try {
      const [a, b] = Object.keys(docToOntology(session.doc).objectTypes) as [string, string];
      setField(session.doc, { id: a }, 'apiName', 'not valid'); // before the first pass, maybe not yet on disk
      expect((await next()).diagnostics).toEqual(wholeFindings(session.doc));
      setField(session.doc, { id: b }, 'apiName', 'alsoNotValid!');
      expect((await next()).diagnostics).toEqual(wholeFindings(session.doc));
      expect(validator.inits - before.inits).toBe(0);
      expect(validator.wholes - before.wholes).toBe(0);
    } finally {
      scheduler.stop();
      await ws.close();
    }
  });

  it('stored state ahead of the open doc (another process appended) is refused, and the doc is sent whole', async () => {
    const ws = await Workspace.create(root, 'ahead', { from: randomOntology(4, { objectTypes: 6, propertiesPerType: 2, linkTypes: 2, interfaces: 1, sharedProperties: 1, valueTypes: 1, structTypes: 1, actionTypes: 1 }) });
    const session = await ws.openBranch('main');
    const other = await Workspace.open(root, 'ahead');
    const { scheduler, next } = watch(session.doc, { file: ws.file, key: session.key });
    const before = validator.inits;
    try {
      const theirs = await other.openBranch('main');
      const [id] = Object.keys(docToOntology(theirs.doc).objectTypes) as [string];
      setField(theirs.doc, { id }, 'apiName', 'fromAnotherProcess!');
      await theirs.flush();
      // This doc has not caught up: its answer must not include the other process's edit.
      const { diagnostics } = await next();
      expect(diagnostics).toEqual(wholeFindings(session.doc));
      expect(diagnostics.some((d) => d.message.includes('fromAnotherProcess!'))).toBe(false);
      expect(validator.inits - before).toBe(1);
    } finally {
      scheduler.stop();
      await other.close();
      await ws.close();
    }
  });

  it('closing the backend under a pending request is TRANSPORT_CLOSED, not a crash to fall back from (no whole validation)', async () => {
    const own = new CountingValidator(SOURCE_WORKER_ENTRY, root);
    const small = ontologyToDoc(randomOntology(7, { objectTypes: 2, propertiesPerType: 1 }));
    const big = ontologyToDoc(randomOntology(8, { objectTypes: 3000, propertiesPerType: 3 }));
    await own.liveInit('small', Y.encodeStateAsUpdate(small)); // the thread runs: the next request reaches it
    const scheduler = new ProblemsScheduler(big, own, () => 0, () => undefined);
    const logged: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      const pending = own.liveInit('big', Y.encodeStateAsUpdate(big));
      // terminate() is called in this same tick, before the thread can have answered 3000 types.
      const closing = own.close();
      await expect(pending).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
      await closing;
      scheduler.changed();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(own.wholes).toBe(0);
      expect(logged.filter((l) => l.includes('validating whole'))).toEqual([]);
    } finally {
      console.error = error;
      scheduler.stop();
    }
  });
});
