/**
 * The open branch: a replica Y.Doc (renderer/src/api openReplica) fed by doc.open's state, kept equal
 * to main's doc by doc.push / doc.update with non-local origins, so the UndoManager (tracking 'local'
 * only) never undoes a peer's, a merge's or an import's change.
 */
import type * as Y from 'yjs';
import { create } from 'zustand';
import { openReplica, type Replica } from '../api';
import { UiError, client, describeError, type StudioClient } from '../backend/client';
import { ModelIndex } from './model-index';
import { yieldToPage } from './time-slice';
import { useUi } from './ui';

export type SyncState = 'saved' | 'saving' | 'error';

interface SessionState {
  status: 'none' | 'opening' | 'open' | 'error';
  workspace: string | null;
  branch: string | null;
  sessionId: string | null;
  doc: Y.Doc | null;
  index: ModelIndex | null;
  undo: Y.UndoManager | null;
  canUndo: boolean;
  canRedo: boolean;
  sync: SyncState;
  error: { code: string; message: string } | null;
  /** While opening: how far reading the branch has got. */
  progress: { done: number; total: number; phase: string } | null;
  open(workspace: string, branch?: string): Promise<void>;
  close(): Promise<void>;
}

let replica: Replica | null = null;

/** performance.mark names of an open's phases, in order. */
export const OPEN_PHASE = {
  receive: 'oms.open.receive',
  index: 'oms.open.index',
  render: 'oms.open.render',
  /** Marked by the explorer once its first rows are committed: validation starts after it. */
  after: 'oms.open.after',
} as const;

/** Resolves once main has every edit of the open branch on disk. */
export function flushSession(): Promise<void> {
  return replica ? replica.flush() : Promise.resolve();
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'none',
  workspace: null,
  branch: null,
  sessionId: null,
  doc: null,
  index: null,
  undo: null,
  canUndo: false,
  canRedo: false,
  sync: 'saved',
  error: null,
  progress: null,
  async open(workspace, branchName) {
    await get().close();
    // User-timing marks of the open's phases: the UI bench files each long task under one.
    performance.mark(OPEN_PHASE.receive);
    set({ status: 'opening', workspace, error: null, progress: { done: 0, total: 0, phase: 'loading the branch' } });
    try {
      const info = await client().call('workspace.open', { name: workspace });
      const branch = branchName ?? info.defaultBranch;
      // The branch's state arrives in parts (one per message, so the window stays live); show how far.
      const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
      const r = await openReplica(watchedClient(set), { workspace, branch }, {
        onProgress: (loaded, total) => set({ progress: { done: mb(loaded), total: mb(total), phase: 'receiving the branch, MB' } }),
      });
      replica = r;
      const { doc, undo } = r;
      performance.mark(OPEN_PHASE.index);
      set({ progress: { done: 0, total: 0, phase: 'reading elements' } });
      const index = await ModelIndex.load(doc, (done, total) => set({ progress: { done, total, phase: 'reading elements' } }));
      const onStack = (): void => set({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
      undo.on('stack-item-added', onStack);
      undo.on('stack-item-popped', onStack);
      undo.on('stack-cleared', onStack);
      // The first render (and the effects it starts, validation among them) in a task of its own,
      // not appended to the index's last slice.
      performance.mark(OPEN_PHASE.render);
      await yieldToPage();
      set({ status: 'open', branch, sessionId: r.session, doc, index, undo, canUndo: false, canRedo: false, sync: 'saved', progress: null });
      useUi.getState().closeAllTabs();
    } catch (err) {
      set({ status: 'error', error: describeError(err), progress: null });
      throw err;
    }
  },
  async close() {
    const { index, doc } = get();
    const closing = replica;
    replica = null;
    index?.dispose();
    set({ status: 'none', sessionId: null, doc: null, index: null, undo: null, workspace: null, branch: null });
    if (closing) {
      // Closing flushes pending pushes first; a failure here is shown, the window still moves on.
      await closing.close().catch((err: unknown) => useUi.getState().notify(describeError(err)));
    }
    doc?.destroy();
  },
}));

/**
 * The client the replica talks through, watching doc.push so the status bar can say "Saving…" and a
 * refused push reaches the person (with its code) instead of an unhandled rejection in the console.
 */
function watchedClient(set: (s: Partial<SessionState>) => void): StudioClient {
  const inner = client();
  let inFlight = 0;
  return {
    transport: inner.transport,
    on: inner.on.bind(inner),
    call(method, input) {
      if (method !== 'doc.push') return inner.call(method, input);
      inFlight++;
      set({ sync: 'saving' });
      return inner.call(method, input).then(
        (out) => {
          if (--inFlight === 0 && useSession.getState().sync !== 'error') set({ sync: 'saved' });
          return out;
        },
        (err: unknown) => {
          inFlight--;
          set({ sync: 'error' });
          const d = describeError(err);
          useUi.getState().notify({ code: d.code, message: `Your last edit was not saved: ${d.message}` });
          return {} as never;
        },
      );
    },
  };
}

/** The current session's doc, index and undo manager; throws when nothing is open. */
export function openSession(): { doc: Y.Doc; index: ModelIndex; undo: Y.UndoManager } {
  const { doc, index, undo } = useSession.getState();
  if (!doc || !index || !undo) throw new UiError('NO_SESSION', 'no branch is open: open a workspace first');
  return { doc, index, undo };
}

/**
 * Run one discrete edit (a dialog's create, a picker's choice, a quick fix) as its own undo step:
 * Yjs would otherwise merge edits made within captureTimeout into one. Typing is not discrete, so
 * a burst of keystrokes still undoes as one word.
 */
export function discrete<T>(fn: () => T): T {
  const undo = useSession.getState().undo;
  undo?.stopCapturing();
  try {
    return fn();
  } finally {
    undo?.stopCapturing();
  }
}
