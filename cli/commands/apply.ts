/** `oms apply <file> [--branch b]`: make a branch's working state equal a file, so file edits can be committed. */
import { z } from 'zod';
import { formatDiff } from '../../core/diff';
import { readOntologyFile } from '../files';
import { emit } from '../output';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const ApplyOptions = z.strictObject({ branch: z.string().min(1).optional(), json: z.boolean().optional() });

export const registerApply: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('apply')
    .description("make a branch's working state equal an ontology file (then `oms commit`)")
    .argument('<file>', 'an oms/1 ontology file')
    .option('--branch <name>', 'branch (default: the default branch)')
    .option('--json', 'print the applied diff as JSON')
    .action((file: string, raw: unknown, command) => {
      const o = parseOptions(ApplyOptions, raw);
      const ontology = readOntologyFile(file);
      return withWorkspace(command, async (ws) => {
        const branch = o.branch ?? ws.defaultBranch;
        const diff = await ws.setWorking(branch, ontology, undefined, { parsed: true });
        emit(o, { branch, diff }, () => `${branch}: ${formatDiff(diff)}`);
      });
    });
};
