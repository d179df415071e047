/**
 * Start-up: bin/oms.js runs the bundle built by scripts/build-bin.mjs (not TypeScript through tsx),
 * and a command loads only its own imports: `--version` neither the store nor zod, `validate` neither
 * SQLite, Yjs nor the RDF parsers. (Timings are in test/bench/startup.bench.ts; this checks the cause.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requestedCommand } from '../../cli/commands';
import { allParts, partsToLoad } from '../../cli/commands/requested';
import { AIRLINE, HOSPITAL, omsIn, removeTempDirs, ROOT, tempDir } from './run-oms';

afterAll(removeTempDirs);

/** The module URLs a real run of bin/oms.js (or another bin script) with these arguments resolves. */
function modulesLoadedByBin(bin: string, ...args: string[]): string[] {
  const record = join(tempDir(), 'modules.txt');
  execFileSync(process.execPath, [join(ROOT, bin), ...args], { env: { ...process.env, OMS_RECORD_MODULES: record, NODE_OPTIONS: `--import ${pathToFileURL(join(ROOT, 'test/cli/support/record-modules.mjs')).href}` }, stdio: 'ignore' });
  return readFileSync(record, 'utf8').split('\n');
}

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

  it('the oms bundle lists each command as a lazy part, so a run checks only its own sources for staleness', async () => {
    await modulesLoadedBy('--version');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'out/bin/oms.inputs.json'), 'utf8')) as { inputs: string[]; parts: Record<string, string[]>; selector: string };
    // Plus main's zod settings, loaded before any command: a part the selector does not name, so always checked (one stat).
    expect(Object.keys(manifest.parts).sort()).toEqual([...allParts(), 'cli/zod-config.ts'].sort());
    expect(manifest.inputs).toContain('cli/commands/requested.ts');
    expect(partsToLoad(['--store', 's', 'validate', 'x.json'])).toEqual(['cli/commands/validate.ts']);
    expect(partsToLoad(['--version'])).toEqual([]);
    expect(partsToLoad(['--store', 'log', 'x.json'])).toEqual(allParts());
    // The start-up sources and validate's part together are a fraction of the CLI's.
    const all = new Set(Object.values(manifest.parts).flat());
    expect(manifest.inputs.length + (manifest.parts['cli/commands/validate.ts'] ?? []).length).toBeLessThan(all.size / 2);
  });

  it('oms-sync --version and --help load no server', () => {
    for (const flag of ['--version', '--help']) {
      const urls = modulesLoadedByBin('bin/oms-sync.js', flag);
      expect(loads(urls, '/out/bin/oms-sync.mjs'), flag).toBe(true);
      for (const heavy of ['/node_modules/tsx/', 'better-sqlite3', '/node_modules/ws/', '/node_modules/pino/', '/node_modules/prom-client/', '/node_modules/yjs/']) expect(loads(urls, heavy), `${flag}: ${heavy}`).toBe(false);
    }
    // Nor the sign-in libraries: the account commands' table is listed without the identity service
    // (sync-server/identity/user-view.ts), which --help loaded for toUser and cost ~200 ms.
    for (const flag of ['--version', '--help']) {
      const urls = modulesLoadedByBin('bin/oms-sync.js', flag);
      for (const heavy of ['/node_modules/jose/', '/node_modules/@zxcvbn-ts/', '/node_modules/@node-rs/argon2', '/node_modules/otpauth/']) expect(loads(urls, heavy), `${flag}: ${heavy}`).toBe(false);
    }
  });

  it('oms validate loads validation, not the store or the RDF parsers', async () => {
    const urls = await modulesLoadedBy('validate', AIRLINE);
    expect(loads(urls, 'chunk-validate')).toBe(true);
    for (const heavy of ['/node_modules/tsx/', 'better-sqlite3', '/node_modules/yjs/', '/node_modules/jsonld/', '/node_modules/n3/', 'chunk-import']) expect(loads(urls, heavy), heavy).toBe(false);
  });

  it('oms validate parses and runs under 500 KB of bundled JavaScript', async () => {
    // Start-up cost grows with what is loaded. 629 KB when zod was kept whole (every export of its
    // namespace) and shared code was split into chunks per bundle set; 435 KB after (build-bin.mjs).
    const bundled = new Set((await modulesLoadedBy('validate', AIRLINE)).filter((u) => u.startsWith('file:') && u.includes('/out/bin/')));
    const bytes = [...bundled].reduce((sum, u) => sum + statSync(fileURLToPath(u)).size, 0);
    expect(bytes).toBeLessThan(500_000);
  });

  it('oms validate loads no built-in it does not call (scripts/build-bin.mjs lazyBuiltins)', async () => {
    const urls = new Set(await modulesLoadedBy('validate', AIRLINE));
    // child_process: commander's executable sub-commands; crypto: lib0/random's ids; worker_threads
    // and util/diff: what reading node:util's export descriptors loads.
    for (const unused of ['builtin:child_process', 'builtin:crypto', 'builtin:worker_threads', 'builtin:internal/util/diff']) expect(urls.has(unused), unused).toBe(false);
    // The record sees built-ins at all (the check above is not vacuous).
    expect(urls.has('builtin:fs')).toBe(true);
  });

  it('oms validate has zod interpret its schemas rather than compile a parser for each (cli/zod-config.ts)', async () => {
    const count = join(tempDir(), 'count.txt');
    // The hospital example has struct and action types, which go through zod.
    const run = await omsIn({ env: { OMS_COUNT_FUNCTIONS: count, NODE_OPTIONS: `--import ${pathToFileURL(join(ROOT, 'test/cli/support/count-compiled-functions.mjs')).href}` } }, 'validate', HOSPITAL);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(count, 'utf8')).toBe('0');
  });

  it('a command compiles its modules whole into the compile cache: the next run compiles none of their functions', () => {
    const dir = tempDir();
    const log = join(dir, 'v8.log');
    // V8 logs each function it compiles lazily (at its first call) as a parse-function event.
    const validate = (): void => {
      execFileSync(process.execPath, ['--log-function-events', `--logfile=${log}`, '--no-logfile-per-isolate', join(ROOT, 'bin/oms.js'), 'validate', AIRLINE], {
        env: { ...process.env, NODE_COMPILE_CACHE: join(dir, 'cache') },
        stdio: 'ignore',
      });
    };
    validate();
    validate();
    const scripts = new Map<string, string>();
    const lazilyCompiled = new Map<string, number>();
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      // script-details,<script id>,<url>,… and function,<event>,<script id>,…
      const [kind, a, b] = line.split(',');
      if (kind === 'script-details' && a && b) scripts.set(a, b);
      if (kind === 'function' && a === 'parse-function' && b) lazilyCompiled.set(b, (lazilyCompiled.get(b) ?? 0) + 1);
    }
    // The bundle's modules that a command loads (commander, loaded before, still compiles lazily),
    // known by esbuild's `// <source path>` comments (relative, or through a symlinked node_modules).
    const commandParts = [...scripts].filter(([, url]) => url.includes('/out/bin/') && /^\/\/ (.*\/)?(node_modules\/zod|core\/validate|core\/model)\//m.test(readFileSync(fileURLToPath(url), 'utf8')));
    expect(commandParts.length).toBeGreaterThanOrEqual(3);
    expect(commandParts.map(([id, url]) => [url, lazilyCompiled.get(id) ?? 0]).filter(([, n]) => n !== 0)).toEqual([]);
  });

  it('a lazily loaded built-in loads when a command calls it', async () => {
    // workspace create names its temp file with crypto's randomBytes and makes an id (lib0/random).
    const store = tempDir();
    const urls = new Set(await modulesLoadedBy('--store', store, 'workspace', 'create', 'w1'));
    expect(urls.has('builtin:crypto')).toBe(true);
    const list = await omsIn({}, '--store', store, 'workspace', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('w1');
  });
});
