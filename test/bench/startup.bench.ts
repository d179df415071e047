/**
 * CLI start-up: `oms --version` and `oms validate <small file>` spawned N times, interleaved with
 * `node -e 0` (the floor) in the same run. Target < 200 ms each; the ratio to the floor is what is
 * comparable across machines. Runs the built bundle (scripts/build-bin.mjs), rebuilt first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, p50, type Benchmark, type BenchRow } from './lib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 20);
const SMALL = join(ROOT, 'examples/airline.oms.json');

function spawnMs(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = performance.now();
  try {
    execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', ...env } });
  } catch {
    // validate exits non-zero on findings; start-up is what is measured.
  }
  return performance.now() - start;
}

const bench: Benchmark = {
  name: 'startup',
  description: `CLI start-up, ${RUNS} spawns each, interleaved with node -e 0`,
  async run() {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-bin.mjs')], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, BUILD_BIN_QUIET: '1' } });
    // The build empties out/compile-cache (bin/run-built.js); the discarded first round fills it again.
    const scratch = mkdtempSync(join(tmpdir(), 'oms-startup-'));
    let fresh = 0;
    const cases: Array<{ name: string; args: string[]; env?: () => NodeJS.ProcessEnv }> = [
      { name: 'oms --version', args: [join(ROOT, 'bin/oms.js'), '--version'] },
      { name: 'oms validate (airline example)', args: [join(ROOT, 'bin/oms.js'), 'validate', SMALL] },
      // The first run after a build or in a fresh checkout (not a target): an empty cache of its own each time.
      { name: 'validate, empty compile cache', args: [join(ROOT, 'bin/oms.js'), 'validate', SMALL], env: () => ({ NODE_COMPILE_CACHE: join(scratch, String(fresh++)) }) },
      { name: 'oms-sync --version', args: [join(ROOT, 'bin/oms-sync.js'), '--version'] },
      { name: 'oms-sync --help', args: [join(ROOT, 'bin/oms-sync.js'), '--help'] },
    ];
    const floor: number[] = [];
    const times = cases.map(() => [] as number[]);
    try {
      for (let i = 0; i < RUNS + 1; i++) {
        // Interleave so load on the machine hits ours and the floor alike; the first round warms the disk cache.
        const f = spawnMs(['-e', '0']);
        const t = cases.map((c) => spawnMs(c.args, c.env?.()));
        if (i === 0) continue;
        floor.push(f);
        t.forEach((ms, k) => times[k]?.push(ms));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const floorP50 = p50({ runs: floor.sort((a, b) => a - b) });
    const rows: BenchRow[] = [{ name: 'node -e 0 (floor)', value: fmtMs(floorP50) }];
    cases.forEach((c, k) => {
      const ms = p50({ runs: (times[k] ?? []).sort((a, b) => a - b) });
      const isTarget = c.name.startsWith('oms ');
      rows.push({
        name: c.name, value: fmtMs(ms), reference: `node -e 0 ${fmtMs(floorP50)}`, ratio: ms / floorP50, ratioLabel: '× node -e 0',
        ...(isTarget ? { target: '< 200 ms', pass: ms < 200 } : {}),
      });
    });
    return rows;
  },
};

export default bench;
