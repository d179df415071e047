/**
 * Sliding-window counters for login attempts, per client IP and per account name. A log of
 * timestamps per key (at most `limit` kept), so the window really slides: no burst of 2× at a
 * fixed-window boundary. In memory, per process; the lockout that must hold across processes is in
 * the account store.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Keys tracked at most; the oldest are forgotten first (bounded memory under a spray of names). */
    private readonly maxKeys = 100_000,
  ) {}

  /** Record an attempt; returns ms until the next is allowed, 0 when this one is within the limit. */
  hit(key: string, now: number): number {
    const log = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (log.length >= this.limit) {
      this.hits.set(key, log);
      return log[0]! + this.windowMs - now;
    }
    log.push(now);
    this.hits.delete(key);
    this.hits.set(key, log);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }
}
