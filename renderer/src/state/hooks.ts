/** Narrow subscriptions into the model index: a component re-renders only when what it shows changes. */
import { useCallback, useSyncExternalStore } from 'react';
import type { TopLevelKind } from '../../../core/model';
import type { Entry, ModelIndex } from './model-index';
import { afterPaint } from './after-paint';
import { useSession } from './session';

export function useIndex(): ModelIndex | null {
  return useSession((s) => s.index);
}

const noop = (): (() => void) => () => undefined;

export function useElement(id: string | null | undefined): Entry | undefined {
  const index = useIndex();
  const subscribe = useCallback((cb: () => void) => (index && id ? index.subscribe(id, cb) : noop()), [index, id]);
  return useSyncExternalStore(subscribe, () => (index && id ? index.get(id) : undefined));
}

/** `cb` on each of `on`'s notifications, but after the frame that the change's input painted. */
function deferred(on: (cb: () => void) => () => void, cb: () => void): () => void {
  const later = (): void => afterPaint.schedule(cb);
  const off = on(later);
  return () => {
    off();
    afterPaint.cancel(cb);
  };
}

/**
 * Bumps on add, remove, rename or status change anywhere: lists, pickers and the graph use it.
 * Their re-render follows the frame of the keystroke that renamed (after-paint.ts); a render for
 * another reason in between reads the new version at once.
 */
export function useStructureVersion(): number {
  const index = useIndex();
  const subscribe = useCallback((cb: () => void) => (index ? deferred((l) => index.subscribeStructure(l), cb) : noop()), [index]);
  return useSyncExternalStore(subscribe, () => index?.version ?? -1);
}

/** Bumps when display names change; only a view that searches them needs it. */
export function useLabelVersion(enabled: boolean): number {
  const index = useIndex();
  const subscribe = useCallback((cb: () => void) => (index && enabled ? deferred((l) => index.subscribeLabels(l), cb) : noop()), [index, enabled]);
  return useSyncExternalStore(subscribe, () => (enabled ? index?.labels ?? -1 : -1));
}

export function useKindList(kind: TopLevelKind): Entry[] {
  const index = useIndex();
  useStructureVersion();
  return index ? index.list(kind) : EMPTY;
}

const EMPTY: Entry[] = [];
