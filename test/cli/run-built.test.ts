/**
 * bin/run-built.js runs the bundle only while every source this command line loads is older than
 * the build: the bundle's start-up sources, and the lazy parts its selector names (parts it cannot
 * name are always checked). Built in a temp tree with a fake bundle and no build script, so a stale
 * build shows as the source (through tsx) running instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const tree = mkdtempSync(join(tmpdir(), 'oms-run-built-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

const BUILT_AT = Date.now() - 60_000;
const SOURCES = ['src/start.ts', 'src/a.ts', 'src/a-dep.ts', 'src/b.ts', 'src/other.ts'];
const file = (p: string, text: string): void => {
  mkdirSync(join(tree, p, '..'), { recursive: true });
  writeFileSync(join(tree, p), text);
};

file('package.json', '{"type":"module"}');
symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
mkdirSync(join(tree, 'bin'));
copyFileSync(join(ROOT, 'bin/run-built.js'), join(tree, 'bin/run-built.js'));
file('bin/go.js', "import { runBuilt } from './run-built.js';\nawait runBuilt('app.mjs', 'src/app.ts');\n");
file('src/app.ts', "console.log('source');\n");
for (const s of SOURCES) file(s, '');
file('out/bin/app.mjs', "console.log('built');\n");
file('out/bin/sel.mjs', [
  "export const allParts = () => ['src/a.ts', 'src/b.ts'];",
  "export const partsToLoad = (args) => (args[0] === 'a' ? ['src/a.ts'] : args[0] === 'b' ? ['src/b.ts'] : allParts());",
].join('\n'));
const manifest = { builtAt: BUILT_AT, inputs: ['src/start.ts'], parts: { 'src/a.ts': ['src/a.ts', 'src/a-dep.ts'], 'src/b.ts': ['src/b.ts'], 'src/other.ts': ['src/other.ts'] }, selector: 'sel.mjs' };
const writeManifest = (m: object): void => file('out/bin/app.inputs.json', JSON.stringify(m));

const run = (...args: string[]): string => execFileSync(process.execPath, [join(tree, 'bin/go.js'), ...args], { encoding: 'utf8' }).trim();
/** stdout and stderr of a run with extra environment (stderr must stay empty: a cache problem is silent). */
const runWith = (env: NodeJS.ProcessEnv): { stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [join(tree, 'bin/go.js')], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout.trim(), stderr: r.stderr };
};
const CACHE = join(tree, 'out/compile-cache');
/** Every file under dir (the compile cache keeps one per compiled module, in a folder per Node version). */
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
/** Saved after the build started. */
const touch = (p: string): void => utimesSync(join(tree, p), new Date(), new Date());

beforeEach(() => {
  writeManifest(manifest);
  const before = new Date(BUILT_AT - 1000);
  for (const s of SOURCES) file(s, '');
  for (const s of SOURCES) utimesSync(join(tree, s), before, before);
});

describe('bin/run-built.js staleness', () => {
  it('runs the bundle when nothing changed', () => {
    expect([run('a'), run('b'), run()]).toEqual(['built', 'built', 'built']);
  });

  it('checks the parts the command line loads, and only those', () => {
    touch('src/a-dep.ts');
    expect(run('a')).toBe('source');
    expect(run('b')).toBe('built');
    // No part named: everything may load (help), so everything is checked.
    expect(run()).toBe('source');
  });

  it('always checks the start-up sources and the parts the selector cannot name', () => {
    touch('src/other.ts');
    expect(run('b')).toBe('source');
    utimesSync(join(tree, 'src/other.ts'), new Date(BUILT_AT - 1000), new Date(BUILT_AT - 1000));
    touch('src/start.ts');
    expect(run('b')).toBe('source');
  });

  it('treats a missing source, a missing manifest or a broken selector as stale', () => {
    rmSync(join(tree, 'src/b.ts'));
    expect(run('b')).toBe('source');
    file('src/b.ts', '');
    utimesSync(join(tree, 'src/b.ts'), new Date(BUILT_AT - 1000), new Date(BUILT_AT - 1000));
    rmSync(join(tree, 'out/bin/app.inputs.json'));
    expect(run('b')).toBe('source');
    writeManifest({ ...manifest, selector: 'missing.mjs' });
    expect(run('b')).toBe('source');
  });
});

describe('bin/run-built.js compile cache', () => {
  beforeEach(() => rmSync(CACHE, { recursive: true, force: true }));

  it('keeps the compiled bundle in out/compile-cache; a corrupt entry only means compiling afresh', () => {
    expect(run()).toBe('built');
    const cached = filesUnder(CACHE);
    expect(cached.length).toBeGreaterThan(0);
    // Garbage in every entry: V8 checks them and compiles afresh.
    for (const f of cached) writeFileSync(f, 'not a code cache');
    expect(runWith({}).stdout).toBe('built');
  });

  it('never breaks a run when neither out/compile-cache nor the temp dir can be created', () => {
    // A file where each folder would go: unwritable even for root (tests may run as root, where modes do not stop writes).
    writeFileSync(CACHE, '');
    const notADir = join(tree, 'not-a-dir');
    writeFileSync(notADir, '');
    const { stdout, stderr } = runWith({ TMPDIR: join(notADir, 'tmp') });
    expect(stdout).toBe('built');
    expect(stderr).toBe('');
    rmSync(CACHE);
  });
});
