/** Runs the real `oms` CLI (bin/oms.js) in a child process, as a user would. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const AIRLINE = join(ROOT, 'examples/airline.oms.json');
export const HOSPITAL = join(ROOT, 'examples/hospital.oms.json');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function oms(...args: string[]): Promise<Run> {
  return omsWithEnv({}, ...args);
}

export function omsWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return omsIn({ env }, ...args);
}

export function omsIn(where: { cwd?: string; env?: NodeJS.ProcessEnv }, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/oms.js'), ...args], { cwd: where.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', OMS_DEBUG: '', ...where.env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oms-cli-'));
  made.push(dir);
  return dir;
}

/** For afterAll: remove every folder tempDir() made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const readExample = (file = AIRLINE): string => readFileSync(file, 'utf8');

/** A user error is one line `error[CODE]: ...` and never a stack trace. */
export function expectOneLineError(run: Run, code: string): void {
  const lines = run.stderr.trim().split('\n');
  if (lines.length !== 1 || !lines[0]?.startsWith(`error[${code}]: `) || /\n\s+at /.test(run.stderr)) {
    throw new Error(`expected one line error[${code}], got:\n${run.stderr}`);
  }
}
