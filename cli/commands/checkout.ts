/** `oms checkout <ref> [-o file]`: time travel, read-only — the ontology as it was at a commit. */
import { z } from 'zod';
import { writeFileAtomic } from '../files';
import { addStoreOptions, shortId, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const CheckoutOptions = z.strictObject({ output: z.string().min(1).optional(), branch: z.string().min(1).optional() });

export const registerCheckout: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('checkout')
    .description('read an old commit (read-only): print its ontology or write it to a file; nothing in the store changes')
    .argument('<ref>', 'branch, tag, commit id (prefix), HEAD, ref~N')
    .option('-o, --output <file>', 'write the ontology to a file')
    .option('--branch <name>', 'branch that HEAD means')
    .action((ref: string, raw: unknown, command) =>
      withWorkspace(command, (ws) => {
        const o = parseOptions(CheckoutOptions, raw);
        const id = ws.resolveRef(ref, o.branch ? { branch: o.branch } : {});
        // From the stored rows, without building the ontology (a 50k-type commit held ~4× its size in
        // objects), and into a file in pieces, never whole.
        if (o.output) {
          writeFileAtomic(o.output, (write) => ws.writeCheckout(id, write, { pretty: true }));
          process.stderr.write(`wrote ${o.output} (commit ${shortId(id)}, read-only; use \`oms apply\` to make it the working state)\n`);
        } else process.stdout.write(ws.checkoutText(id, { pretty: true }));
      }, { readOnly: true }));
};
