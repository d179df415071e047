/**
 * IMPORT: the whole schema.org vocabulary (and DBpedia's ontology, the largest packaged one) from
 * @zazuko/rdf-vocabularies, parse + map to an OMS ontology, against the bare n3 parse of the same
 * file in the same run (streamed, as the import parses it: the floor no importer built on n3 can
 * beat; see import-parse.ts); and the generated OBO-style
 * ontology of issue 13 (45k classes, 70k subclass edges, 16k restrictions, 35k definitions), each
 * side in a fresh process (import-obo.child.ts) so peak memory is its own.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importText } from '../../main/services/interop';
import { bareParse } from './import-parse';
import { fmtMs, p50, time, type Benchmark, type BenchRow, type Sample } from './lib';

const DIR = join(import.meta.dirname, '../../node_modules/@zazuko/rdf-vocabularies/ontologies');

const bench: Benchmark = {
  name: 'IMPORT',
  description: 'OWL/RDFS import of whole vocabularies vs the bare n3 parse of the same file',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const name of ['schema', 'dbo']) {
      const text = readFileSync(join(DIR, `${name}.nq`), 'utf8');
      // First runs in this process are what a CLI user waits for; then steady state after warm-up.
      const coldParse = await time(() => bareParse(text, 'application/n-quads'));
      const cold = await time(() => importText(text, 'nquads', { name }));
      const types = Object.keys(cold.result.ontology.objectTypes).length;
      rows.push({
        name: `${name}.nq first import in process`, value: fmtMs(cold.ms), reference: `first n3 parse ${fmtMs(coldParse.ms)}`,
        ratio: cold.ms / coldParse.ms, ratioLabel: '× the bare parse',
      });
      // Interleaved rounds after warm-up, so load from other processes hits both sides alike.
      const parse: Sample = { runs: [] };
      const full: Sample = { runs: [] };
      for (let round = 0; round < 7; round++) {
        const a = await time(() => bareParse(text, 'application/n-quads'));
        const b = await time(() => importText(text, 'nquads', { name }));
        if (round >= 2) {
          parse.runs.push(a.ms);
          full.runs.push(b.ms);
        }
      }
      parse.runs.sort((x, y) => x - y);
      full.runs.sort((x, y) => x - y);
      rows.push({ name: `${name}.nq bare n3 parse (${(text.length / 1e6).toFixed(1)} MB)`, value: fmtMs(p50(parse)) });
      rows.push({
        name: `${name}.nq import (${types} object types)`,
        value: fmtMs(p50(full)),
        reference: `n3 parse ${fmtMs(p50(parse))}`,
        ratio: p50(full) / p50(parse),
        ratioLabel: '× the bare parse',
        ...(name === 'schema' ? { target: '< 5000 ms', pass: p50(full) < 5000 } : {}),
      });
    }
    rows.push(...generatedOboOwl());
    return rows;
  },
};

/** Alternating fresh processes: parse, import, parse, import (the load of other processes hits both alike). */
function generatedOboOwl(): BenchRow[] {
  const child = join(import.meta.dirname, 'import-obo.child.ts');
  const run = (mode: 'parse' | 'import') => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { ms: number; cpuMs: number; classes: number; maxRssMb: number; mb: number };
  const parse: Sample = { runs: [] };
  const full: Sample = { runs: [] };
  const parseCpu: Sample = { runs: [] };
  const fullCpu: Sample = { runs: [] };
  let last = { ms: 0, cpuMs: 0, classes: 0, maxRssMb: 0, mb: 0 };
  for (let round = 0; round < 2; round++) {
    const p = run('parse');
    parse.runs.push(p.ms);
    parseCpu.runs.push(p.cpuMs);
    last = run('import');
    full.runs.push(last.ms);
    fullCpu.runs.push(last.cpuMs);
  }
  for (const s of [parse, full, parseCpu, fullCpu]) s.runs.sort((x, y) => x - y);
  const cpuRatio = (fullCpu.runs[0] as number) / (parseCpu.runs[0] as number);
  const ratio = (full.runs[0] as number) / (parse.runs[0] as number);
  return [
    { name: `generated OBO-style OWL bare n3 parse (${last.mb.toFixed(1)} MB Turtle)`, value: fmtMs(parse.runs[0] as number) },
    {
      name: `generated OBO-style OWL import (${last.classes} classes, best of 2)`, value: fmtMs(full.runs[0] as number),
      reference: `n3 parse ${fmtMs(parse.runs[0] as number)}`, ratio, ratioLabel: '× the bare parse',
      target: '< 10000 ms and ≤ 3× the parse', pass: (full.runs[0] as number) < 10_000 && ratio <= 3,
    },
    {
      name: 'generated OBO-style OWL import, CPU time (best of 2)', value: fmtMs(fullCpu.runs[0] as number),
      reference: `n3 parse CPU ${fmtMs(parseCpu.runs[0] as number)}`, ratio: cpuRatio, ratioLabel: '× the bare parse',
    },
    { name: 'generated OBO-style OWL import peak memory (maxRSS of its process)', value: `${last.maxRssMb.toFixed(0)} MB`, target: '≤ 800 MB', pass: last.maxRssMb <= 800 },
  ];
}

export default bench;
