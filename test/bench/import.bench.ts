/**
 * IMPORT: the whole schema.org vocabulary (and DBpedia's ontology, the largest packaged one) from
 * @zazuko/rdf-vocabularies, parse + map to an OMS ontology, against the bare n3 parse of the same
 * file in the same run (the floor no importer built on n3 can beat).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { importText } from '../../main/services/interop';
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
      const coldParse = await time(() => new Parser({ format: 'application/n-quads' }).parse(text));
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
        const a = await time(() => new Parser({ format: 'application/n-quads' }).parse(text));
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
    return rows;
  },
};

export default bench;
