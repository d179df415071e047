/** `oms changelog A [B] [--title]`: the Markdown changelog of A → B (breaking changes first, then by kind). */
import type { Command } from 'commander';
import { z } from 'zod';
import { analyzeChanges, formatChangelog } from '../../core/changes';
import { addStoreOptions } from '../store-path';
import { readPair } from './changes';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const ChangelogOptions = z.strictObject({ branch: z.string().min(1).optional(), title: z.string().min(1).optional() });

export const registerChangelog: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('changelog')
    .description('Markdown changelog of A → B')
    .argument('<a>', 'ref or .json file')
    .argument('[b]', 'ref or .json file (default: the working state of --branch)')
    .option('--branch <name>', 'branch whose working state / HEAD is meant (default: the default branch)')
    .option('--title <text>', 'heading (default: "A → B")')
    .action(async (a: string, b: string | undefined, raw: unknown, command: Command) => {
      const o = parseOptions(ChangelogOptions, raw);
      const [before, after] = await readPair(command, a, b, o.branch);
      process.stdout.write(formatChangelog(analyzeChanges(before, after), { title: o.title ?? `${a} → ${b ?? 'working state'}` }));
    });
};
