/**
 * `npm run bench [filter]`: runs every test/bench/*.bench.ts, prints one table and writes
 * reports/bench.json. Benchmarks are not tests: nothing here fails CI on timing.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchRow } from './lib';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2]?.toLowerCase();
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();

const all: Array<{ bench: string; rows: BenchRow[] }> = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark };
  const bench = mod.default;
  if (filter && !bench.name.toLowerCase().includes(filter) && !file.includes(filter)) continue;
  process.stdout.write(`\n## ${bench.name}: ${bench.description}\n`);
  const rows = await bench.run();
  for (const r of rows) {
    const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)}${r.ratioLabel ? ` ${r.ratioLabel}` : ''}`;
    const ref = r.reference ? `  (ref: ${r.reference})` : '';
    const target = r.target ? `  target ${r.target}${r.pass === undefined ? '' : r.pass ? ' ✓' : ' ✗'}` : '';
    process.stdout.write(`  ${r.name.padEnd(36)} ${r.value.padStart(18)}${ref}${ratio}${target}\n`);
  }
  all.push({ bench: bench.name, rows });
}
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', JSON.stringify({ node: process.version, at: new Date().toISOString(), results: all }, null, 2));
process.stdout.write('\nwritten: reports/bench.json\n');
