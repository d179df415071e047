/**
 * Long work on the page's main thread cut into slices of a few milliseconds, so a 50k-type branch
 * opens (and searches) while the window keeps painting and answering input. A slice ends when its
 * time budget is spent, not after a fixed count: the same code then stays under budget on a fast
 * laptop and on a loaded two-core box.
 */

/** Time a slice may run before it gives the page a turn. A frame is ~16 ms; input must get in. */
export const SLICE_BUDGET_MS = 8;

interface SchedulerWithYield { yield(): Promise<void> }
interface Port { onmessage: (() => void) | null; postMessage(message: null): void; close(): void }

/**
 * A new task (not a microtask): rendering and input run in between. `scheduler.yield()` where the
 * browser has it (continues ahead of other queued tasks); a MessageChannel otherwise, because
 * chained setTimeout(0) is clamped to 4 ms after five levels, which would add seconds to a load of
 * thousands of slices.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<SchedulerWithYield> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    // The web platform's port (typed narrowly: under the Node typings this file's tests compile
    // with, MessagePort is Node's, whose `onmessage` is the same web-compatible attribute).
    const channel = new MessageChannel() as unknown as { port1: Port; port2: Port };
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Tells a loop when its slice is spent; `pause()` yields then and starts the next slice. */
export class Slicer {
  private start = performance.now();
  constructor(private readonly budgetMs = SLICE_BUDGET_MS) {}

  get spent(): boolean {
    return performance.now() - this.start >= this.budgetMs;
  }

  /** Yield if this slice is spent; resolves at once (no task) otherwise. */
  async pause(): Promise<void> {
    if (this.spent) await this.next();
  }

  /** Yield now and start a new slice. */
  async next(): Promise<void> {
    await yieldToPage();
    this.start = performance.now();
  }
}

/**
 * A stable sort of `items` (bottom-up merge sort) that yields between slices; the sorted array is
 * a new one. Array.prototype.sort of 50k entries is one uninterruptible task of 50–200 ms.
 */
export async function sortInSlices<T>(items: readonly T[], compare: (a: T, b: T) => number, slicer: Slicer = new Slicer()): Promise<T[]> {
  const n = items.length;
  let from = items.slice();
  // Runs of 32 sorted in place first (insertion sort is fastest at that size).
  const RUN = 32;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let i = lo + 1; i < hi; i++) {
      const x = from[i] as T;
      let j = i - 1;
      while (j >= lo && compare(from[j] as T, x) > 0) {
        from[j + 1] = from[j] as T;
        j--;
      }
      from[j + 1] = x;
    }
    await slicer.pause();
  }
  let to = new Array<T>(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = compare(from[j] as T, from[i] as T) < 0 ? from[j++] as T : from[i++] as T;
      while (i < mid) to[k++] = from[i++] as T;
      while (j < hi) to[k++] = from[j++] as T;
      await slicer.pause();
    }
    [from, to] = [to, from];
  }
  return from;
}
