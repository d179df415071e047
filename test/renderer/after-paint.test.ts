/**
 * The scheduler that moves the explorer's and the pickers' re-render after the keystroke's frame:
 * nothing runs in the scheduling task, everything after the frame callback's following task, a
 * callback scheduled by many keystrokes runs once, a cancelled one not at all, and a page without
 * frames (hidden) still runs it by the fallback time. Fake timers stand in for the clock and a
 * hand-driven frame queue for requestAnimationFrame.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPaintScheduler } from '../../renderer/src/state/after-paint';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function frames(): { frame: (cb: () => void) => void; paint: () => void; queued: () => number } {
  let queue: Array<() => void> = [];
  return {
    frame: (cb) => void queue.push(cb),
    paint: () => {
      const run = queue;
      queue = [];
      for (const cb of run) cb();
    },
    queued: () => queue.length,
  };
}

describe('afterPaintScheduler', () => {
  it('runs after the frame, not in the frame callback nor before it', () => {
    const f = frames();
    const s = afterPaintScheduler(f.frame);
    const cb = vi.fn();
    s.schedule(cb);
    expect(cb).not.toHaveBeenCalled();
    f.paint();
    // The frame callback only queued a task: the paint comes first.
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('coalesces: many keystrokes before the frame, one call and one frame request', () => {
    const f = frames();
    const s = afterPaintScheduler(f.frame);
    const a = vi.fn();
    const b = vi.fn();
    for (let i = 0; i < 10; i++) {
      s.schedule(a);
      s.schedule(b);
    }
    expect(f.queued()).toBe(1);
    f.paint();
    vi.advanceTimersByTime(0);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    // Nothing left to run later, by the fallback timer either.
    vi.advanceTimersByTime(1000);
    expect(a).toHaveBeenCalledTimes(1);
  });

  it('a cancelled callback does not run; the others do', () => {
    const f = frames();
    const s = afterPaintScheduler(f.frame);
    const gone = vi.fn();
    const kept = vi.fn();
    s.schedule(gone);
    s.schedule(kept);
    s.cancel(gone);
    f.paint();
    vi.advanceTimersByTime(0);
    expect(gone).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('a page that paints no frames still runs it by the fallback time', () => {
    const f = frames();
    const s = afterPaintScheduler(f.frame, 100);
    const cb = vi.fn();
    s.schedule(cb);
    vi.advanceTimersByTime(99);
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(cb).toHaveBeenCalledTimes(1);
    // The frame that finally comes finds nothing to do.
    f.paint();
    vi.advanceTimersByTime(0);
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('without requestAnimationFrame at all, the timer runs it', () => {
    const s = afterPaintScheduler(undefined, 50);
    const cb = vi.fn();
    s.schedule(cb);
    vi.advanceTimersByTime(50);
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('a callback scheduled while others run waits for the next paint', () => {
    const f = frames();
    const s = afterPaintScheduler(f.frame);
    const second = vi.fn();
    const first = vi.fn(() => s.schedule(second));
    s.schedule(first);
    f.paint();
    vi.advanceTimersByTime(0);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    f.paint();
    vi.advanceTimersByTime(0);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
