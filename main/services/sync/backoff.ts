/**
 * Reconnect delays: exponential with "full jitter" (a uniform draw in [0, cap·2^n]), so a server
 * restart is not followed by every desktop reconnecting in the same millisecond.
 */
export interface BackoffOptions {
  /** First ceiling in ms (default 250). */
  baseMs?: number;
  /** Largest ceiling in ms (default 30 s). */
  maxMs?: number;
  /** Uniform [0, 1) source; injectable so tests are deterministic. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.baseMs = opts.baseMs ?? 250;
    this.maxMs = opts.maxMs ?? 30_000;
    this.random = opts.random ?? Math.random;
  }

  /** The delay before the next attempt; each call widens the window until `maxMs`. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.floor(this.random() * ceiling);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
