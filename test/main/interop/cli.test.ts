/** `oms import` / `oms export` end to end: the real CLI in a child process, real files and store. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology } from '../../../core/model';
import { importFile } from '../../../main/services/interop';
import { FIXTURES, ROOT } from './support';

const dir = mkdtempSync(join(tmpdir(), 'oms-interop-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function oms(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/oms.js'), ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('oms import / export', () => {
  it('imports Turtle to a file with a JSON report, then generates artefacts from it', () => {
    const out = join(dir, 'library.oms.json');
    const r = oms('import', join(FIXTURES, 'library.ttl'), '-o', out, '--json', '--lang', 'de,en');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { format: string; report: { mapped: Record<string, { count: number }>; unmapped: Record<string, { count: number }> } };
    expect(report.format).toBe('turtle');
    expect(report.report.mapped['rdfs:subClassOf → supertypes']?.count).toBe(3);
    const o = parseOntology(JSON.parse(readFileSync(out, 'utf8')));
    expect(Object.values(o.objectTypes).find((t) => t.apiName === 'Item')?.displayName).toBe('Gegenstand');

    mkdirSync(join(dir, 'schemas'));
    expect(oms('export', 'jsonschema', out, '-o', join(dir, 'schemas')).code).toBe(0);
    expect(readdirSync(join(dir, 'schemas')).sort()).toEqual(['Book', 'EBook', 'Item', 'Loan', 'Periodical', 'Person', 'Shelf'].map((n) => `${n}.schema.json`));
  });

  it('bad input and unsupported formats fail with stable codes and sysexits status, writing nothing', () => {
    const bad = oms('import', join(FIXTURES, 'golden/library.graphql'), '--format', 'turtle', '-o', join(dir, 'never.json'));
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/error\[IMPORT_PARSE_ERROR\]: cannot parse turtle at line \d+/);
    expect(readdirSync(dir)).not.toContain('never.json');
    const fmt = oms('import', join(FIXTURES, 'tiny.ttl'), '--format', 'owl-xml');
    expect(fmt.stderr).toContain('error[IMPORT_UNSUPPORTED_FORMAT]');
    expect(fmt.code).toBe(65);
    const ex = oms('export', 'yaml', join(FIXTURES, 'fleet.oms.json'));
    expect(ex.stderr).toContain('error[EXPORT_UNSUPPORTED_FORMAT]');
  });

  it('imports into a store branch and exports from it (Turtle round trip)', async () => {
    const store = join(dir, 'store');
    expect(oms('--store', store, 'workspace', 'create', 'default').code).toBe(0);
    const imp = oms('--store', store, 'import', join(FIXTURES, 'tiny.rdf'), '--branch', 'main');
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    const ttl = join(dir, 'tiny-out.ttl');
    expect(oms('--store', store, 'export', 'turtle', '--branch', 'main', '-o', ttl).code).toBe(0);
    const [back, direct] = await Promise.all([importFile(ttl), importFile(join(FIXTURES, 'tiny.rdf'))]);
    expect(canonicalJson(back.ontology)).toBe(canonicalJson(direct.ontology));
  });
});
