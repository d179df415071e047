/**
 * What a job does, in the worker thread. Each task opens the workspace file on its own connection
 * (SQLite WAL lets it read while main writes); main flushes open sessions before starting a job so
 * the worker reads what the user typed.
 */
import * as Y from 'yjs';
import type { JobResult, JobSpec } from '../../../../core/contract/studio-api';
import { docToOntology } from '../../../../core/yjs';
import { validate, type Diagnostic } from '../../../../core/validate';
import { previewMerge } from '../../merge';
import type { DocKey, StoredDocState } from '../../../../core/storage/doc-storage';
import { SqliteDocStorage, Workspace } from '../../store';
import { checkStoreFile } from '../../store/sqlite-file';
import { exportText, parseImport, readSide } from '../operations';

export type Progress = (done: number, total: number, phase: string) => void;

async function withWorkspace<T>(root: string, name: string, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(root, name, { verify: false });
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}

export async function runJob(root: string, spec: JobSpec, progress: Progress): Promise<JobResult> {
  switch (spec.kind) {
    case 'import': {
      progress(0, 3, 'parse');
      const { ontology, report } = await parseImport(spec);
      progress(1, 3, 'write');
      const ws = await Workspace.create(root, spec.name, { from: ontology, verify: false });
      await ws.close();
      progress(3, 3, 'done');
      return { kind: 'import', workspace: spec.name, objectTypes: Object.keys(ontology.objectTypes).length, warnings: report.warnings, report };
    }
    case 'export':
      return withWorkspace(root, spec.workspace, async (ws) => {
        progress(0, 1, 'export');
        const text = await exportText(ws, spec);
        progress(1, 1, 'done');
        return { kind: 'export', text };
      });
    case 'validate':
      return withWorkspace(root, spec.workspace, async (ws) => {
        progress(0, 2, 'read');
        const o = await readSide(ws, spec.side);
        progress(1, 2, 'validate');
        return { kind: 'validate', diagnostics: validate(o) };
      });
    case 'merge.preview':
      return withWorkspace(root, spec.workspace, async (ws) => {
        progress(0, 1, 'merge');
        const p = await previewMerge(ws, { source: spec.source, ...(spec.into ? { into: spec.into } : {}), ...(spec.resolutions ? { resolutions: spec.resolutions } : {}) });
        progress(1, 1, 'done');
        return { kind: 'merge.preview', mode: p.mode, conflicts: p.merge.conflicts.length, blockers: p.blockers, diagnostics: p.diagnostics.map(({ introduced: _i, ...d }) => d) };
      });
  }
}

/** Validation of a live doc's state (the `problems` stream): decode here, so main only encodes. */
export function validateState(state: Uint8Array): Diagnostic[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return validate(docToOntology(doc));
  } finally {
    doc.destroy();
  }
}

/** A doc's stored state, read on this thread's own read-only connection to the workspace file. */
export async function loadStoredState(file: string, key: DocKey): Promise<StoredDocState> {
  const storage = new SqliteDocStorage(file, { readOnly: true, verify: false });
  try {
    return await storage.loadDoc(key);
  } finally {
    await storage.close();
  }
}

/** The ArrayBuffers a state can hand over instead of copying (each once; not ones shared with other bytes). */
export function transferable(state: StoredDocState): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of state.snapshot ? [state.snapshot, ...state.updates] : state.updates) {
    if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) out.add(b.buffer);
  }
  return [...out];
}

/** Build the branch's live doc from its snapshot (once), without loading it back: main will. */
export async function materialise(root: string, workspace: string, branch: string): Promise<void> {
  await withWorkspace(root, workspace, (ws) => {
    ws.materialiseBranch(branch);
    return Promise.resolve();
  });
}

/** The integrity check of a store file (STORE_CORRUPT when damaged), here rather than on main's loop. */
export function checkFile(file: string): Promise<void> {
  return Promise.resolve().then(() => checkStoreFile(file));
}

/**
 * What a branch's close leaves to do, done here: both read the whole doc. Compaction (snapshot +
 * tail folded into one snapshot; rows appended meanwhile stay) when the tail is long, then the
 * working cache (readWorking writes it at the stored seq when it is not current). Main may have
 * reopened the branch meanwhile: both steps are consistent with appends from another connection.
 */
export async function settleBranch(root: string, workspace: string, branch: string, compactThreshold: number): Promise<void> {
  await withWorkspace(root, workspace, async (ws) => {
    const key = { workspace: ws.id, branch: ws.getBranch(branch).id };
    if ((await ws.docs.docSize(key)).updates >= compactThreshold) await ws.docs.compactDoc(key);
    await ws.readWorking(branch);
  });
}
