/** Every CLI failure: one `error[CODE]` line, a sysexits code, and with --json a JSON error on stdout. */
import { afterAll, describe, expect, it } from 'vitest';
import { oms, removeTempDirs, tempDir } from './run-oms';

afterAll(removeTempDirs);

describe('cli error paths', () => {
  it('usage errors are one error[USAGE] line (no help dump) with exit 64', async () => {
    const run = await oms('log', '--bogus');
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error\[USAGE\]: unknown option '--bogus'/);
  });

  it('oms release --version X is refused, not answered with the oms version and exit 0', async () => {
    const run = await oms('--store', tempDir(), 'release', '--version', '1.2.0');
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error\[USAGE\]: oms release takes the version as an argument/);
    expect((await oms('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('with --json, a failure still prints valid JSON on stdout (and the line on stderr)', async () => {
    const store = tempDir();
    for (const args of [['log', '--json'], ['diff', '--json']]) {
      const run = await oms('--store', store, ...args);
      expect(run.code, args.join(' ')).toBeGreaterThanOrEqual(64);
      const parsed = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      expect(parsed.error.code).toMatch(/^(WORKSPACE_NOT_FOUND|USAGE)$/);
      expect(run.stderr.trim().split('\n')).toEqual([`error[${parsed.error.code}]: ${parsed.error.message}`]);
    }
  });
});
