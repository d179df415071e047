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

const diagnosticKey = (d: Diagnostic): string => `${d.severity}\u0000${d.code}\u0000${d.path}\u0000${d.message}`;

function sameList(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => diagnosticKey(d) === diagnosticKey(b[i] as Diagnostic));
}

/**
 * The new answer folded into the previous state: every element's list, the whole list and the
 * counts keep their identity where nothing changed, so a validation pass that finds what the last
 * one found re-renders nothing (the selectors of the explorer rows, editors and status bar see
 * equal snapshots), and one that changes one element's problems re-renders that element's views.
 */
export function summarise(previous: Pick<ProblemsState, 'diagnostics' | 'byElement' | 'counts'>, diagnostics: Diagnostic[]): Pick<ProblemsState, 'diagnostics' | 'byElement' | 'counts'> {
  if (sameList(previous.diagnostics, diagnostics)) return previous;
  const grouped = new Map<string, Diagnostic[]>();
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    const id = d.path.split('/')[1];
    if (id) {
      let list = grouped.get(id);
      if (!list) grouped.set(id, (list = []));
      list.push(d);
    }
    if (d.severity === 'ERROR' || d.severity === 'BLOCK') errors++;
    else if (d.severity === 'WARN') warnings++;
    else infos++;
  }
  const byElement = new Map<string, Diagnostic[]>();
  for (const [id, list] of grouped) {
    const before = previous.byElement.get(id);
    byElement.set(id, before && sameList(before, list) ? before : list);
  }
  const c = previous.counts;
  const counts = c.errors === errors && c.warnings === warnings && c.infos === infos ? c : { errors, warnings, infos };
  return { diagnostics, byElement, counts };
}

/**
 * Quiet time before a pass: at least this, and at least as long as the last pass took, so that on
 * a 50k-type branch (passes of a second or more) typing does not keep a core busy validating
 * states that are already stale; small branches still answer within a blink.
 */
const DEBOUNCE_MS = 120;
const MAX_DEBOUNCE_MS = 2000;

/** Start validating `index`'s doc; returns the stop function. */
export function startValidation(index: ModelIndex): () => void {
  const worker = new Worker(new URL('../workers/validate.worker.ts', import.meta.url), { type: 'module' });
  let seq = 0;
  let latest = 0;
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  worker.onmessage = (e: MessageEvent<ValidateResponse>) => {
    if (e.data.seq < latest) return;
    useProblems.setState((s) => ({ ...summarise(s, e.data.diagnostics), pending: e.data.seq !== seq, lastMs: e.data.ms }));
  };
  const post = (msg: ValidateRequest): void => {
    latest = msg.seq;
    worker.postMessage(msg);
  };
  post({ type: 'init', ontology: index.ontology(), seq: ++seq });
  useProblems.setState({ pending: true });
  const off = index.subscribeChanges((ids) => {
    for (const id of ids) dirty.add(id);
    // Once per burst: a keystroke must not wake every problems selector when nothing differs.
    if (!useProblems.getState().pending) useProblems.setState({ pending: true });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changes = [...dirty].map((id) => {
        const e = index.get(id);
        return { id, kind: e?.kind ?? null, value: e?.value ?? null };
      });
      dirty.clear();
      post({ type: 'patch', seq: ++seq, changes, root: index.root() });
    }, Math.min(MAX_DEBOUNCE_MS, Math.max(DEBOUNCE_MS, useProblems.getState().lastMs)));
  });
  return () => {
    off();
    clearTimeout(timer);
    worker.terminate();
    useProblems.setState({ diagnostics: [], byElement: new Map(), counts: { errors: 0, warnings: 0, infos: 0 }, pending: false });
  };
}
