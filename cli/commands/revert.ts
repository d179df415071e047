/** `oms revert <ref> [--branch] [--no-commit] [--author]`: undo one commit on top of the working state. */
import { z } from 'zod';
import { formatDiff } from '../../core/diff';
import { CliError } from '../errors';
import { emit } from '../output';
import { addStoreOptions, defaultAuthor, shortId, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const RevertOptions = z.strictObject({
  branch: z.string().min(1).optional(),
  commit: z.boolean().optional(),
  author: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export const registerRevert: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('revert')
    .description("undo what a commit changed (three-way, keeping later changes) and commit the result")
    .argument('<ref>', 'the commit to revert')
    .option('--branch <name>', 'branch to revert on (default: the default branch)')
    .option('--no-commit', 'only change the working state')
    .option('--author <name>', 'author of the revert commit')
    .option('--json', 'print as JSON')
    .action((ref: string, raw: unknown, command) =>
      withWorkspace(command, async (ws) => {
        const o = parseOptions(RevertOptions, raw);
        const branch = o.branch ?? ws.defaultBranch;
        const commitIt = o.commit !== false;
        // The revert commit records the whole working state: uncommitted edits would ride along unnoticed.
        if (commitIt && (await ws.status(branch)).dirty) {
          throw new CliError('REVERT_TARGET_DIRTY', `${branch} has uncommitted changes that the revert commit would include; commit or discard them first (or use --no-commit)`, { branch });
        }
        // With a commit, the revert and its commit are one store transaction: a crash leaves neither.
        const { diff, reverted, commit } = await ws.revert(branch, ref, { branch, ...(commitIt ? { commit: { author: o.author ?? defaultAuthor() } } : {}) });
        emit(o, { branch, reverted: reverted.id, commit: commit?.id ?? null, diff }, () =>
          `${commit ? `[${branch} ${shortId(commit.id)}] ` : ''}reverted ${shortId(reverted.id)}\n${formatDiff(diff)}`);
      }));
};
