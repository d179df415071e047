/**
 * Prometheus metrics (prom-client, one Registry per server so several servers in one process, as in
 * tests, do not collide). Hot-path numbers live in ServerStats and are read at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServerStats } from '../stats';
import type { Extension, MessageContext, MessageVerdict } from './types';

export interface MetricsSources {
  stats: ServerStats;
  rooms: () => number;
  version: string;
}

export class MetricsExtension implements Extension {
  readonly name = 'metrics';
  readonly stage = 'observe' as const;
  readonly registry = new Registry();

  constructor(private readonly sources: MetricsSources) {
    const { stats } = sources;
    const r = this.registry;
    collectDefaultMetrics({ register: r });
    new Gauge({ name: 'oms_sync_info', help: 'Server version', labelNames: ['version'], registers: [r] }).set({ version: sources.version }, 1);
    new Gauge({
      name: 'oms_sync_connections',
      help: 'Open WebSocket connections',
      registers: [r],
      collect() {
        this.set(stats.connections);
      },
    });
    new Gauge({
      name: 'oms_sync_rooms',
      help: 'Documents loaded in memory',
      registers: [r],
      collect: function (this: Gauge) {
        this.set(sources.rooms());
      },
    });
    const counter = (name: string, help: string, read: () => number): void => {
      new Counter({
        name,
        help,
        registers: [r],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    };
    counter('oms_sync_messages_in_total', 'WebSocket messages received', () => stats.messagesIn);
    counter('oms_sync_messages_out_total', 'WebSocket messages sent (one per recipient)', () => stats.messagesOut);
    counter('oms_sync_bytes_in_total', 'Bytes received in WebSocket messages', () => stats.bytesIn);
    counter('oms_sync_bytes_out_total', 'Bytes sent in WebSocket messages', () => stats.bytesOut);
    const labelled = (name: string, help: string, label: string, read: () => Map<string | number, number>): void => {
      new Counter({
        name,
        help,
        labelNames: [label],
        registers: [r],
        collect() {
          this.reset();
          for (const [k, v] of read()) this.inc({ [label]: String(k) }, v);
        },
      });
    };
    labelled('oms_sync_messages_by_kind_total', 'Inbound protocol messages by kind', 'kind', () => stats.messagesByKind);
    labelled('oms_sync_errors_total', 'Errors by stable code', 'code', () => stats.errors);
    labelled('oms_sync_closes_total', 'Connections closed by the server, by WebSocket close code', 'code', () => stats.closes);
    const persist = new Histogram({
      name: 'oms_sync_persist_seconds',
      help: 'Time to make one batch of updates durable',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [r],
    });
    stats.onPersist((s) => persist.observe(s));
  }

  onMessage(ctx: MessageContext): MessageVerdict {
    this.sources.stats.countMessageKind(ctx.kind);
    return undefined;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
