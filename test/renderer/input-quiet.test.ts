/**
 * The wait before the page's first validation: it ends after a pause in the user's input, is put
 * off by every scroll, key or pointer event, yet always ends by its latest time; aborted, it leaves
 * nothing listening. Clock-free: vitest's fake timers advance time, a plain EventTarget stands in
 * for the window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { trackInput, whenInputQuiet } from '../../renderer/src/state/input-quiet';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The promise's outcome so far: undefined while pending. */
function track(p: Promise<boolean>): { value: boolean | undefined } {
  const out: { value: boolean | undefined } = { value: undefined };
  void p.then((v) => (out.value = v));
  return out;
}

describe('whenInputQuiet', () => {
  it('ends after quietMs with no input', async () => {
    const target = new EventTarget();
    const r = track(whenInputQuiet({ quietMs: 1000, latestMs: 5000, target }));
    await vi.advanceTimersByTimeAsync(999);
    expect(r.value).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(r.value).toBe(true);
  });

  it('each input puts it off by quietMs', async () => {
    const target = new EventTarget();
    const r = track(whenInputQuiet({ quietMs: 1000, latestMs: 5000, target }));
    for (const type of ['scroll', 'keydown', 'pointermove', 'wheel', 'pointerdown']) {
      await vi.advanceTimersByTimeAsync(600);
      target.dispatchEvent(new Event(type));
    }
    // 3000 ms in, the last input 0 ms ago.
    await vi.advanceTimersByTimeAsync(999);
    expect(r.value).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(r.value).toBe(true);
  });

  it('a user who never pauses still gets it by latestMs', async () => {
    const target = new EventTarget();
    const r = track(whenInputQuiet({ quietMs: 1000, latestMs: 5000, target }));
    for (let t = 0; t < 4900; t += 100) {
      await vi.advanceTimersByTimeAsync(100);
      target.dispatchEvent(new Event('scroll'));
    }
    expect(r.value).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(r.value).toBe(false);
  });

  it('aborted, it never ends and leaves no listener or timer behind', async () => {
    const target = new EventTarget();
    const add = vi.spyOn(target, 'addEventListener');
    const remove = vi.spyOn(target, 'removeEventListener');
    const abort = new AbortController();
    const r = track(whenInputQuiet({ quietMs: 1000, latestMs: 5000, target }, abort.signal));
    abort.abort();
    expect(vi.getTimerCount()).toBe(0);
    expect(remove.mock.calls.map((c) => c[0]).sort()).toEqual(add.mock.calls.map((c) => c[0]).sort());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.value).toBeUndefined();
  });
});

describe('trackInput', () => {
  it('tells how long ago the last input came, and stops listening when stopped', () => {
    const target = new EventTarget();
    let t = 1000;
    const tracker = trackInput(target, () => t);
    expect(tracker.sinceLastMs()).toBe(Infinity);
    target.dispatchEvent(new Event('keydown'));
    t += 250;
    expect(tracker.sinceLastMs()).toBe(250);
    target.dispatchEvent(new Event('wheel'));
    expect(tracker.sinceLastMs()).toBe(0);
    tracker.stop();
    t += 50;
    target.dispatchEvent(new Event('scroll'));
    expect(tracker.sinceLastMs()).toBe(50);
  });
});
