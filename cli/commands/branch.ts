/** `oms branch [list] | create <name> [--from ref] | rename <old> <new> | delete <name> [--force] | protect <name> [--off]`. */
import type { Command } from 'commander';
import { z } from 'zod';
import type { BranchInfo } from '../../main/services/store';
import { color, emit } from '../output';
import { addStoreOptions, shortId, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const Json = z.strictObject({ json: z.boolean().optional() });
const CreateOptions = z.strictObject({ from: z.string().min(1).optional(), upstream: z.string().min(1).optional(), protected: z.boolean().optional(), json: z.boolean().optional() });
const DeleteOptions = z.strictObject({ force: z.boolean().optional(), json: z.boolean().optional() });
const ProtectOptions = z.strictObject({ off: z.boolean().optional(), json: z.boolean().optional() });

function line(b: BranchInfo, isDefault: boolean): string {
  const flags = [b.protected ? color.yellow('protected') : '', b.upstream ? `upstream ${b.upstream}` : '', isDefault ? 'default' : ''].filter(Boolean).join(', ');
  return `${isDefault ? '*' : ' '} ${color.bold(b.name)}  ${color.dim(shortId(b.head))}${flags ? `  (${flags})` : ''}`;
}

export const registerBranch: RegisterCommand = (program) => {
  addStoreOptions(program);
  const branch = program.command('branch').description('list, create, rename, delete and protect branches');
  const list = (raw: unknown, command: Command) =>
    withWorkspace(command, (ws) => {
      const o = parseOptions(Json, raw);
      const all = ws.listBranches();
      emit(o, { workspace: ws.name, default: ws.defaultBranch, branches: all }, () => all.map((b) => line(b, b.name === ws.defaultBranch)).join('\n'));
    });
  branch.option('--json', 'print as JSON').action(list);
  branch.command('list').description('list branches').option('--json', 'print as JSON').action(list);
  branch.command('create')
    .description('create a branch at a ref (default: the default branch); its working state is that commit')
    .argument('<name>')
    .option('--from <ref>', 'branch, tag, commit id (prefix), HEAD, ref~N')
    .option('--upstream <name>', 'upstream branch name (e.g. on the sync server)')
    .option('--protected', 'protect it at once')
    .option('--json', 'print as JSON')
    .action((name: string, raw: unknown, command) =>
      withWorkspace(command, async (ws) => {
        const o = parseOptions(CreateOptions, raw);
        const b = await ws.createBranch(name, { ...(o.from ? { from: o.from } : {}), ...(o.upstream ? { upstream: o.upstream } : {}), protected: o.protected ?? false });
        emit(o, b, () => `created branch ${color.bold(b.name)} at ${shortId(b.head)}`);
      }));
  branch.command('rename')
    .argument('<old>')
    .argument('<new>')
    .option('--json', 'print as JSON')
    .action((from: string, to: string, raw: unknown, command) =>
      withWorkspace(command, (ws) => {
        const o = parseOptions(Json, raw);
        const b = ws.renameBranch(from, to);
        emit(o, b, () => `renamed ${from} → ${color.bold(b.name)}`);
      }));
  branch.command('delete')
    .argument('<name>')
    .option('--force', 'delete even if protected or holding uncommitted changes')
    .option('--json', 'print as JSON')
    .action((name: string, raw: unknown, command) =>
      withWorkspace(command, async (ws) => {
        const o = parseOptions(DeleteOptions, raw);
        await ws.deleteBranch(name, { force: o.force ?? false });
        emit(o, { deleted: name }, () => `deleted branch ${name}`);
      }));
  branch.command('protect')
    .description('protect a branch (or unprotect with --off)')
    .argument('<name>')
    .option('--off', 'remove protection')
    .option('--json', 'print as JSON')
    .action((name: string, raw: unknown, command) =>
      withWorkspace(command, (ws) => {
        const o = parseOptions(ProtectOptions, raw);
        const b = ws.setProtected(name, !o.off);
        emit(o, b, () => `${b.name} is ${b.protected ? 'protected' : 'no longer protected'}`);
      }));
};
