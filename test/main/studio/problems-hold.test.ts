/**
 * The backend's first validation of an open doc waits until every replica that is still reading
 * the doc's initial state has read all of it (or gone), so it does not take a core while the page
 * applies the state. Real web host, real store, real validation worker, the renderer's own
 * transport; parts are made small so the airline example comes in several. Nothing here waits on
 * a clock: the scheduler's state is read at the points that matter, and the findings that arrive
 * are compared with `validate` of the same branch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../../core/contract/studio-api';
import { countBySeverity, validate, type Diagnostic } from '../../../core/validate';
import { docToOntology, ontologyToDoc } from '../../../core/yjs';
import { SOURCE_WORKER_ENTRY } from '../../../main/services/studio/jobs/spawn';
import { Validator } from '../../../main/services/studio/jobs/validator';
import { ProblemsScheduler } from '../../../main/services/studio/problems';
import { randomOntology } from '../../support/random-ontology';
import type { StudioClientApi } from '../../../renderer/src/api/client';
import { openReplica } from '../../../renderer/src/api/replica';
import { startWithAirline, type Harness } from './harness';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function airline(): Promise<{ h: Harness; studio: StudioClientApi }> {
  const { h, studio } = await startWithAirline({ backend: { validateDelayMs: 0, validateSettleMs: 0, docPartBytes: 1024 } });
  harnesses.push(h);
  return { h, studio };
}

const target = { workspace: 'airline', branch: 'main' };

/** The next `problems` event of `session`. */
function problemsOf(studio: StudioClientApi, session: () => string | undefined): Promise<ApiEvents['problems']> {
  return new Promise((resolve) => {
    const off = studio.on('problems', (p) => {
      if (p.session !== session()) return;
      off();
      resolve(p);
    });
  });
}

/** What a whole validation of the branch counts (the published findings must be complete). */
async function wholeCounts(studio: StudioClientApi): Promise<ApiEvents['problems']['counts']> {
  const { diagnostics } = await studio.call('validate', { workspace: 'airline', side: { working: 'main' } });
  return countBySeverity(diagnostics);
}

describe('validation held while a replica reads the initial state', () => {
  it('no pass while the state is being read; once the last part is read the complete findings arrive unasked', async () => {
    const { h, studio } = await airline();
    const opened = await studio.call('doc.open', target);
    expect(opened.part.done).toBe(false);
    const arrived = problemsOf(studio, () => opened.session);
    // Parts handed out, not all: held (a pass would be 'waiting' or 'running' with a zero delay).
    await studio.call('doc.read', { session: opened.session });
    expect(h.host.backend.docs.validationState(opened.session)).toBe('held');
    for (let part = opened.part; !part.done; ) part = await studio.call('doc.read', { session: opened.session });
    expect(h.host.backend.docs.validationState(opened.session)).not.toBe('held');
    expect((await arrived).counts).toEqual(await wholeCounts(studio));
    await studio.call('doc.close', { session: opened.session });
  });

  it('a client that vanishes mid-read releases its hold when it disconnects; the other replica gets its findings', async () => {
    const { h, studio } = await airline();
    const other = await h.connect();
    const stalled = await other.studio.call('doc.open', target);
    expect(stalled.part.done).toBe(false);
    const mine: { session?: string } = {};
    const arrived = problemsOf(studio, () => mine.session);
    const replica = await openReplica(studio, target);
    mine.session = replica.session;
    // This replica has everything, but the other client never read past its first part.
    expect(h.host.backend.docs.validationState(replica.session)).toBe('held');
    other.bridge.close();
    expect((await arrived).counts).toEqual(await wholeCounts(studio));
    expect(h.host.backend.docs.validationState(stalled.session)).toBeUndefined();
    await replica.close();
  });
});

describe('a hold that is never released', () => {
  it('lets go by itself after its cap: the held-back pass runs and publishes the doc\'s findings', async () => {
    const root = mkdtempSync(join(tmpdir(), 'oms-problems-hold-'));
    const validator = new Validator(SOURCE_WORKER_ENTRY, root);
    const doc = ontologyToDoc(randomOntology(3, { objectTypes: 6, propertiesPerType: 2, linkTypes: 2 }));
    let publish: (d: Diagnostic[]) => void = () => undefined;
    const published = new Promise<Diagnostic[]>((resolve) => (publish = resolve));
    const scheduler = new ProblemsScheduler(doc, validator, () => 0, (d) => publish(d));
    try {
      scheduler.hold(1); // a stalled holder: never released
      scheduler.changed();
      expect(scheduler.state).toBe('held');
      expect(await published).toEqual(validate(docToOntology(doc)));
    } finally {
      scheduler.stop();
      await validator.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a held-back first pass that meets the shutdown', () => {
  it('does not send the doc whole to a validator that is closed (TRANSPORT_CLOSED from reading the stored doc ends the pass)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'oms-problems-hold-'));
    class CountingValidator extends Validator {
      inits = 0;
      override liveInit(doc: string, state: Uint8Array): Promise<Diagnostic[]> {
        this.inits++;
        return super.liveInit(doc, state);
      }
    }
    const validator = new CountingValidator(SOURCE_WORKER_ENTRY, root);
    await validator.close();
    const doc = ontologyToDoc(randomOntology(3, { objectTypes: 6, propertiesPerType: 2, linkTypes: 2 }));
    const logged: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.join(' '));
    let done: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (done = resolve));
    const scheduler = new ProblemsScheduler(doc, validator, () => 0, () => undefined, undefined, { file: join(root, 'none.oms'), key: { workspace: 'w', branch: 'b' } });
    try {
      scheduler.changed();
      // The pass ends by logging its failure (run's catch); wait for that line, not for a clock.
      const until = setInterval(() => logged.some((l) => l.includes('validation of an open document failed')) && done(), 5);
      await failed;
      clearInterval(until);
      expect(validator.inits).toBe(0);
      expect(logged.filter((l) => l.includes('sending it whole'))).toEqual([]);
    } finally {
      console.error = error;
      scheduler.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
