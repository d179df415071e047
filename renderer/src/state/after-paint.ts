/**
 * Run view updates that are not the edited field itself after the browser has painted the frame
 * the input produced. A keystroke in an API name renames an element: the field and the editor
 * must follow in that very frame (a controlled input showing a stale value loses the caret), but
 * the explorer, every picker and the graph re-render for a structure change too, and in a 50k-type
 * workspace that work in the keystroke's task is what pushes its frame past 16 ms. Deferred here,
 * it runs once per frame however many keystrokes came, one frame later.
 */

type Frame = (cb: () => void) => unknown;

export interface AfterPaint {
  /** Call `cb` after the next paint; a callback already waiting is not queued twice. */
  schedule(cb: () => void): void;
  /** Forget `cb` if it is waiting (its subscriber went away). */
  cancel(cb: () => void): void;
  /** Run what is waiting now (the scheduler's own timer does this; tests call it). */
  flush(): void;
}

/**
 * `frame` is requestAnimationFrame where there is one. A hidden page paints no frames, so a
 * timer runs the callbacks at the latest after `latestMs` (the explorer of a window in the
 * background still catches up with a peer's edits).
 */
export function afterPaintScheduler(frame: Frame | undefined, latestMs = 100): AfterPaint {
  const waiting = new Set<() => void>();
  let pending = false;
  let latest: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    pending = false;
    clearTimeout(latest);
    const run = [...waiting];
    waiting.clear();
    for (const cb of run) cb();
  };
  return {
    schedule(cb) {
      waiting.add(cb);
      if (pending) return;
      pending = true;
      // The frame callback runs before that frame's paint; the timeout queued from it runs after.
      if (frame) frame(() => setTimeout(() => { if (pending) flush(); }, 0));
      latest = setTimeout(() => { if (pending) flush(); }, latestMs);
    },
    cancel(cb) {
      waiting.delete(cb);
    },
    flush,
  };
}

// Read off globalThis: the Node-typed tests compile this file too, without the DOM's typings.
const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
const pageFrame: Frame | undefined = raf ? (cb) => raf.call(globalThis, cb) : undefined;

/** The page's scheduler. */
export const afterPaint = afterPaintScheduler(pageFrame);
