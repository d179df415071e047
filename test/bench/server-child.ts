/** Start/stop a benchmark server child (sync-fanout.server.ts) and read its CPU/RSS over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

export interface ChildStats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  /** Heap in use right after a full GC. */
  heapUsed: number;
  /** Event-loop delay since the previous stats() call (monitorEventLoopDelay, 10 ms resolution). */
  loopMaxMs: number;
  loopP99Ms: number;
}

export interface ServerChild {
  port: number;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
}

export async function startServerChild(kind: 'ours' | 'stock' | 'relay', heartbeatMs = 30_000, durability: 'full' | 'normal' = 'full'): Promise<ServerChild> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'sync-fanout.server.ts'), [kind, String(heartbeatMs), durability], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.OMS_BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.OMS_BENCH_PROFILE_DIR}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  return {
    port,
    stats: () => {
      const p = next<ChildStats>();
      child.send('stats');
      return p;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}
