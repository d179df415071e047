/**
 * Diagnostics of the open branch, from core/validate running in a web worker, in proportion to
 * each change (validate.worker.ts). Changes are batched (debounced) and sent as per-element
 * patches; the newest answer wins.
 */
import { create } from 'zustand';
import type { Diagnostic } from '../../../core/validate';
import { quietTime } from '../../../core/validate/quiet-time';
import type { ModelIndex } from './model-index';
import { sendInitial } from './initial-state';
import { trackInput, whenInputQuiet } from './input-quiet';
import { summarise, type ProblemsSummary } from './problems-summary';
import type { ValidateRequest, ValidateResponse } from '../workers/validate-protocol';

interface ProblemsState extends ProblemsSummary {
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

/** Quiet time before a pass (core/validate/quiet-time.ts): at least this, and at least the last pass's duration up to the cap. */
const DEBOUNCE_MS = 120;
const MAX_DEBOUNCE_MS = 2000;

/**
 * The first state waits for the user to pause (1 s without input), at most 5 s after the open:
 * right after a big branch opens, the user scrolls and types, and sending 50k elements to the
 * worker takes main-thread time those frames need.
 */
const INITIAL_QUIET_MS = 1000;
const INITIAL_LATEST_MS = 5000;
/** Input this recent counts as the user being busy while the first state is being sent. */
const BUSY_WITHIN_MS = 300;

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
  let stopped = false;
  const post = (msg: ValidateRequest): void => {
    if ('seq' in msg) latest = Math.max(latest, msg.seq);
    worker.postMessage(msg);
  };
  const abort = new AbortController();
  const input = trackInput();
  let initStarted = false;
  // Until the first state goes, there is nothing to patch: it reads every element as it is then.
  // The status bar says "checking…" (pending) all the while.
  void whenInputQuiet({ quietMs: INITIAL_QUIET_MS, latestMs: INITIAL_LATEST_MS }, abort.signal).then(() => {
    initStarted = true;
    dirty.clear();
    return sendInitial(index, post, ++seq, () => stopped, () => input.sinceLastMs() < BUSY_WITHIN_MS).finally(() => input.stop());
  });
  useProblems.setState({ pending: true });
  const off = index.subscribeChanges((ids) => {
    for (const id of ids) dirty.add(id);
    // Once per burst: a keystroke must not wake every problems selector when nothing differs.
    if (!useProblems.getState().pending) useProblems.setState({ pending: true });
    clearTimeout(timer);
    if (!initStarted) return;
    timer = setTimeout(() => {
      const changes = [...dirty].map((id) => {
        const e = index.get(id);
        return { id, kind: e?.kind ?? null, value: e?.value ?? null };
      });
      dirty.clear();
      post({ type: 'patch', seq: ++seq, changes, root: index.root() });
    }, quietTime(useProblems.getState().lastMs, DEBOUNCE_MS, MAX_DEBOUNCE_MS));
  });
  return () => {
    stopped = true;
    abort.abort();
    input.stop();
    off();
    clearTimeout(timer);
    worker.terminate();
    useProblems.setState({ diagnostics: [], byElement: new Map(), counts: { errors: 0, warnings: 0, infos: 0 }, pending: false });
  };
}
