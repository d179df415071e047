/**
 * One exit-code table for every typed error (cli/errors.ts): each code a boundary the CLI calls can
 * throw has its own row, so no failure of the environment or the input falls through to "internal
 * error … this is a bug". A code added without a row fails here (store codes fail typecheck first).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_BY_CODE } from '../../cli/errors';
import { STORE_ERROR_CODES } from '../../main/services/store/errors';
import { oms, removeTempDirs, ROOT, tempDir } from './run-oms';

afterAll(removeTempDirs);

/** Folders whose errors can reach the CLI (not the server, the desktop's IPC or the sync client). */
const SOURCES = ['cli', 'core', 'main/services/store', 'main/services/interop', 'main/services/merge'];
const NOT_CLI = ['core/contract'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (NOT_CLI.some((n) => rel.startsWith(n))) return [];
    if (statSync(join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

describe('exit codes', () => {
  it('every error code thrown where the CLI can reach it has an explicit exit code', () => {
    const thrown = new Set<string>(STORE_ERROR_CODES);
    for (const file of SOURCES.flatMap(sourceFiles)) {
      for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/new [A-Z]\w*Error\(\s*'([A-Z][A-Z0-9_]+)'/g)) thrown.add(m[1] as string);
    }
    expect(thrown.size).toBeGreaterThan(40);
    expect([...thrown].filter((code) => EXIT_BY_CODE[code] === undefined).sort()).toEqual([]);
  });

  it('environment failures are typed, never "this is a bug"', async () => {
    const dir = tempDir();
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    for (const args of [['--store', file, 'log'], ['--store', join(file, 'sub'), 'workspace', 'list'], ['--store', dir, 'log', '--json']]) {
      const run = await oms(...args);
      expect(run.stderr, args.join(' ')).toMatch(/^error\[[A-Z_]+\]: /);
      expect(run.stderr).not.toContain('this is a bug');
      expect(run.code).toBeGreaterThanOrEqual(64);
    }
  });

  it('every sub-command help lists the global options', async () => {
    const runs = await Promise.all(['validate', 'import', 'log', 'merge', 'workspace create'].map((c) => oms(...c.split(' '), '--help')));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Global Options:[\s\S]*--store <dir>[\s\S]*--workspace <name>/);
    }
  });
});
