import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOntology } from '../../core/model';
import { ALL_CODES, DIAGNOSTIC_CODES } from '../../core/validate';
import { AIRLINE, expectOneLineError, oms, readExample, removeTempDirs, tempDir } from './run-oms';

afterAll(removeTempDirs);

function brokenCopy(mutate: (o: ReturnType<typeof parseOntology>) => void): string {
  const o = parseOntology(JSON.parse(readExample()));
  mutate(o);
  const file = join(tempDir(), 'broken.oms.json');
  writeFileSync(file, JSON.stringify(o));
  return file;
}

describe.concurrent('oms validate', () => {
  it('passes a clean example with exit 0, for humans and as JSON', async () => {
    const human = await oms('validate', AIRLINE);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('valid, no findings');
    const json = await oms('validate', AIRLINE, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, counts: { BLOCK: 0, ERROR: 0 }, diagnostics: [] });
  });

  it('exits 1 on ERROR and names the element', async () => {
    const file = brokenCopy((o) => {
      const aircraft = o.objectTypes['ot-aircraft'];
      const p = aircraft?.properties['p-aircraft-delivery-date'];
      if (p) p.apiName = 'Delivery_Date';
    });
    const run = await oms('validate', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ERROR \(1\)\n\s+INVALID_API_NAME Aircraft\.Delivery_Date objectTypes\/ot-aircraft\/properties\/p-aircraft-delivery-date\/apiName/);
  });

  it('exits 2 on BLOCK, lists BLOCK before ERROR, and --json carries every diagnostic', async () => {
    const file = brokenCopy((o) => {
      const flight = o.objectTypes['ot-flight'];
      if (flight) delete flight.primaryKey;
      const vt = o.valueTypes['vt-delay-minutes'];
      if (vt) vt.constraints.min = 99_999;
    });
    const run = await oms('validate', file);
    expect(run.code).toBe(2);
    expect(run.stdout.indexOf('BLOCK (1)')).toBeLessThan(run.stdout.indexOf('ERROR ('));
    expect(run.stdout).toContain('MISSING_PRIMARY_KEY Flight');
    const json = await oms('validate', file, '--json');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { ok: boolean; diagnostics: Array<{ code: string; element?: string }> };
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['MISSING_PRIMARY_KEY', 'CONSTRAINT_MIN_GT_MAX']));
    expect(report.diagnostics.find((d) => d.code === 'MISSING_PRIMARY_KEY')?.element).toBe('Flight');
  });

  it('reports unreadable and invalid input with a stable code and exit code, never a stack trace', async () => {
    const dir = tempDir();
    const missing = await oms('validate', join(dir, 'nope.oms.json'));
    expect(missing.code).toBe(66);
    expectOneLineError(missing, 'FILE_NOT_FOUND');

    writeFileSync(join(dir, 'bad.json'), '{ "format": ');
    const notJson = await oms('validate', join(dir, 'bad.json'));
    expect(notJson.code).toBe(65);
    expectOneLineError(notJson, 'FILE_NOT_JSON');

    writeFileSync(join(dir, 'other.json'), JSON.stringify({ hello: 'world' }));
    const notOntology = await oms('validate', join(dir, 'other.json'));
    expect(notOntology.code).toBe(65);
    expectOneLineError(notOntology, 'MODEL_INVALID');
    expect(notOntology.stderr).toContain(`${join(dir, 'other.json')}: not a valid oms/1 ontology`);

    const isDir = await oms('validate', dir);
    expect(isDir.code).toBe(66);
    expectOneLineError(isDir, 'FILE_IS_DIRECTORY');
  });

  it('rejects an unknown flag with the usage exit code', async () => {
    const run = await oms('validate', AIRLINE, '--strictest');
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("unknown option '--strictest'");
  });

  it('oms codes lists the whole catalogue', async () => {
    const run = await oms('codes', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ code: string; severity: string }>;
    expect(rows.map((r) => r.code).sort()).toEqual([...ALL_CODES].sort());
    expect(rows[0]?.severity).toBe('BLOCK');
    for (const r of rows) expect(r.severity).toBe(DIAGNOSTIC_CODES[r.code as keyof typeof DIAGNOSTIC_CODES].severity);
  });
});
