/**
 * Benchmark helpers. Every benchmark measures our code and a reference side by side in the same
 * process and run, and reports the ratio, so machine speed cancels out.
 */
export interface Sample {
  /** milliseconds per run, sorted ascending */
  runs: number[];
}

export interface BenchRow {
  name: string;
  /** Human-readable measurement, e.g. "412 ms" or "38,000 updates/s". */
  value: string;
  /** Reference it is compared with, and ratio ours/reference (or reference/ours for throughput; see `better`). */
  reference?: string;
  ratio?: number;
  /** What the ratio means, e.g. "× faster than y-leveldb" or "× the JSON.parse floor". */
  ratioLabel?: string;
  target?: string;
  pass?: boolean;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchRow[]>;
}

export async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

export async function sample(runs: number, fn: () => unknown | Promise<unknown>, warmup = 1): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push((await time(fn)).ms);
  return { runs: out.sort((a, b) => a - b) };
}

export function percentile(s: Sample, p: number): number {
  const idx = Math.min(s.runs.length - 1, Math.max(0, Math.ceil((p / 100) * s.runs.length) - 1));
  return s.runs[idx] ?? Number.NaN;
}

export const p50 = (s: Sample): number => percentile(s, 50);
export const p95 = (s: Sample): number => percentile(s, 95);

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

export function fmtRate(perSecond: number, unit: string): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`;
}

/** Deterministic PRNG (mulberry32) so benchmark inputs are identical across runs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
