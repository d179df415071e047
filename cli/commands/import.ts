/**
 * `oms import <file> [--format] [--lang en,de] [--report] [-o out.oms.json] [--branch b] [--allow-empty] [--force] [--json]`:
 * OWL/RDFS (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) or oms/1 → an ontology, written to
 * a file, into a store branch's working state, or to stdout; the import report says what mapped.
 *
 * An import never destroys work: everything is parsed, mapped and checked before anything is
 * written; an import that yields nothing is refused (an empty or truncated file would otherwise
 * replace an ontology with nothing); a branch with uncommitted changes is not overwritten.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { formatReport } from '../../core/formats/import-report';
import { COLLECTIONS, type Ontology } from '../../core/model';
import { IMPORT_FORMATS, importFile, InteropError, isImportFormat, ontologyFileText, type ImportOutcome } from '../../main/services/interop';
import { StoreError } from '../../main/services/store/errors';
import { CliError } from '../errors';
import { checkOutput, writeFileAtomic } from '../files';
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
  allowEmpty: z.boolean().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});
type ImportOpts = z.infer<typeof ImportOptions>;

const elementCount = (o: Ontology): number => COLLECTIONS.reduce((n, c) => n + Object.keys(o[c]).length, 0);

function summary(file: string, o: ImportOutcome): string {
  const n = (m: object) => Object.keys(m).length;
  const unmapped = Object.values(o.report.unmapped).reduce((s, e) => s + e.count, 0);
  const x = o.ontology;
  return `${file} (${o.format}): ${n(x.objectTypes)} object types, ${n(x.linkTypes)} link types, ${n(x.interfaces)} interfaces, `
    + `${n(x.valueTypes)} value types${unmapped ? color.yellow(`; ${unmapped} statements not mapped (--report lists them)`) : ''}`;
}

/** Where the import went, for the human summary: files and the store's workspace/branch. */
function destinations(o: ImportOpts, workspace: string | undefined): string {
  const to = [o.output, o.branch && `branch ${o.branch} of workspace ${workspace ?? '?'} (working state; commit with oms commit)`].filter(Boolean);
  return to.length ? `\nwritten to ${to.join(' and ')}` : '';
}

/** The human or JSON account of the import (E2's --report figures extend `report`). */
function printOutcome(out: NodeJS.WriteStream, file: string, o: ImportOpts, result: ImportOutcome, workspace: string | undefined): void {
  if (o.json) {
    out.write(`${JSON.stringify({ file, format: result.format, output: o.output ?? null, branch: o.branch ?? null, workspace: workspace ?? null, report: result.report }, null, 2)}\n`);
  } else out.write(`${o.report ? formatReport(result.report) : summary(file, result)}${destinations(o, workspace)}\n`);
}

async function importIntoBranch(command: Command, branch: string, ontology: Ontology, force: boolean): Promise<string> {
  return withWorkspace(command, async (ws) => {
    try {
      await ws.setWorking(branch, ontology, undefined, { refuseDirty: !force });
    } catch (err) {
      if (err instanceof StoreError && err.code === 'BRANCH_DIRTY') {
        throw new CliError('IMPORT_TARGET_DIRTY', `branch ${branch} of workspace ${ws.name} has uncommitted changes the import would replace; commit or discard them first (or pass --force to replace them)`, { branch, workspace: ws.name });
      }
      throw err;
    }
    return ws.name;
  }, { announce: false });
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
    .option('--report', 'print the full import report (what mapped, what did not, with examples, and the share of the source a Turtle re-export keeps)')
    .option('-o, --output <file>', 'write the ontology (canonical oms/1 JSON) to this file')
    .option('--branch <name>', "replace this store branch's working state with the import (see --store/--workspace)")
    .option('--allow-empty', 'accept an import that yields no elements (refused by default: an empty or truncated file)')
    .option('--force', 'with --branch: replace uncommitted changes on the branch')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, raw: unknown, command: Command) => {
      const o = parseOptions(ImportOptions, raw);
      if (o.format !== undefined && !isImportFormat(o.format)) {
        throw new InteropError('IMPORT_UNSUPPORTED_FORMAT', `unsupported import format "${o.format}" (supported: ${IMPORT_FORMATS.join(', ')})`, { format: o.format });
      }
      if (o.output) checkOutput(o.output);
      const result = await importFile(file, {
        ...(o.format && isImportFormat(o.format) ? { format: o.format } : {}),
        ...(o.lang ? { lang: o.lang.split(',') } : {}),
        ...(o.name ? { name: o.name } : {}),
        ...(o.base ? { baseIri: o.base } : {}),
        ...(o.report ? { measureRoundTrip: true } : {}), // E2: --report also says how much of the source a re-export keeps
      });
      if (elementCount(result.ontology) === 0 && !o.allowEmpty) {
        throw new InteropError('IMPORT_EMPTY', `${file} (${result.format}) yields no types, links, interfaces or other elements (${result.report.triples} statements read); an empty or truncated file is not imported. Pass --allow-empty if that is what you want`, { file, format: result.format, triples: result.report.triples });
      }
      // Everything is parsed, mapped and checked before anything is written. The branch goes first
      // (it can refuse: dirty, busy); the file only once the whole import has succeeded.
      const text = ontologyFileText(result.ontology);
      const workspace = o.branch ? await importIntoBranch(command, o.branch, result.ontology, o.force ?? false) : undefined;
      if (o.output) writeFileAtomic(o.output, text);
      const toStdout = !o.output && !o.branch;
      if (toStdout) process.stdout.write(text);
      printOutcome(toStdout ? process.stderr : process.stdout, file, o, result, workspace);
    });
};
