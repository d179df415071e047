/**
 * Long work as jobs in a worker thread, through the real web host: progress and done events, a
 * cancelled import leaves no workspace behind, export/validate/merge-preview answer the same as the
 * direct calls, and an open doc's problems arrive as events after an edit.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../../core/contract/studio-api';
import { canonicalJson } from '../../../core/model';
import { ORIGIN, applyOp, docToOntology } from '../../../core/yjs';
import type { StudioClientApi } from '../../../renderer/src/api/client';
import { openReplica } from '../../../renderer/src/api/replica';
import { randomOntology } from '../../support/random-ontology';
import { workspaceFile } from '../../../main/services/store';
import { startWithAirline, type Harness } from './harness';

let h: Harness;
let studio: StudioClientApi;
beforeAll(async () => {
  ({ h, studio } = await startWithAirline());
});
afterAll(async () => {
  await h.close();
});

function doneOf(jobId: string): Promise<ApiEvents['job.done']> {
  return new Promise((resolve) => {
    const off = studio.on('job.done', (e) => {
      if (e.jobId !== jobId) return;
      off();
      resolve(e);
    });
  });
}

async function runJob(spec: Parameters<StudioClientApi['call']>[1] & object): Promise<{ done: ApiEvents['job.done']; progress: ApiEvents['job.progress'][] }> {
  const progress: ApiEvents['job.progress'][] = [];
  const offProgress = studio.on('job.progress', (p) => progress.push(p));
  const started = await studio.call('jobs.start', spec as never);
  const done = await doneOf(started.jobId);
  offProgress();
  return { done, progress: progress.filter((p) => p.jobId === started.jobId) };
}

describe('jobs', () => {
  it('import a workspace with progress, then export and validate it in the worker', async () => {
    const text = canonicalJson(randomOntology(5, { objectTypes: 120, propertiesPerType: 3 }));
    const { done, progress } = await runJob({ kind: 'import', name: 'big', text, format: 'oms' });
    expect(done.ok).toBe(true);
    if (!done.ok || done.result.kind !== 'import') throw new Error('import failed');
    expect(done.result.objectTypes).toBe(120);
    expect(progress.map((p) => p.phase)).toContain('parse');
    expect((await studio.call('workspace.list', {})).workspaces.map((w) => w.name)).toContain('big');

    const exported = await runJob({ kind: 'export', workspace: 'big', format: 'oms' });
    if (!exported.done.ok || exported.done.result.kind !== 'export') throw new Error('export failed');
    expect(exported.done.result.text).toBe((await studio.call('workspace.export', { workspace: 'big', format: 'oms' })).text);

    const validated = await runJob({ kind: 'validate', workspace: 'big', side: { working: 'main' } });
    if (!validated.done.ok || validated.done.result.kind !== 'validate') throw new Error('validate failed');
    expect(validated.done.result.diagnostics).toEqual((await studio.call('validate', { workspace: 'big', side: { working: 'main' } })).diagnostics);
  });

  it('a failing job reports its typed error', async () => {
    const { done } = await runJob({ kind: 'import', name: 'broken', text: '{"format":', format: 'oms' });
    expect(done.ok).toBe(false);
    if (!done.ok) expect(done.error.code).toBe('IMPORT_PARSE_ERROR');
    expect(existsSync(workspaceFile(h.storeDir, 'broken'))).toBe(false);
  });

  it('a cancelled import leaves no workspace behind', async () => {
    const text = canonicalJson(randomOntology(6, { objectTypes: 800, propertiesPerType: 3 }));
    const { jobId } = await studio.call('jobs.start', { kind: 'import', name: 'cancelled', text, format: 'oms' });
    const done = doneOf(jobId);
    await studio.call('jobs.cancel', { jobId });
    const event = await done;
    expect(event).toMatchObject({ ok: false, error: { code: 'JOB_CANCELLED' } });
    expect((await studio.call('jobs.list', {})).jobs.find((j) => j.jobId === jobId)?.state).toBe('cancelled');
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(`${workspaceFile(h.storeDir, 'cancelled')}${suffix}`)).toBe(false);
    expect((await studio.call('workspace.list', {})).workspaces.map((w) => w.name)).not.toContain('cancelled');
  });

  it('merge preview runs as a job', async () => {
    await studio.call('branch.create', { workspace: 'airline', name: 'side' });
    const { done } = await runJob({ kind: 'merge.preview', workspace: 'airline', source: 'side', into: 'main' });
    expect(done).toMatchObject({ ok: true, result: { kind: 'merge.preview', mode: 'up-to-date' } });
  });

  it('an open doc gets problems after an edit that breaks it', async () => {
    const replica = await openReplica(studio, { workspace: 'airline', branch: 'main' });
    const o = docToOntology(replica.doc);
    const [a, b] = Object.entries(o.objectTypes) as unknown as [[string, { apiName: string }], [string, { apiName: string }]];
    expect(o.objectTypes[b[0]]?.apiName).not.toBe(a[1].apiName);
    // The event carries counts only; the list comes from `validate` on request.
    const problems = new Promise<ApiEvents['problems']>((resolve) => {
      const off = studio.on('problems', (p) => {
        if (p.session !== replica.session || p.counts.errors === 0) return;
        off();
        resolve(p);
      });
    });
    applyOp(replica.doc, { op: 'rename', id: b[0], apiName: a[1].apiName }, ORIGIN.local);
    const p = await problems;
    expect(p.counts.errors).toBeGreaterThan(0);
    expect(p).not.toHaveProperty('diagnostics');
    const { diagnostics } = await studio.call('validate', { workspace: 'airline', side: { working: 'main' } });
    expect(diagnostics.find((d) => d.code === 'DUPLICATE_API_NAME')?.severity).toBe('ERROR');
    expect(diagnostics.filter((d) => d.severity === 'ERROR' || d.severity === 'BLOCK')).toHaveLength(p.counts.errors);
    await replica.close();
  });
});
