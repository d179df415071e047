/**
 * Diagnostics of the open branch, from core/validate running in a web worker. Changes are batched
 * (debounced) and sent as per-element patches; the newest answer wins.
 */
import { create } from 'zustand';
import type { Diagnostic } from '../../../core/validate';
import type { ModelIndex } from './model-index';
import type { ValidateRequest, ValidateResponse } from '../workers/validate.worker';

interface ProblemsState {
  diagnostics: Diagnostic[];
  /** Diagnostics grouped by the top-level element id their path starts with. */
  byElement: Map<string, Diagnostic[]>;
  counts: { errors: number; warnings: number; infos: number };
  pending: boolean;
  lastMs: number;
}

export const useProblems = create<ProblemsState>(() => ({
  diagnostics: [],
  byElement: new Map(),
  counts: { errors: 0, warnings: 0, infos: 0 },
  pending: false,
  lastMs: 0,
}));

const EMPTY: Diagnostic[] = [];

export function useElementDiagnostics(id: string): Diagnostic[] {
  return useProblems((s) => s.byElement.get(id) ?? EMPTY);
}

function summarise(diagnostics: Diagnostic[]): Omit<ProblemsState, 'pending' | 'lastMs'> {
  const byElement = new Map<string, Diagnostic[]>();
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    const id = d.path.split('/')[1];
    if (id) {
      let list = byElement.get(id);
      if (!list) byElement.set(id, (list = []));
      list.push(d);
    }
    if (d.severity === 'ERROR' || d.severity === 'BLOCK') errors++;
    else if (d.severity === 'WARN') warnings++;
    else infos++;
  }
  return { diagnostics, byElement, counts: { errors, warnings, infos } };
}

const DEBOUNCE_MS = 120;

/** Start validating `index`'s doc; returns the stop function. */
export function startValidation(index: ModelIndex): () => void {
  const worker = new Worker(new URL('../workers/validate.worker.ts', import.meta.url), { type: 'module' });
  let seq = 0;
  let latest = 0;
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  worker.onmessage = (e: MessageEvent<ValidateResponse>) => {
    if (e.data.seq < latest) return;
    useProblems.setState({ ...summarise(e.data.diagnostics), pending: e.data.seq !== seq, lastMs: e.data.ms });
  };
  const post = (msg: ValidateRequest): void => {
    latest = msg.seq;
    worker.postMessage(msg);
  };
  post({ type: 'init', ontology: index.ontology(), seq: ++seq });
  useProblems.setState({ pending: true });
  const off = index.subscribeChanges((ids) => {
    for (const id of ids) dirty.add(id);
    useProblems.setState({ pending: true });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changes = [...dirty].map((id) => {
        const e = index.get(id);
        return { id, kind: e?.kind ?? null, value: e?.value ?? null };
      });
      dirty.clear();
      post({ type: 'patch', seq: ++seq, changes, root: index.root() });
    }, DEBOUNCE_MS);
  });
  return () => {
    off();
    clearTimeout(timer);
    worker.terminate();
    useProblems.setState(summarise([]));
  };
}
