/**
 * The page's first state for its validation worker (validate.worker.ts), in parts between which
 * the page gets a turn. Apart from problems.ts so Node-typed tests can drive it with the real
 * worker module: nothing here needs the browser.
 */
import type { TopLevelKind } from '../../../core/model';
import type { ValidateRequest } from '../workers/validate-protocol';
import type { ModelIndex } from './model-index';
import { Slicer } from './time-slice';

/**
 * Main-thread time one init-part message may take to build and clone. The clone happens inside
 * postMessage on this thread, so a message's size is what bounds the task: at 50k types a fixed
 * 500 elements cost 55–216 ms on a loaded box (clone plus the GC it set off).
 */
const INIT_POST_BUDGET_MS = 3;
const INIT_PART_FIRST = 50;
const INIT_PART_MAX = 1000;

/**
 * Send the first state in parts between which the page gets a turn. Each part's size follows
 * what the previous one cost, so it stays around INIT_POST_BUDGET_MS on a fast or a loaded box.
 * An element edited after its part went is dirty and follows in a patch, which the worker applies
 * after the last part.
 */
export async function sendInitial(index: ModelIndex, post: (msg: ValidateRequest) => void, seq: number, stopped: () => boolean): Promise<void> {
  post({ type: 'init', header: index.header(), seq });
  const slicer = new Slicer();
  let size = INIT_PART_FIRST;
  let part: Array<[string, TopLevelKind, unknown]> = [];
  const send = (): void => {
    const t0 = performance.now();
    post({ type: 'init-part', elements: part });
    const ms = performance.now() - t0;
    // Grows at most twofold (one quick clone says little), shrinks at once (a slow one costs frames).
    size = Math.max(1, Math.min(INIT_PART_MAX, Math.round(size * Math.min(2, ms > 0 ? INIT_POST_BUDGET_MS / ms : 2))));
    part = [];
  };
  for (const e of index.elements()) {
    part.push([e.id, e.kind, e.value]);
    if (part.length < size) continue;
    send();
    await slicer.pause();
    if (stopped()) return;
  }
  send();
  post({ type: 'init-end', seq });
}
