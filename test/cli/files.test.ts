import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, parseOntology } from '../../core/model';
import { HOSPITAL, expectOneLineError, oms, readExample, removeTempDirs, tempDir } from './run-oms';

afterAll(removeTempDirs);

describe.concurrent('oms fmt', () => {
  it('--check fails without writing; fmt rewrites to the canonical bytes; a second run is a no-op', async () => {
    const dir = tempDir();
    const file = join(dir, 'airline.oms.json');
    const messy = JSON.stringify(JSON.parse(readExample()), null, 4);
    writeFileSync(file, messy);

    const check = await oms('fmt', '--check', file);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('not canonical');
    expect(readFileSync(file, 'utf8')).toBe(messy);

    const fmt = await oms('fmt', file);
    expect(fmt.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readExample());
    expect(readdirSync(dir)).toEqual(['airline.oms.json']);

    const again = await oms('fmt', '--check', file, HOSPITAL);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${file}: already canonical`);
    expect(again.stdout).toContain(`${HOSPITAL}: already canonical`);
  });

  it('leaves a bad file untouched', async () => {
    const dir = tempDir();
    const notOntology = join(dir, 'x.oms.json');
    const content = JSON.stringify({ format: 'oms/1', name: 'X', objectTypes: { 'bad id!': {} } }, null, 4);
    writeFileSync(notOntology, content);
    const run = await oms('fmt', notOntology);
    expect(run.code).toBe(65);
    expectOneLineError(run, 'MODEL_INVALID');
    expect(readFileSync(notOntology, 'utf8')).toBe(content);

    // In a batch, one bad file stops the run before anything is written.
    const messy = join(dir, 'messy.oms.json');
    const messyText = JSON.stringify(JSON.parse(readExample()), null, 4);
    writeFileSync(messy, messyText);
    const batch = await oms('fmt', messy, notOntology);
    expect(batch.code).toBe(65);
    expect(readFileSync(messy, 'utf8')).toBe(messyText);

    const notJson = join(dir, 'y.oms.json');
    writeFileSync(notJson, '{"format": "oms/1",');
    const run2 = await oms('fmt', notJson);
    expect(run2.code).toBe(65);
    expect(readFileSync(notJson, 'utf8')).toBe('{"format": "oms/1",');
    expect(readdirSync(dir).sort()).toEqual(['messy.oms.json', 'x.oms.json', 'y.oms.json']);
  });
});

describe.concurrent('oms init', () => {
  it('creates a canonical empty ontology and refuses to overwrite it', async () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.oms.json');
    const run = await oms('init', file, '--name', 'Fleet planning');
    expect(run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const o = parseOntology(JSON.parse(text));
    expect(o.name).toBe('Fleet planning');
    expect(canonicalJson(o, { pretty: true })).toBe(text);
    expect((await oms('validate', file)).code).toBe(0);

    writeFileSync(file, '{"keep": "me"}');
    const again = await oms('init', file);
    expect(again.code).toBe(73);
    expectOneLineError(again, 'FILE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('{"keep": "me"}');
    expect(readdirSync(dir)).toEqual(['fleet.oms.json']);
  });

  it('names the ontology after the file by default and reports a missing folder', async () => {
    const dir = tempDir();
    expect((await oms('init', join(dir, 'cargo.oms.json'))).code).toBe(0);
    expect(parseOntology(JSON.parse(readFileSync(join(dir, 'cargo.oms.json'), 'utf8'))).name).toBe('cargo');
    const missing = await oms('init', join(dir, 'no', 'such', 'x.oms.json'));
    expect(missing.code).toBe(73);
    expectOneLineError(missing, 'FILE_DIR_NOT_FOUND');
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('rejects an empty --name', async () => {
    const run = await oms('init', join(tempDir(), 'a.oms.json'), '--name', '  ');
    expect(run.code).toBe(64);
    expectOneLineError(run, 'ARG_INVALID');
  });
});

describe.concurrent('oms stats', () => {
  it('counts kinds, cardinalities, PII and deprecations and prints the canonical hash', async () => {
    const run = await oms('stats', HOSPITAL, '--json');
    expect(run.code).toBe(0);
    const stats = JSON.parse(run.stdout) as Record<string, unknown> & { counts: Record<string, number>; linksByCardinality: Record<string, number>; pii: Record<string, number>; deprecated: number; hash: string };
    const o = parseOntology(JSON.parse(readExample(HOSPITAL)));
    expect(stats.counts.objectTypes).toBe(Object.keys(o.objectTypes).length);
    expect(Object.values(stats.linksByCardinality).reduce((a, b) => a + b, 0)).toBe(Object.keys(o.linkTypes).length);
    expect(stats.pii.sensitive).toBeGreaterThan(0);
    expect(stats.deprecated).toBeGreaterThan(0);
    expect(stats.hash).toBe(contentHash(canonicalJson(o)));
    const human = await oms('stats', HOSPITAL);
    expect(human.stdout).toContain(stats.hash);
    expect(human.stdout).toMatch(/object types\s+21/);
  });
});

describe.concurrent('oms demo', () => {
  it('tours the bundled examples and ends with what to try next', async () => {
    const run = await oms('demo');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('examples/airline.oms.json: valid');
    expect(run.stdout).toContain('examples/hospital.oms.json: valid');
    expect(run.stdout).toContain('MISSING_PRIMARY_KEY');
    // The history step runs a real store: a concurrent type change settled by widening, then a release.
    expect(run.stdout).toMatch(/BASE_TYPE_CONFLICT at \S+: settled by rule type-widening/);
    expect(run.stdout).toMatch(/merge: commit [0-9a-f]{12} with parents [0-9a-f]{12} \+ [0-9a-f]{12}/);
    expect(run.stdout).toContain('is now double (never narrowed)');
    expect(run.stdout).toMatch(/release: v0\.1\.0/);
    expect(run.stdout).toContain('Try next');
    expect(run.stdout).toContain('npx oms validate examples/airline.oms.json');
  });

  it('fails clearly when the examples folder is empty', async () => {
    const run = await oms('demo', '--examples', tempDir());
    expect(run.code).toBe(66);
    expectOneLineError(run, 'FILE_NOT_FOUND');
  });
});
