/** `oms cat [ref] [--branch b] [-o file]`: canonical JSON of the working state, or of a commit. */
import { z } from 'zod';
import { canonicalJson } from '../../core/model';
import { writeFileAtomic } from '../files';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const CatOptions = z.strictObject({ branch: z.string().min(1).optional(), output: z.string().min(1).optional() });

export const registerCat: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('cat')
    .description('print the canonical JSON of the working state (no ref) or of a commit')
    .argument('[ref]', 'branch, tag, commit id (prefix), HEAD, ref~N')
    .option('--branch <name>', 'branch whose working state (or HEAD) is meant (default: the default branch)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((ref: string | undefined, raw: unknown, command) =>
      withWorkspace(command, async (ws) => {
        const o = parseOptions(CatOptions, raw);
        const branch = o.branch ?? ws.defaultBranch;
        const ontology = ref === undefined ? await ws.readWorking(branch) : ws.checkout(ref, { branch });
        const text = canonicalJson(ontology, { pretty: true });
        if (o.output) writeFileAtomic(o.output, text);
        else process.stdout.write(text);
      }, { readOnly: true }));
};
