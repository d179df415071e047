/**
 * The page's first state for its validation worker (validate.worker.ts), in parts between which
 * the page gets a turn. Apart from problems.ts so Node-typed tests can drive it with the real
 * worker module: nothing here needs the browser.
 */
import type { InitElement, ValidateRequest } from '../workers/validate-protocol';
import type { ModelIndex } from './model-index';
import { Slicer } from './time-slice';

/**
 * Main-thread time one init-part message may take to build, encode and post: its size is what
 * bounds the task (at 50k types a fixed 500 elements, structured-cloned, cost 55–216 ms a message
 * on a loaded box).
 */
const INIT_POST_BUDGET_MS = 3;
const INIT_PART_FIRST = 50;
const INIT_PART_MAX = 1000;

/**
 * While the user types or scrolls, a spent slice is followed by this pause (not just a yield): the
 * send goes on, at a few percent of the main thread, instead of filling every gap between keys.
 */
const BUSY_GAP_MS = 100;

/**
 * Send the first state in parts between which the page gets a turn. Each part's size follows
 * what the previous one cost, so it stays around INIT_POST_BUDGET_MS on a fast or a loaded box.
 * `busy`: the user is giving input now (the send then paces itself). An element edited after its
 * part went is dirty and follows in a patch, which the worker applies after the last part.
 */
export async function sendInitial(index: ModelIndex, post: (msg: ValidateRequest) => void, seq: number, stopped: () => boolean, busy: () => boolean = () => false): Promise<void> {
  post({ type: 'init', header: index.header(), seq });
  const slicer = new Slicer();
  let size = INIT_PART_FIRST;
  let part: InitElement[] = [];
  const send = (): void => {
    const t0 = performance.now();
    post({ type: 'init-part', json: JSON.stringify(part) });
    const ms = performance.now() - t0;
    // Grows at most by half (one quick post says little), shrinks at once (a slow one costs frames).
    size = Math.max(1, Math.min(INIT_PART_MAX, Math.round(size * Math.min(1.5, ms > 0 ? INIT_POST_BUDGET_MS / ms : 1.5))));
    part = [];
  };
  for (const e of index.elements()) {
    part.push([e.id, e.kind, e.value]);
    if (part.length < size) continue;
    send();
    if (slicer.spent && busy()) await new Promise((resolve) => setTimeout(resolve, BUSY_GAP_MS));
    await slicer.pause();
    if (stopped()) return;
  }
  send();
  post({ type: 'init-end', seq });
}
