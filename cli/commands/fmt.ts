/** `oms fmt <files...> [--check]`: rewrite to canonical pretty form (atomically), or only check. */
import { z } from 'zod';
import { canonicalJson } from '../../core/model';
import { EXIT } from '../errors';
import { readText, writeFileAtomic } from '../files';
import { color } from '../output';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import type { RegisterCommand } from './index';

const FmtOptions = z.strictObject({ check: z.boolean().optional() });

export const registerFmt: RegisterCommand = (program) => {
  program
    .command('fmt')
    .description('rewrite ontology files in canonical form (sorted keys, 2-space indent)')
    .argument('<files...>', 'oms/1 ontology files')
    .option('--check', 'do not write; exit 1 if any file is not canonical')
    .action((files: string[], raw: unknown) => {
      const options = parseOptions(FmtOptions, raw);
      // Check every file before writing any, so one bad file in a batch leaves all of them as they were.
      const pending = files.map((file) => {
        // As stored, BOM included: a file with one is rewritten without it.
        const text = readText(file, { keepBom: true });
        // readOntologyFile reads again: cheap, and it keeps one definition of "a readable ontology file".
        const canonical = canonicalJson(readOntology(file), { pretty: true });
        return { file, canonical, changed: canonical !== text };
      });
      for (const p of pending) {
        if (!p.changed) process.stdout.write(`${p.file}: already canonical\n`);
        else if (options.check) process.stdout.write(`${color.yellow('not canonical')}: ${p.file} (run \`oms fmt ${p.file}\`)\n`);
        else {
          writeFileAtomic(p.file, p.canonical);
          process.stdout.write(`${color.green('formatted')} ${p.file}\n`);
        }
      }
      if (options.check && pending.some((p) => p.changed)) process.exitCode = EXIT.ERRORS;
    });
};
