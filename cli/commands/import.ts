/**
 * `oms import <file> [--format] [--lang en,de] [--report] [-o out.oms.json] [--branch b] [--json]`:
 * OWL/RDFS (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) or oms/1 → an ontology, written to
 * a file, into a store branch's working state, or to stdout; the import report says what mapped.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { formatReport } from '../../core/formats/import-report';
import { IMPORT_FORMATS, importFile, InteropError, isImportFormat, ontologyFileText } from '../../main/services/interop';
import { writeFileAtomic } from '../files';
import { color } from '../output';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const ImportOptions = z.strictObject({
  format: z.string().min(1).optional(),
  lang: z.string().regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*(,[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)*$/, 'a comma-separated list of language tags, e.g. en,de').optional(),
  name: z.string().min(1).max(200).optional(),
  base: z.string().min(1).optional(),
  report: z.boolean().optional(),
  output: z.string().min(1).optional(),
  branch: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

function summary(file: string, o: Awaited<ReturnType<typeof importFile>>): string {
  const n = (m: object) => Object.keys(m).length;
  const unmapped = Object.values(o.report.unmapped).reduce((s, e) => s + e.count, 0);
  const x = o.ontology;
  return `${file} (${o.format}): ${n(x.objectTypes)} object types, ${n(x.linkTypes)} link types, ${n(x.interfaces)} interfaces, `
    + `${n(x.valueTypes)} value types${unmapped ? color.yellow(`; ${unmapped} statements not mapped (--report lists them)`) : ''}`;
}

export const registerImport: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('import')
    .description('import an OWL/RDFS ontology (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) or an oms/1 file')
    .argument('<file>', 'file to import')
    .option('--format <format>', `${IMPORT_FORMATS.join('|')} (default: from the extension)`)
    .option('--lang <tags>', 'label language preference, best first (default: en)')
    .option('--name <name>', 'ontology name when the source has none (default: the file name)')
    .option('--base <iri>', 'base IRI for relative IRIs')
    .option('--report', 'print the full import report (what mapped, what did not, with examples)')
    .option('-o, --output <file>', 'write the ontology (canonical oms/1 JSON) to this file')
    .option('--branch <name>', "replace this store branch's working state with the import (see --store/--workspace)")
    .option('--json', 'print the report as JSON')
    .action(async (file: string, raw: unknown, command: Command) => {
      const o = parseOptions(ImportOptions, raw);
      if (o.format !== undefined && !isImportFormat(o.format)) {
        throw new InteropError('IMPORT_UNSUPPORTED_FORMAT', `unsupported import format "${o.format}" (supported: ${IMPORT_FORMATS.join(', ')})`, { format: o.format });
      }
      const result = await importFile(file, {
        ...(o.format && isImportFormat(o.format) ? { format: o.format } : {}),
        ...(o.lang ? { lang: o.lang.split(',') } : {}),
        ...(o.name ? { name: o.name } : {}),
        ...(o.base ? { baseIri: o.base } : {}),
      });
      // Everything is parsed and mapped before anything is written: a failed import changes nothing.
      const text = ontologyFileText(result.ontology);
      const toStdout = !o.output && !o.branch;
      if (o.output) writeFileAtomic(o.output, text);
      if (o.branch) {
        const branch = o.branch;
        await withWorkspace(command, (ws) => ws.setWorking(branch, result.ontology));
      }
      const out = toStdout ? process.stderr : process.stdout;
      if (toStdout) process.stdout.write(text);
      if (o.json) out.write(`${JSON.stringify({ file, format: result.format, output: o.output ?? null, branch: o.branch ?? null, report: result.report }, null, 2)}\n`);
      else out.write(`${o.report ? formatReport(result.report) : summary(file, result)}\n`);
    });
};
