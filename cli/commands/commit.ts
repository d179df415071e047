/** `oms commit -m <msg> [--author] [--branch]`: commit the working state; refused with the BLOCK diagnostics. */
import { z } from 'zod';
import type { Diagnostic } from '../../core/validate';
import { StoreError } from '../../main/services/store';
import { EXIT } from '../errors';
import { color, emit } from '../output';
import { addStoreOptions, defaultAuthor, shortId, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const CommitOptions = z.strictObject({
  message: z.string().trim().min(1, 'a commit message is required'),
  author: z.string().min(1).optional(),
  branch: z.string().min(1).optional(),
  allowEmpty: z.boolean().optional(),
  json: z.boolean().optional(),
});

export const registerCommit: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('commit')
    .description('record the working state of a branch as a commit (refused when validation BLOCKs)')
    .requiredOption('-m, --message <text>', 'commit message')
    .option('--author <name>', 'author (default $OMS_AUTHOR or the user name)')
    .option('--branch <name>', 'branch (default: the default branch)')
    .option('--allow-empty', 'commit even if nothing changed')
    .option('--json', 'print as JSON')
    .action((raw: unknown, command) =>
      withWorkspace(command, async (ws) => {
        const o = parseOptions(CommitOptions, raw);
        const branch = o.branch ?? ws.defaultBranch;
        try {
          const { commit, diagnostics } = await ws.commit(branch, { message: o.message, author: o.author ?? defaultAuthor(), allowEmpty: o.allowEmpty ?? false });
          emit(o, { branch, commit, diagnostics }, () =>
            `[${branch} ${shortId(commit.id)}] ${commit.message}${diagnostics.length ? color.dim(` (${diagnostics.length} non-blocking finding(s); see oms validate)`) : ''}`);
        } catch (err) {
          if (!(err instanceof StoreError) || err.code !== 'COMMIT_BLOCKED') throw err;
          const blocking = (err.details?.diagnostics ?? []) as Diagnostic[];
          emit(o, { branch, blocked: true, diagnostics: blocking }, () =>
            [color.red(`commit refused: ${blocking.length} blocking problem(s) on ${branch}`), ...blocking.map((d) => `  ${color.red(d.code)} ${color.dim(d.path)} ${d.message}`)].join('\n'));
          process.exitCode = EXIT.BLOCKED;
        }
      }));
};
