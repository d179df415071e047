/**
 * The page's time slicing: the sliced merge sort orders exactly as a stable Array.prototype.sort
 * (duplicates, already-sorted and reversed inputs, every length around the run size), and a
 * spent slice really gives the event loop a turn.
 */
import { describe, expect, it } from 'vitest';
import { Slicer, sortInSlices, yieldToPage } from '../../renderer/src/state/time-slice';
import { Rand } from '../support/random-ontology';

interface Item { k: number; i: number }
const byK = (a: Item, b: Item): number => a.k - b.k;

describe('time slices', () => {
  it('sortInSlices is a stable sort, for every length and shape', async () => {
    const r = new Rand(11);
    for (const n of [0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 1000, 4097]) {
      for (const shape of ['random', 'sorted', 'reversed', 'few keys'] as const) {
        const items: Item[] = Array.from({ length: n }, (_, i) => ({
          k: shape === 'sorted' ? i : shape === 'reversed' ? n - i : shape === 'few keys' ? r.int(0, 3) : r.int(0, 1_000_000),
          i,
        }));
        const expected = [...items].sort(byK);
        // Budget 0: every step of the sort is its own slice, so the yields are exercised too.
        const got = await sortInSlices(items, byK, new Slicer(0));
        expect(got, `${shape} × ${n}`).toEqual(expected);
        expect(got.map((x) => x.i), `${shape} × ${n} keeps equal keys in order`).toEqual(expected.map((x) => x.i));
      }
    }
  });

  it('a spent slice yields to the event loop; an unspent one does not', async () => {
    let ran = false;
    setTimeout(() => { ran = true; }, 0);
    await new Slicer(60_000).pause();
    expect(ran).toBe(false);
    // A task queued before the yield runs before the slice continues (MessageChannel in Node).
    let turn = false;
    setImmediate(() => { turn = true; });
    await new Slicer(0).pause();
    expect(turn).toBe(true);
    await yieldToPage();
  });
});
