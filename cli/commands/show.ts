/** `oms show <ref> [--json]`: a commit and the semantic diff it introduced. */
import { z } from 'zod';
import { formatDiff } from '../../core/diff';
import { emit } from '../output';
import { addStoreOptions, withWorkspace } from '../store-path';
import { formatCommit } from './log';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const ShowOptions = z.strictObject({ branch: z.string().min(1).optional(), json: z.boolean().optional() });

export const registerShow: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('show')
    .description('show a commit and what it changed relative to its first parent')
    .argument('[ref]', 'branch, tag, commit id (prefix), HEAD, ref~N', 'HEAD')
    .option('--branch <name>', 'branch that HEAD means')
    .option('--json', 'print as JSON')
    .action((ref: string, raw: unknown, command) =>
      withWorkspace(command, (ws) => {
        const o = parseOptions(ShowOptions, raw);
        const shown = ws.show(ref, o.branch ? { branch: o.branch } : {});
        emit(o, shown, () => `${formatCommit(shown.commit)}\n${formatDiff(shown.diff)}`);
      }, { readOnly: true }));
};
