/** `oms log [ref] [--limit n] [--skip n] [--first-parent] [--json]`: history, newest first. */
import { z } from 'zod';
import type { Commit } from '../../main/services/store';
import { color, emit } from '../output';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const count = z.coerce.number().int().min(0).max(1_000_000);
const LogOptions = z.strictObject({
  limit: count.optional(),
  skip: count.optional(),
  firstParent: z.boolean().optional(),
  branch: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export function formatCommit(c: Commit): string {
  const merge = c.parents.length > 1 ? `\nMerge:  ${c.parents.map((p) => p.slice(0, 12)).join(' ')}` : '';
  return `${color.yellow(`commit ${c.id}`)}${merge}\nAuthor: ${c.author}\nDate:   ${new Date(c.time).toISOString()}\n\n    ${c.message.split('\n').join('\n    ')}\n`;
}

export const registerLog: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('log')
    .description('show history reachable from a ref (default HEAD of the branch), newest first')
    .argument('[ref]', 'branch, tag, commit id (prefix), HEAD, ref~N')
    .option('-n, --limit <n>', 'at most n commits')
    .option('--skip <n>', 'skip the first n commits (paging)')
    .option('--first-parent', 'follow only the first parent of merges')
    .option('--branch <name>', 'branch that HEAD means (default: the default branch)')
    .option('--json', 'print as JSON')
    .action((ref: string | undefined, raw: unknown, command) =>
      withWorkspace(command, (ws) => {
        const o = parseOptions(LogOptions, raw);
        const branch = o.branch ?? ws.defaultBranch;
        const commits = ws.log(ref ?? 'HEAD', { branch, firstParent: o.firstParent ?? false, ...(o.limit !== undefined ? { limit: o.limit } : {}), ...(o.skip !== undefined ? { offset: o.skip } : {}) });
        emit(o, { commits }, () => commits.map(formatCommit).join('\n'));
      }, { readOnly: true }));
};
