/**
 * `oms export <format> [file.oms.json] [-o out] [--branch b]`: Turtle, N-Triples, JSON-LD, JSON Schema,
 * GraphQL SDL, OpenAPI 3.1 or TypeScript from an ontology file or a store branch's working state.
 * For jsonschema, `-o <existing directory>` writes one <Type>.schema.json file per object type.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Ontology } from '../../core/model';
import { EXPORT_FORMATS, exportOntology, InteropError, isExportFormat } from '../../main/services/interop';
import { CliError } from '../errors';
import { checkOutput, writeFileAtomic } from '../files';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import type { RegisterCommand } from './index';

const ExportOptions = z.strictObject({ output: z.string().min(1).optional(), branch: z.string().min(1).optional() });

const isDirectory = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

export const registerExport: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('export')
    .description('export an ontology as RDF (turtle, ntriples, jsonld) or generate jsonschema, graphql, openapi, typescript')
    .argument('<format>', EXPORT_FORMATS.join('|'))
    .argument('[file]', 'oms/1 ontology file (default: the working state of --branch in the store)')
    .option('-o, --output <path>', 'write to this file (jsonschema: a directory gets one file per object type)')
    .option('--branch <name>', 'export this store branch (see --store/--workspace); default branch when no file is given')
    .action(async (format: string, file: string | undefined, raw: unknown, command: Command) => {
      const o = parseOptions(ExportOptions, raw);
      if (!isExportFormat(format)) {
        throw new InteropError('EXPORT_UNSUPPORTED_FORMAT', `unsupported export format "${format}" (supported: ${EXPORT_FORMATS.join(', ')})`, { format });
      }
      if (file && o.branch) throw new CliError('ARG_CONFLICT', 'give either a file or --branch, not both');
      // A bad -o is refused before any work (jsonschema may write into a directory instead).
      const perType = format === 'jsonschema' && o.output !== undefined && isDirectory(o.output);
      if (o.output && !perType) checkOutput(o.output);
      const ontology: Ontology = file
        ? readOntology(file)
        : await withWorkspace(command, (ws) => ws.readWorking(o.branch ?? ws.defaultBranch));
      const text = await exportOntology(ontology, format);
      if (perType && o.output) {
        for (const [name, schema] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
          writeFileAtomic(join(o.output, name), `${JSON.stringify(schema, null, 2)}\n`);
        }
      } else if (o.output) writeFileAtomic(o.output, text);
      else process.stdout.write(text);
    });
};
