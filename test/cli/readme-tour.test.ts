/**
 * The README is part of the product: its Quick tour runs here line by line, as written (npm scripts
 * resolved through package.json to the same bin/oms.js), in a fresh folder with its own store; and the
 * numbers it states (validation codes, exit codes) are the ones the CLI has.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CODES } from '../../core/validate';
import { EXIT_BY_CODE } from '../../cli/errors';
import { omsIn, removeTempDirs, ROOT, tempDir, type Run } from './run-oms';

afterAll(removeTempDirs);

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

function tourLines(): string[] {
  const section = README.slice(README.indexOf('## Quick tour'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

/** Shell words with "double quotes" (all the tour uses). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** `npm start` / `npm run oms -- …` → the arguments bin/oms.js gets (package.json's script + the rest). */
function omsArgs(command: string): string[] {
  const w = words(command);
  const script = w[1] === 'start' ? 'start' : w[1] === 'run' ? w[2] : undefined;
  const body = script ? scripts[script] : undefined;
  if (!body?.startsWith('node bin/oms.js')) throw new Error(`the tour runs something other than oms: ${command}`);
  const rest = w.indexOf('--') >= 0 ? w.slice(w.indexOf('--') + 1) : [];
  return [...words(body).slice(2), ...rest];
}

describe('README quick tour', () => {
  it('every line works as written, on a fresh store', async () => {
    const dir = tempDir();
    symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
    const env: NodeJS.ProcessEnv = {};
    const ran: Array<{ line: string; run: Run }> = [];
    for (const line of tourLines()) {
      const exported = /^export (\w+)=\$PWD\/(\S+)$/.exec(line);
      if (exported) {
        env[exported[1] as string] = join(dir, exported[2] as string);
        continue;
      }
      for (const command of line.split(' && ')) {
        const run = await omsIn({ cwd: dir, env }, ...omsArgs(command));
        ran.push({ line: command, run });
        expect(run.code, `${command}\n${run.stderr}`).toBe(0);
      }
    }
    expect(ran.length).toBeGreaterThanOrEqual(10);
    const changelog = ran.find((r) => r.line.includes('changelog'))?.run.stdout ?? '';
    expect(changelog).toContain('DelayReason');
    expect(ran.at(-2)?.run.stdout).toMatch(/tagged v1\.1\.0/);
    expect(existsSync(join(dir, 'airline.graphql'))).toBe(true);
    expect(ran.find((r) => r.line.includes('branch create'))?.run.stderr).toMatch(/^workspace acme \(/);
  });

  it('`npm run -s oms -- … --json` prints exactly one JSON document on stdout, also for an error', async () => {
    const npm = (...args: string[]) => new Promise<Run>((resolve) => {
      execFile('npm', ['run', '-s', 'oms', '--', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', OMS_HOME: tempDir() } }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
    const [codes, failed] = await Promise.all([npm('codes', '--json'), npm('log', '--json')]);
    expect((JSON.parse(codes.stdout) as unknown[]).length).toBe(ALL_CODES.length);
    expect((JSON.parse(failed.stdout) as { error: { code: string } }).error.code).toBe('WORKSPACE_NOT_FOUND');
  });
});

describe('README numbers', () => {
  it('states the number of validation codes oms codes lists', () => {
    expect(README).toContain(`${ALL_CODES.length} validation codes`);
  });

  it('lists every exit code the CLI uses, and only those', () => {
    const table = README.slice(README.indexOf('**Errors and exit codes.**'), README.indexOf('A dirty branch is protected'));
    const documented = new Set([...table.matchAll(/^\| ([\d /]+) \|/gm)].flatMap((m) => (m[1] ?? '').split('/').map((n) => Number(n.trim()))));
    const used = new Set([0, 1, 2, 70, ...Object.values(EXIT_BY_CODE)]);
    expect([...documented].sort((a, b) => a - b)).toEqual([...used].sort((a, b) => a - b));
    // Every code the README names in the table has the exit code of its row.
    for (const row of table.matchAll(/^\| (\d+) \|[^|]*\| (.*) \|$/gm)) {
      for (const code of (row[2] ?? '').matchAll(/`([A-Z_]+)`/g)) {
        const mapped = EXIT_BY_CODE[code[1] as string];
        if (mapped !== undefined) expect(mapped, code[1]).toBe(Number(row[1]));
      }
    }
  });
});
