/**
 * Where a scrolled frame's main-thread time goes, from a Chromium trace (devtools.timeline): the
 * self time of every slice on the page's main thread, bucketed into script, style + layout, paint
 * + compositing, GC and the rest, plus how busy the page's workers were meanwhile (on two shared
 * cores a busy validation worker is CPU the frame does not get). Used by ui.bench.ts to tell the
 * explorer's own cost at 50k from the 1k one.
 */

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'disabled-by-default-v8.gc', 'toplevel', 'blink.user_timing'];

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

export type Bucket = 'script' | 'layout' | 'paint' | 'gc' | 'other';
export interface FrameCost {
  /** Self time per bucket on the page's main thread, in ms over the traced window. */
  main: Record<Bucket, number>;
  /** The slices with the most self time on the main thread, [name, ms], most first. */
  top: Array<[string, number]>;
  /** Busy time of the page's dedicated workers over the same window, in ms. */
  workers: number;
  /** The traced window, in ms. */
  windowMs: number;
}

const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'Layout', 'RecalculateStyles', 'UpdateLayerTree', 'IntersectionObserverController::computeIntersections', 'LocalFrameView::RunPostLifecycleSteps', 'InvalidateLayout', 'ScheduleStyleRecalculation']);
const PAINT = new Set(['Paint', 'PrePaint', 'PaintImage', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit', 'PaintArtifactCompositor::Update', 'LocalFrameView::UpdateViewportIntersectionsForSubtree']);
const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'EventDispatch', 'TimerFire', 'RunMicrotasks', 'V8.Execute', 'v8.callFunction', 'v8.run', 'v8.compile', 'V8.DeoptimizeCode', 'ProfileCall', 'RequestAnimationFrame', 'ScrollEvent']);

function bucketOf(name: string): Bucket {
  if (/GC|Scavenge|MarkCompact/i.test(name)) return 'gc';
  if (STYLE_LAYOUT.has(name)) return 'layout';
  if (PAINT.has(name)) return 'paint';
  if (SCRIPT.has(name) || name.startsWith('V8.') || name.startsWith('v8.')) return 'script';
  return 'other';
}

/** Complete slices (X, or B/E pairs) of one thread, as [start, end, name] in µs, sorted by start. */
function slices(events: readonly TraceEvent[]): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  const open: TraceEvent[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && e.dur !== undefined) out.push([e.ts, e.ts + e.dur, e.name]);
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) out.push([b.ts, e.ts, b.name]);
    }
  }
  // Parents before children when they start together: the longer one first.
  return out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/** Self time per bucket: each slice's duration minus its children's (slices nest on one thread). */
function selfTimes(list: Array<[number, number, string]>, from: number, to: number, byName?: Map<string, number>): Record<Bucket, number> {
  const sum: Record<Bucket, number> = { script: 0, layout: 0, paint: 0, gc: 0, other: 0 };
  const stack: Array<{ end: number; name: string; child: number; start: number }> = [];
  const close = (f: { end: number; name: string; child: number; start: number }): void => {
    const self = Math.max(0, Math.min(f.end, to) - Math.max(f.start, from) - f.child);
    sum[bucketOf(f.name)] += self / 1000;
    byName?.set(f.name, (byName.get(f.name) ?? 0) + self / 1000);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += Math.max(0, Math.min(f.end, to) - Math.max(f.start, from));
  };
  for (const [start, end, name] of list) {
    if (end < from || start > to) continue;
    while (stack.length > 0 && (stack[stack.length - 1] as { end: number }).end <= start) close(stack.pop() as (typeof stack)[number]);
    stack.push({ start, end, name, child: 0 });
  }
  while (stack.length > 0) close(stack.pop() as (typeof stack)[number]);
  return sum;
}

/** The traced window is the span of the page's main-thread slices between two marks' timestamps (µs). */
export function frameCost(trace: Buffer, window: { fromMark: string; toMark: string }): FrameCost {
  const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
  const names = new Map<string, string>();
  for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const marks = traceEvents.filter((e) => e.name === window.fromMark || e.name === window.toMark);
  const fromEv = marks.find((e) => e.name === window.fromMark);
  const toEv = marks.find((e) => e.name === window.toMark);
  if (!fromEv || !toEv) throw new Error(`trace has no ${window.fromMark} / ${window.toMark} marks`);
  const mainKey = `${fromEv.pid}:${fromEv.tid}`;
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of traceEvents) {
    if (e.pid !== fromEv.pid) continue;
    const k = `${e.pid}:${e.tid}`;
    const list = byThread.get(k) ?? [];
    list.push(e);
    byThread.set(k, list);
  }
  const byName = new Map<string, number>();
  const main = selfTimes(slices(byThread.get(mainKey) ?? []), fromEv.ts, toEv.ts, byName);
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6);
  let workers = 0;
  for (const [k, list] of byThread) {
    if (!(names.get(k) ?? '').startsWith('DedicatedWorker')) continue;
    const busy = selfTimes(slices(list.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')), fromEv.ts, toEv.ts);
    workers += busy.script + busy.layout + busy.paint + busy.gc + busy.other;
  }
  return { main, top, workers, windowMs: (toEv.ts - fromEv.ts) / 1000 };
}

/** "script 4.1 · layout 1.2 · paint 0.8 · gc 0.3 · other 0.5 ms/frame; workers 12 ms/frame". */
export function describeCost(c: FrameCost, frames: number): string {
  const per = (ms: number): string => (ms / Math.max(1, frames)).toFixed(2);
  const m = c.main;
  const top = c.top.map(([n, ms]) => `${n} ${per(ms)}`).join(', ');
  return `script ${per(m.script)} · layout ${per(m.layout)} · paint ${per(m.paint)} · gc ${per(m.gc)} · other ${per(m.other)} ms/frame; workers ${per(c.workers)} ms/frame (top: ${top})`;
}
