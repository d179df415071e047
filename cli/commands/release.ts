/**
 * `oms release [x.y.z] [--ref REF] [--dry-run] [--json]`: tag a commit `v<version>` with the
 * changelog since the last release; the version defaults to the bump the changes imply and a
 * requested one that understates them is refused (VERSION_UNDERSTATES_CHANGES).
 * The version is positional because the program-wide `--version` flag (print oms' version) wins
 * over a sub-command option of that name.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { planRelease, release } from '../../main/services/merge';
import { emit } from '../output';
import { addStoreOptions, defaultAuthor, shortId, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const ReleaseOptions = z.strictObject({
  ref: z.string().min(1).optional(),
  dryRun: z.boolean().optional(),
  author: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export const registerRelease: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('release')
    .description('tag a release, versioned from the changes since the last one')
    .argument('[version]', 'version to release, x.y.z (default: computed from the changes)')
    .option('--ref <ref>', 'commit to release (default: HEAD of the default branch)')
    .option('--dry-run', 'show the version and changelog, tag nothing')
    .option('--author <name>', 'tagger (default $OMS_AUTHOR or the user name)')
    .option('--json', 'print as JSON')
    .action((version: string | undefined, raw: unknown, command: Command) =>
      withWorkspace(command, (ws) => {
        const o = parseOptions(ReleaseOptions, raw);
        const req = { ...(o.ref ? { ref: o.ref } : {}), ...(version ? { version } : {}) };
        const plan = o.dryRun ? planRelease(ws, req) : release(ws, req, o.author ?? defaultAuthor()).plan;
        emit(o, { ...plan, tagged: !o.dryRun }, () =>
          `${o.dryRun ? 'would tag' : 'tagged'} ${plan.tag} on ${shortId(plan.commit)} (${plan.last ? `${plan.changes.bump} release after ${plan.last.tag}` : 'first release'})\n\n${plan.changelog}`);
      }));
};
