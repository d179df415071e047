/**
 * Wait for a pause in the user's input before background work that competes with it for the main
 * thread: right after a big branch opens, the user scrolls and types at once, and the page's first
 * validation (sending 50k elements to its worker) would take frames from exactly that.
 */

/** The input that counts as the user being busy with the page. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'scroll'] as const;

export interface InputQuietOptions {
  /** How long no input must have come. */
  quietMs: number;
  /** Resolve by then at the latest, however busy the user is: the work must always start. */
  latestMs: number;
  /** Where input is listened for (default: the page's window). */
  target?: EventTarget;
}

/**
 * Resolves once no input has come for `quietMs`, or after `latestMs`, whichever is first; true if
 * it was the quiet. `signal` aborts the wait (the promise then never resolves and nothing is left
 * listening).
 */
export function whenInputQuiet(options: InputQuietOptions, signal?: AbortSignal): Promise<boolean> {
  // The page's window is an EventTarget; typed so because the Node-typed tests compile this file too.
  const target = options.target ?? (globalThis as unknown as EventTarget);
  return new Promise((resolve) => {
    if (signal?.aborted) return;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const stop = (): void => {
      clearTimeout(quiet);
      clearTimeout(latest);
      for (const type of INPUT_EVENTS) target.removeEventListener(type, onInput, { capture: true });
      signal?.removeEventListener('abort', stop);
    };
    const end = (wasQuiet: boolean): void => {
      stop();
      resolve(wasQuiet);
    };
    const onInput = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(() => end(true), options.quietMs);
    };
    const latest = setTimeout(() => end(false), options.latestMs);
    // Capture: a scroll inside a list does not bubble to the window, and a handler that stops
    // propagation must not hide the input from this wait.
    for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, { capture: true, passive: true });
    signal?.addEventListener('abort', stop, { once: true });
    onInput();
  });
}

/** When the user last gave input, for work that goes on meanwhile but should give way to it. */
export interface InputTracker {
  /** Milliseconds since the last input (Infinity before any). */
  sinceLastMs(): number;
  stop(): void;
}

export function trackInput(target: EventTarget = globalThis as unknown as EventTarget, now: () => number = () => performance.now()): InputTracker {
  let last = -Infinity;
  const onInput = (): void => {
    last = now();
  };
  for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, { capture: true, passive: true });
  return {
    sinceLastMs: () => now() - last,
    stop: () => {
      for (const type of INPUT_EVENTS) target.removeEventListener(type, onInput, { capture: true });
    },
  };
}
