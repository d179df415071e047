/**
 * Counters the hot path bumps as plain numbers; the metrics extension exposes them to Prometheus
 * at scrape time (prom-client `collect`), so a broadcast to 100 peers costs 100 integer adds, not
 * 100 labelled-metric lookups.
 */
export class ServerStats {
  readonly startedAt = Date.now();
  connections = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  /** Errors by stable code (malformed_message, rate_limited, unauthorized, store_failed, …). */
  readonly errors = new Map<string, number>();
  /** Connections closed by the server, by close code. */
  readonly closes = new Map<number, number>();
  /** Inbound messages by kind. */
  readonly messagesByKind = new Map<string, number>();
  private persistObservers: Array<(seconds: number) => void> = [];

  countError(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  countClose(code: number): void {
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
  }

  countMessageKind(kind: string): void {
    this.messagesByKind.set(kind, (this.messagesByKind.get(kind) ?? 0) + 1);
  }

  onPersist(fn: (seconds: number) => void): void {
    this.persistObservers.push(fn);
  }

  observePersist(seconds: number): void {
    for (const fn of this.persistObservers) fn(seconds);
  }
}
