/**
 * The studio's background validation of an open doc (ProblemsScheduler in the worker) is kept under
 * the snapshot address of the state it validated (Workspace.liveStateKey / recordValidation), so
 * committing that state reuses it instead of validating the whole ontology again. Through the real
 * web host and a real replica.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../../core/contract/studio-api';
import { ORIGIN, applyOp, docToOntology } from '../../../core/yjs';
import { workspaceFile } from '../../../main/services/store';
import type { StudioClientApi } from '../../../renderer/src/api/client';
import { openReplica } from '../../../renderer/src/api/replica';
import { startWithAirline, type Harness } from './harness';

let h: Harness;
let studio: StudioClientApi;
beforeAll(async () => {
  ({ h, studio } = await startWithAirline());
});
afterAll(async () => {
  await h.close();
});

/** Snapshot addresses with stored validation findings, read from the file as another reader would. */
function validatedSnapshots(): string[] {
  const db = new Database(workspaceFile(h.storeDir, 'airline'), { readonly: true });
  try {
    return db.prepare('SELECT hash FROM snapshot_checks').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('background validation kept for the commit', () => {
  it('the state the problems were computed for is already validated when it is committed', async () => {
    const replica = await openReplica(studio, { workspace: 'airline', branch: 'main' });
    const [id] = Object.keys(docToOntology(replica.doc).objectTypes).sort();
    const problems = new Promise<ApiEvents['problems']>((resolve) => {
      const off = studio.on('problems', (p) => {
        // The rename breaks the naming convention (INVALID_API_NAME, an ERROR): the first errors counted.
        if (p.session !== replica.session || p.counts.errors === 0) return;
        off();
        resolve(p);
      });
    });
    applyOp(replica.doc, { op: 'rename', id: id as string, apiName: 'renamedInTheStudio' }, ORIGIN.local);
    await problems;
    const kept = validatedSnapshots();
    const { commit } = await studio.call('commit.create', { workspace: 'airline', branch: 'main', message: 'renamed' });
    expect(commit.snapshot).toMatch(/^merkle-sha256-/);
    expect(kept).toContain(commit.snapshot);
    await replica.close();
  });
});
