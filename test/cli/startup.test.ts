/**
 * Start-up: bin/oms.js runs the bundle built by scripts/build-bin.mjs (not TypeScript through tsx),
 * and a command loads only its own imports: `--version` neither the store nor zod, `validate` neither
 * SQLite, Yjs nor the RDF parsers. (Timings are in test/bench/startup.bench.ts; this checks the cause.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requestedCommand } from '../../cli/commands';
import { AIRLINE, omsIn, removeTempDirs, ROOT, tempDir } from './run-oms';

afterAll(removeTempDirs);

async function modulesLoadedBy(...args: string[]): Promise<string[]> {
  const record = join(tempDir(), 'modules.txt');
  const run = await omsIn({ env: { OMS_RECORD_MODULES: record, NODE_OPTIONS: `--import ${pathToFileURL(join(ROOT, 'test/cli/support/record-modules.mjs')).href}` } }, ...args);
  expect(run.code, run.stderr).toBe(0);
  return readFileSync(record, 'utf8').split('\n');
}

const loads = (urls: string[], part: string): boolean => urls.some((u) => u.includes(part));

describe('start-up', () => {
  it('finds the sub-command past the global options', () => {
    expect(requestedCommand(['--store', 's', '--workspace', 'w', 'log', '-n', '3'])?.name).toBe('log');
    expect(requestedCommand(['validate', 'x.json'])?.name).toBe('validate');
    expect(requestedCommand(['--version'])).toBeUndefined();
    expect(requestedCommand(['nope'])).toBeUndefined();
  });

  it('oms --version runs the bundle and loads no command', async () => {
    const urls = await modulesLoadedBy('--version');
    expect(loads(urls, '/out/bin/oms.mjs')).toBe(true);
    for (const heavy of ['/node_modules/tsx/', 'better-sqlite3', '/node_modules/yjs/', '/node_modules/zod/', 'chunk-validate']) expect(loads(urls, heavy), heavy).toBe(false);
  });

  it('oms validate loads validation, not the store or the RDF parsers', async () => {
    const urls = await modulesLoadedBy('validate', AIRLINE);
    expect(loads(urls, 'chunk-validate')).toBe(true);
    for (const heavy of ['/node_modules/tsx/', 'better-sqlite3', '/node_modules/yjs/', '/node_modules/jsonld/', '/node_modules/n3/', 'chunk-import']) expect(loads(urls, heavy), heavy).toBe(false);
  });
});
