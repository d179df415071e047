/** Start store-child.ts as a real second process and wait for the lines it prints. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const STORE_CHILD = join(import.meta.dirname, 'store-child.ts');

export interface StoreChild {
  p: ChildProcessWithoutNullStreams;
  /** The first line printed so far or later that matches `re`; rejects if the child exits first. */
  line(re: RegExp): Promise<string>;
}

/** `onCleanup` receives a kill for the test's teardown, so no child outlives its test. */
export function spawnStoreChild(args: string[], onCleanup: (kill: () => void) => void): StoreChild {
  const p = spawn(process.execPath, ['--import', 'tsx', STORE_CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  onCleanup(() => p.kill('SIGKILL'));
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  p.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const line = (re: RegExp): Promise<string> => new Promise((resolve, reject) => {
    const check = (): void => {
      const hit = out.split('\n').find((l) => re.test(l));
      if (hit !== undefined) resolve(hit);
      else if (p.exitCode !== null) reject(new Error(`child exited ${p.exitCode}: ${err}`));
      else waiters.push(check);
    };
    p.on('exit', check);
    check();
  });
  return { p, line };
}

/**
 * Run `script` as a real child and SIGKILL it `delayMs` after the `acks`-th stdout line matching
 * `ack`; resolves with the first capture group of every matching line seen, rejects if the child
 * ends any other way. `onCleanup` gets a kill for the test's teardown.
 */
export function runAndKill(script: string, args: string[], ack: RegExp, acks: number, delayMs: number, onCleanup?: (kill: () => void) => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    onCleanup?.(() => p.kill('SIGKILL'));
    const seen: string[] = [];
    let buffer = '';
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const m = ack.exec(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (m && seen.push(m[1] ?? m[0]) === acks) setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child exited with ${code ?? signal}: ${stderr}`))));
  });
}
